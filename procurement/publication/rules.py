"""The notice, objection, reply and award periods of a tender, from its rule set
(procurement/rulesets; DOMAIN.md §1), in Beijing calendar days or working days as each rule says.

- Tendering-law route: candidates publicised for the tender's `notice_days`, at least the rule's
  (3 days); objections during the notice; the reply within 3 days (招标投标法实施条例 第54条).
- Government-procurement route: the result notice stays up for 1 working day; challenges within 7
  working days of its end; the reply within 7 working days (政府采购法 第52–53条, 实施条例 第53条).
- The award deadline, where a rule sets one (重庆市招标投标条例 第35条: 5 working days), counts from
  the end of the objection window.
A period ends at midnight (Beijing time) at the end of its last day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from procurement.clock import LOCAL_ZONE, to_local
from procurement.rulesets.catalogue import Rule
from procurement.rulesets.queries import rules_of
from procurement.tenders.models import Tender
from procurement.workdays.operations import add_workdays


def end_of(day: date) -> datetime:
    """Midnight at the end of a Beijing calendar day, as an aware datetime."""
    return datetime.combine(day + timedelta(days=1), time(), LOCAL_ZONE)


def _after(day: date, rule: Rule, days: int | None = None) -> date:
    count = rule.days if days is None else days
    if not count:
        return day
    if rule.unit == "working_days":
        return add_workdays(day, count)
    return day + timedelta(days=count)


def notice_window(tender: Tender, published_at: datetime) -> tuple[datetime, datetime]:
    """(end of the notice, end of the objection window)."""
    rules = rules_of(tender)
    notice = rules["notice"]
    days = notice.days or 0
    if notice.unit == "calendar_days":  # the officer may publicise longer than the law's least
        days = max(tender.notice_days, days)
    ends_day = _after(to_local(published_at).date(), notice, days)
    return end_of(ends_day), end_of(_after(ends_day, rules["objection_window"]))


def reply_due(tender: Tender, filed_at: datetime) -> datetime:
    return end_of(_after(to_local(filed_at).date(), rules_of(tender)["objection_reply"]))


def award_due(tender: Tender, objections_close_at: datetime) -> tuple[datetime, Rule] | None:
    """The last moment to award under the tender's rules, with the rule; None where no rule
    sets one. Counted from the day the objection window closes (its midnight ends that day)."""
    rule = rules_of(tender)["award_deadline"]
    if rule.value is None:
        return None
    last_window_day = to_local(objections_close_at).date() - timedelta(days=1)
    return end_of(_after(last_window_day, rule)), rule
