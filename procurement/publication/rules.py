"""The two rule sets' periods (DOMAIN.md §1), in Beijing calendar days and working days.

- Tendering-law route: candidates publicised for `notice_days` (at least 3) calendar days; objections
  during the notice; the reply within 3 days (招标投标法实施条例 第54条).
- Government-procurement route: the result notice stays up for 1 working day; challenges within 7
  working days of its end; the reply within 7 working days (政府采购法 第52–53条, 实施条例 第53条).
A period ends at midnight (Beijing time) at the end of its last day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from procurement.clock import LOCAL_ZONE, to_local
from procurement.tenders.models import LegalRoute, Tender
from procurement.workdays.operations import add_workdays

GP_NOTICE_WORKDAYS = 1
GP_CHALLENGE_WORKDAYS = 7
GP_REPLY_WORKDAYS = 7
TL_REPLY_DAYS = 3


def end_of(day: date) -> datetime:
    """Midnight at the end of a Beijing calendar day, as an aware datetime."""
    return datetime.combine(day + timedelta(days=1), time(), LOCAL_ZONE)


def notice_window(tender: Tender, published_at: datetime) -> tuple[datetime, datetime]:
    """(end of the notice, end of the objection window)."""
    day = to_local(published_at).date()
    if tender.route is LegalRoute.TENDERING_LAW:
        ends = end_of(day + timedelta(days=max(tender.notice_days, 3)))
        return ends, ends
    ends_day = add_workdays(day, GP_NOTICE_WORKDAYS)
    return end_of(ends_day), end_of(add_workdays(ends_day, GP_CHALLENGE_WORKDAYS))


def reply_due(tender: Tender, filed_at: datetime) -> datetime:
    day = to_local(filed_at).date()
    if tender.route is LegalRoute.TENDERING_LAW:
        return end_of(day + timedelta(days=TL_REPLY_DAYS))
    return end_of(add_workdays(day, GP_REPLY_WORKDAYS))
