"""An administrator's edit of one rule of a rule set, laid over the shipped data file."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from procurement.db import UTCDateTime, now_default
from procurement.extensions import Model


class RuleOverride(Model):
    __tablename__ = "rule_overrides"

    jurisdiction: Mapped[str] = mapped_column(
        sa.String(12), primary_key=True
    )  # "national", "500000"
    route: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # catalogue.KINDS
    value: Mapped[Any] = mapped_column(sa.JSON, nullable=True)  # None: the law sets no such rule
    unit: Mapped[str | None] = mapped_column(sa.String(20))
    citation: Mapped[str] = mapped_column(sa.String(500))
    confirmed: Mapped[bool]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    updated_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
