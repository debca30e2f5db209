"""The seeds' own case (issue 14 §1): a Shaoguan (韶关, 浈江区/武江区) tender on the Guangdong rules,
bought by competitive consultation (竞争性磋商) under the government-procurement law, for elevator
repair insurance paid from the value-added income of the maintenance funds (韶市建联字〔2024〕12号)."""

from __future__ import annotations

from datetime import timedelta

from procurement import clock
from procurement.accounts.models import User
from procurement.tenders import operations as tender_ops
from procurement.tenders.models import LegalRoute, Tender, TenderMethod

REFERENCE = "SG-2026-0001"


def load_shaoguan_tender(officer: User, holders: list[User]) -> Tender:
    """Published now; bids close after the 10-day least period of 竞争性磋商 (财库〔2014〕214号)."""
    start = clock.now().replace(second=0, microsecond=0)
    tender = tender_ops.create_tender(
        {
            "reference": REFERENCE,
            "title": "韶关市浈江区、武江区住宅电梯维修保险试点保险服务机构采购项目",
            "procuring_entity": "韶关市住房和城乡建设管理局",
            "method": TenderMethod.COMPETITIVE_CONSULTATION,
            "route": LegalRoute.GOVERNMENT_PROCUREMENT,
            "jurisdiction": "440200",
            "districts": ["浈江区", "武江区"],
            "elevator_count": 300,
            "ceiling_price": 2600,
            "min_bids": 3,
            "submission_deadline": start + timedelta(days=14),
            "opening_time": start + timedelta(days=14, hours=1),
            "notice_days": 3,
            "description": (
                "以公司资质、服务能力、保险条款及费率审批、系统平台搭建为主要比选条件，选取价格优、服务好的"
                "试点保险服务机构，为试点小区的住宅电梯购买电梯维修保险，保费由住宅专项维修资金增值收益列支。"
            ),
        },
        officer,
    )
    tender_ops.publish_tender(tender, holders)
    return tender
