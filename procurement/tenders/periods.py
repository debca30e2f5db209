"""The lawful periods of a tender, from its rule set (procurement/rulesets) with their citations.

Two rules, looked up in the tender's rule set (jurisdiction and route) by its method:

- the bidding period (等标期): the least time from the announcement to the submission deadline;
  publishing a tender with a shorter period is refused;
- the amendment period: an amendment (澄清或者修改) coming later than this before the deadline
  moves the deadline (tenders.operations.amend_tender).

Days are calendar days. The bidding period is counted by the dates in Asia/Shanghai, as the law
counts it ("自招标文件开始发出之日起至投标人提交投标文件截止之日止"): the day of the announcement
does not count, so a tender announced on 1 March may close from 21 March on. The periods
themselves live in procurement/rulesets/data/*.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from procurement.clock import LOCAL_ZONE, to_local
from procurement.rulesets.queries import rules_of
from procurement.tenders.models import Tender
from procurement.workdays.operations import add_workdays


@dataclass(frozen=True)
class Period:
    days: int
    citation: str  # the rule, in Chinese, as an officer would quote it
    working_days: bool = False


def _period(tender: Tender, key: str) -> Period:
    rule = rules_of(tender)[f"{key}.{tender.method.value}"]
    return Period(rule.days or 0, rule.citation, rule.unit == "working_days")


def bidding_period(tender: Tender) -> Period:
    return _period(tender, "bidding_period")


def amendment_period(tender: Tender) -> Period:
    return _period(tender, "amendment_period")


def earliest_deadline(tender: Tender, announced: datetime) -> datetime:
    """The earliest lawful submission deadline for a tender announced at `announced` (UTC):
    the start of the day that ends the bidding period, in Asia/Shanghai."""
    period = bidding_period(tender)
    first_day = to_local(announced).date()
    if period.working_days:
        last_day = add_workdays(first_day, period.days) if period.days else first_day
    else:
        last_day = first_day + timedelta(days=period.days)
    return datetime.combine(last_day, time(0, 0), tzinfo=LOCAL_ZONE).astimezone(announced.tzinfo)


def bidding_period_kept(tender: Tender, announced: datetime) -> bool:
    return tender.submission_deadline >= earliest_deadline(tender, announced)
