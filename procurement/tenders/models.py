"""Tenders, their amendments, and bidders' acknowledgements of amendments."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procurement.accounts.models import Insurer, Role, User
from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import db

if TYPE_CHECKING:
    from procurement.bids.models import Bid


class TenderMethod(enum.StrEnum):
    OPEN_TENDER = "open_tender"  # 公开招标
    COMPETITIVE_CONSULTATION = "competitive_consultation"  # 竞争性磋商


class LegalRoute(enum.StrEnum):
    TENDERING_LAW = "tendering_law"  # 招标投标法
    GOVERNMENT_PROCUREMENT = "government_procurement"  # 政府采购法


class TenderStatus(enum.StrEnum):
    """Stored states. "Closed" (deadline passed, not yet opened) is derived from the clock."""

    DRAFT = "draft"
    PUBLISHED = "published"
    OPENED = "opened"
    EVALUATED = "evaluated"  # the committee signed the evaluation report
    PUBLICISED = "publicised"  # candidates under public notice (公示)
    AWARDED = "awarded"
    FAILED = "failed"  # 流标
    CANCELLED = "cancelled"


class Tender(db.Model):
    __tablename__ = "tenders"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    procuring_entity: Mapped[str] = mapped_column(sa.String(200))
    method: Mapped[TenderMethod] = mapped_column(enum_type(TenderMethod, 32))
    route: Mapped[LegalRoute] = mapped_column(enum_type(LegalRoute, 32))
    districts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    elevator_count: Mapped[int]
    ceiling_price: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    min_bids: Mapped[int] = mapped_column(default=3)
    submission_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    opening_time: Mapped[datetime] = mapped_column(UTCDateTime)
    notice_days: Mapped[int] = mapped_column(default=3)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    requirements: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON)
    status: Mapped[TenderStatus] = mapped_column(
        enum_type(TenderStatus), default=TenderStatus.DRAFT, index=True
    )
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    failure_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The tender's data key, wrapped by the instance master key (procurement.sealing).
    wrapped_key: Mapped[bytes] = mapped_column(sa.LargeBinary)

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    amendments: Mapped[list[Amendment]] = relationship(
        back_populates="tender", order_by="Amendment.number"
    )
    bids: Mapped[list[Bid]] = relationship(back_populates="tender")

    # Lifecycle questions, answered from the state and the clock (pass `now` from clock.now()).

    @property
    def is_public(self) -> bool:
        return self.status is not TenderStatus.DRAFT

    def accepts_bids(self, now: datetime) -> bool:
        return self.status is TenderStatus.PUBLISHED and now < self.submission_deadline

    def is_closed(self, now: datetime) -> bool:
        """Published and past the deadline, but not opened yet."""
        return self.status is TenderStatus.PUBLISHED and now >= self.submission_deadline

    def is_sealed(self) -> bool:
        """Bid content stays sealed until the opening."""
        return self.status in {TenderStatus.DRAFT, TenderStatus.PUBLISHED}

    def can_manage(self, user: User) -> bool:
        return user.is_authenticated and user.role is Role.OFFICER

    def can_edit(self, user: User) -> bool:
        return self.can_manage(user) and self.status is TenderStatus.DRAFT

    def can_open(self, user: User, now: datetime) -> bool:
        return (
            self.can_manage(user)
            and self.status is TenderStatus.PUBLISHED
            and now >= self.opening_time
        )

    def criterion(self, criterion_id: str) -> dict[str, Any] | None:
        return next((c for c in self.criteria if c["id"] == criterion_id), None)

    def __repr__(self) -> str:
        return f"<Tender {self.reference} {self.status}>"


class Amendment(db.Model):
    """A recorded change to a published tender (澄清或者修改), which every bidder acknowledges."""

    __tablename__ = "amendments"
    __table_args__ = (sa.UniqueConstraint("tender_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    number: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.Text)
    # [{"field": ..., "before": ..., "after": ...}], in JSON-safe form
    changes: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    deadline_moved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    tender: Mapped[Tender] = relationship(back_populates="amendments")
    created_by: Mapped[User] = relationship()
    acknowledgements: Mapped[list[AmendmentAcknowledgement]] = relationship(
        back_populates="amendment"
    )


class AmendmentAcknowledgement(db.Model):
    __tablename__ = "amendment_acknowledgements"
    __table_args__ = (sa.UniqueConstraint("amendment_id", "insurer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(sa.ForeignKey("amendments.id"))
    insurer_id: Mapped[int] = mapped_column(sa.ForeignKey("insurers.id"))
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    acknowledged_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    amendment: Mapped[Amendment] = relationship(back_populates="acknowledgements")
    insurer: Mapped[Insurer] = relationship()
