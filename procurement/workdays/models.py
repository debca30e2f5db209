"""Exceptions to the weekend rule: a weekday that is a holiday, or a weekend day that is worked."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from procurement.db import UTCDateTime, now_default
from procurement.extensions import Model


class CalendarDay(Model):
    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    is_workday: Mapped[bool]  # False: a public holiday; True: a make-up working day (调休)
    name: Mapped[str] = mapped_column(sa.String(40))  # e.g. 春节, 国庆节
    provisional: Mapped[bool] = mapped_column(default=False)  # not yet checked against the notice
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
