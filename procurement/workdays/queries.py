"""Reads of the working-day calendar for its page."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from procurement.extensions import db
from procurement.workdays.models import CalendarDay


def days_of(year: int) -> list[CalendarDay]:
    """The calendar's exceptions to the weekend rule in one year, in date order."""
    return list(
        db.session.scalars(
            sa.select(CalendarDay)
            .where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31)))
            .order_by(CalendarDay.day)
        )
    )
