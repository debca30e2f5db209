"""The notice of a tender's ranked candidates, objections to it, and in-app notifications."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from procurement.accounts.models import User
from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model
from procurement.tenders.models import Tender


class Notice(Model):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), unique=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notice_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    objections_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    awarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The result as publicised, copied from the finalised evaluation (ranking, excluded bids, the
    # bidders' names, the committee): the public keeps seeing it while an upheld objection has the
    # evaluation reopened, until the candidates are publicised again.
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    # The notice as a PDF, and its ranking as XLSX, rendered when what it shows changes
    # (publication/documents.py).
    document: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    spreadsheet: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))

    tender: Mapped[Tender] = relationship()


class NoticeEdition(Model):
    """Each time the candidates were publicised (公示): the first notice and every later one after
    an upheld objection had the evaluation redone. Never changed once written, so that what was
    publicised stays on record (the OCDS history gives each its own release)."""

    __tablename__ = "notice_editions"
    __table_args__ = (sa.UniqueConstraint("tender_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    number: Mapped[int]  # 1 for the first notice
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notice_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    objections_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # as on Notice.result


class ObjectionStatus(enum.StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    REJECTED = "rejected"


class Objection(Model):
    """An objection (异议, tendering law) or challenge (质疑, government procurement).

    The filer's name and contact details stay private: published objections show neither.
    """

    __tablename__ = "objections"
    __table_args__ = (sa.UniqueConstraint("tender_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    number: Mapped[int]
    filed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    filer_name: Mapped[str] = mapped_column(sa.String(100))
    filer_contact: Mapped[str] = mapped_column(sa.String(200))
    grounds: Mapped[str] = mapped_column(sa.Text)
    evidence_filename: Mapped[str | None] = mapped_column(sa.String(200))
    evidence: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    reply_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    standing_verified: Mapped[bool | None] = mapped_column()
    status: Mapped[ObjectionStatus] = mapped_column(
        enum_type(ObjectionStatus), default=ObjectionStatus.OPEN
    )
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    tender: Mapped[Tender] = relationship()
    filed_by: Mapped[User | None] = relationship(foreign_keys=[filed_by_id])


class Notification(Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    message: Mapped[str] = mapped_column(sa.Text)
    link: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TieSettlement(Model):
    """How a first place shared by several bids was settled, as the tender documents say (e.g. a
    lot drawn before witnesses): the officer records the winner and the reason before the award.

    It settles the notice as published at `notice_published_at`; publicising again (after a
    re-evaluation) needs a new settlement if first place is still shared.
    """

    __tablename__ = "tie_settlements"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    notice_published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tied: Mapped[list[str]] = mapped_column(sa.JSON)  # the bid keys sharing first place
    winner: Mapped[str] = mapped_column(sa.String(32))  # a bid key ("B12")
    reason: Mapped[str] = mapped_column(sa.Text)
    witnesses: Mapped[str] = mapped_column(sa.Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    decided_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
