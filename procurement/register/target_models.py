"""Pilot targets: an administrator's goal of insured elevators in a district (or city) by a date."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procurement.accounts.models import User
from procurement.db import UTCDateTime, now_default
from procurement.extensions import Model
from procurement.organisations.models import District


class PilotTarget(Model):
    """`elevators` insured in `district` (and the divisions under it) by `due_on`; one per district
    and date (setting it again changes the number)."""

    __tablename__ = "register_targets"
    __table_args__ = (sa.UniqueConstraint("district_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    elevators: Mapped[int] = mapped_column()
    due_on: Mapped[date] = mapped_column(sa.Date)
    set_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    district: Mapped[District] = relationship()
    set_by: Mapped[User] = relationship()
