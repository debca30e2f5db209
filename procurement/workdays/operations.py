"""Working-day arithmetic, and the administrator's changes to the calendar."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.workdays.models import CalendarDay


class CalendarError(DomainError):
    messages = {
        "count": _l("Count at least one working day."),
        "name": _l("Give the day's name."),
        "missing": _l("No such day in the calendar."),
    }


def exceptions(first: date, last: date) -> dict[date, bool]:
    rows = db.session.execute(
        sa.select(CalendarDay.day, CalendarDay.is_workday).where(
            CalendarDay.day.between(first, last)
        )
    )
    return {day: is_workday for day, is_workday in rows}


def is_workday(day: date, known: dict[date, bool] | None = None) -> bool:
    known = exceptions(day, day) if known is None else known
    if day in known:
        return known[day]
    return day.weekday() < 5


def add_workdays(start: date, count: int) -> date:
    """The `count`-th working day after `start` (start itself not counted); count ≥ 1."""
    if count < 1:
        raise CalendarError("count")
    known = exceptions(start, start + timedelta(days=count * 3 + 40))
    day, remaining = start, count
    while remaining:
        day += timedelta(days=1)
        if is_workday(day, known):
            remaining -= 1
    return day


def workdays_between(first: date, last: date) -> int:
    """Working days in (first, last]."""
    known = exceptions(first, last)
    return sum(
        1 for n in range(1, (last - first).days + 1) if is_workday(first + timedelta(days=n), known)
    )


def set_day(day: date, is_workday: bool, name: str) -> CalendarDay:
    if not name.strip():
        raise CalendarError("name", "name")
    row = db.session.get(CalendarDay, day)
    before = None if row is None else {"is_workday": row.is_workday, "name": row.name}
    if row is None:
        row = CalendarDay(day=day, is_workday=is_workday, name=name.strip())
        db.session.add(row)
    row.is_workday, row.name, row.provisional = is_workday, name.strip(), False
    db.session.flush()
    record(
        "calendar.set_day",
        object_type="calendar_days",
        object_id=day.isoformat(),
        details={"before": before, "after": {"is_workday": is_workday, "name": name.strip()}},
    )
    return row


def remove_day(day: date | None) -> None:
    """Remove a day's exception (None: a day that does not exist, such as 2027-02-30)."""
    row = db.session.get(CalendarDay, day) if day is not None else None
    if row is None:
        raise CalendarError("missing")
    db.session.delete(row)
    db.session.flush()
    record(
        "calendar.remove_day",
        object_type="calendar_days",
        object_id=row.day.isoformat(),
        details={"before": {"is_workday": row.is_workday, "name": row.name}},
    )


def load_shipped() -> int:
    """Insert the shipped arrangements for days the calendar does not have yet; returns the count."""
    from procurement.workdays.data import HOLIDAYS_2026, PROVISIONAL_2027

    added = 0
    for rows, provisional in ((HOLIDAYS_2026, False), (PROVISIONAL_2027, True)):
        for day, workday, name in rows:
            if db.session.get(CalendarDay, day) is None:
                db.session.add(
                    CalendarDay(day=day, is_workday=workday, name=name, provisional=provisional)
                )
                added += 1
    db.session.flush()
    return added
