"""The lawful periods of a tender, as rule data with their citations.

Two rules, looked up by the tender's legal route and method:

- the bidding period (等标期): the least time from the announcement to the submission deadline;
  publishing a tender with a shorter period is refused;
- the amendment period: an amendment (澄清或者修改) coming later than this before the deadline
  moves the deadline (tenders.operations.amend_tender).

Days are calendar days. The bidding period is counted by the dates in Asia/Shanghai, as the law
counts it ("自招标文件开始发出之日起至投标人提交投标文件截止之日止"): the day of the announcement
does not count, so a tender announced on 1 March may close from 21 March on. The jurisdiction
issue extends this table (a city may set longer periods); keep every row's citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from procurement.clock import LOCAL_ZONE, to_local
from procurement.tenders.models import LegalRoute, Tender, TenderMethod


@dataclass(frozen=True)
class Period:
    days: int
    citation: str  # the rule, in Chinese, as an officer would quote it


# (route, method) -> the least bidding period. The tendering law knows no competitive
# consultation; a tender on that route keeps the law's 20 days whatever its method.
BIDDING_PERIODS: dict[tuple[LegalRoute, TenderMethod], Period] = {
    (LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.OPEN_TENDER): Period(
        20,
        "《中华人民共和国政府采购法》第三十五条；"
        "《政府采购货物和服务招标投标管理办法》（财政部令第87号）",
    ),
    (LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.COMPETITIVE_CONSULTATION): Period(
        10, "《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第九条"
    ),
    (LegalRoute.TENDERING_LAW, TenderMethod.OPEN_TENDER): Period(
        20, "《中华人民共和国招标投标法》第二十四条"
    ),
    (LegalRoute.TENDERING_LAW, TenderMethod.COMPETITIVE_CONSULTATION): Period(
        20, "《中华人民共和国招标投标法》第二十四条"
    ),
}

# (route, method) -> how long before the deadline an amendment must come.
AMENDMENT_PERIODS: dict[tuple[LegalRoute, TenderMethod], Period] = {
    (LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.OPEN_TENDER): Period(
        15, "《政府采购货物和服务招标投标管理办法》（财政部令第87号）第二十七条"
    ),
    (LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.COMPETITIVE_CONSULTATION): Period(
        5, "《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第十条"
    ),
    (LegalRoute.TENDERING_LAW, TenderMethod.OPEN_TENDER): Period(
        15, "《中华人民共和国招标投标法》第二十三条"
    ),
    (LegalRoute.TENDERING_LAW, TenderMethod.COMPETITIVE_CONSULTATION): Period(
        5, "《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第十条"
    ),
}


def bidding_period(tender: Tender) -> Period:
    return BIDDING_PERIODS[(tender.route, tender.method)]


def amendment_period(tender: Tender) -> Period:
    return AMENDMENT_PERIODS[(tender.route, tender.method)]


def earliest_deadline(tender: Tender, announced: datetime) -> datetime:
    """The earliest lawful submission deadline for a tender announced at `announced` (UTC):
    the start of the day that ends the bidding period, in Asia/Shanghai."""
    last_day = to_local(announced).date() + timedelta(days=bidding_period(tender).days)
    return datetime.combine(last_day, time(0, 0), tzinfo=LOCAL_ZONE).astimezone(announced.tzinfo)


def bidding_period_kept(tender: Tender, announced: datetime) -> bool:
    return tender.submission_deadline >= earliest_deadline(tender, announced)
