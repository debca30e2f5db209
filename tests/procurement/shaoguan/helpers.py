"""A Shaoguan programme with one community in 浈江区 and its elevators, built through the operations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.organisations.demo import load_organisations
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register.models import Community, Elevator, Ownership
from procurement.shaoguan import operations
from procurement.shaoguan.models import Condition
from tests.factories import make_insurer, make_user

# A tiny valid PDF: enough for looks_like_pdf.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CITY = "韶关市住房和城乡建设管理局"
ZHENJIANG = "韶关市浈江区住房和城乡建设局"
WUJIANG = "韶关市武江区住房和城乡建设局"


class World:
    """Everyone the tests need: bureaus' officers, a community with its staff and an insurer."""

    def __init__(self) -> None:
        offices = load_organisations()
        district = db.session.scalar(sa.select(District).where(District.code == "440204"))
        self.city = make_user(Role.OFFICER, organisation=offices[CITY])
        self.bureau = make_user(Role.OFFICER, organisation=offices[ZHENJIANG])
        self.other_bureau = make_user(Role.OFFICER, organisation=offices[WUJIANG])
        self.property_org = Organisation(
            name="韶关市某物业服务有限公司", kind=OrganisationKind.PROPERTY, district=district
        )
        self.committee_org = Organisation(
            name="风采小区业主委员会", kind=OrganisationKind.OWNERS_COMMITTEE, district=district
        )
        db.session.add_all([self.property_org, self.committee_org])
        self.community = Community(district_id=district.id, name="风采小区")
        db.session.add(self.community)
        db.session.flush()
        self.elevators = [
            Elevator(
                number=f"SG{n}",
                registration_code=f"R{n}",
                user_unit=self.property_org,
                district_id=district.id,
                community_id=self.community.id,
                address=f"风采小区{n}栋",
                in_service_on=date(2012, 5, 1),
                stops=18,
                residents=100,
                ownership=Ownership.COMMERCIAL,
            )  # fmt: skip
            for n in (1, 2, 3)
        ]
        db.session.add_all(self.elevators)
        db.session.commit()
        self.staff = make_user(Role.COMMUNITY, organisation=self.property_org)
        self.stranger = make_user(Role.COMMUNITY)
        self.insurer_user = make_insurer(name="中国某财产保险股份有限公司韶关市分公司")
        self.insurer = self.insurer_user.insurer
        self.programme = operations.create_programme(
            offices[CITY], slug="shaoguan", name="韶关市电梯维修保险试点", notice_days=7,
            target_elevators=300, target_date=date(2025, 8, 31), user=self.city,
        )  # fmt: skip
        db.session.commit()

    def eligible(self) -> Any:
        eligibility = operations.open_eligibility(
            self.programme, self.community, property_id=self.property_org.id,
            committee_id=self.committee_org.id, user=self.bureau,
        )  # fmt: skip
        for condition in Condition:
            operations.record_evidence(eligibility, condition, text=f"{condition} 情况良好",
                                       filename=None, data=None, user=self.bureau)  # fmt: skip
        operations.mark_eligible(eligibility, self.bureau)
        db.session.commit()
        return eligibility

    def values(self, **changes: Any) -> dict[str, Any]:
        values = {
            "elevator_ids": [e.id for e in self.elevators],
            "insurer_id": self.insurer.id,
            "product": "电梯维修保险",
            "approval_no": "C00001232612024051600001",
            "premium": Decimal("2400.00"),
            "amount": None,
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2025, 12, 31),
        }
        values.update(changes)
        return values

    def proposal(self) -> Any:
        eligibility = self.eligible()
        proposal = operations.create_proposal(eligibility, self.values(), self.staff)
        operations.review_clause(proposal, clause="第五条 保险责任", finding="覆盖零部件更换及人工，符合业主利益",
                                 user=self.bureau)  # fmt: skip
        db.session.commit()
        return proposal
