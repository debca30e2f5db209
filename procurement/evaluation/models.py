"""The committee of a tender, its reviews and scoresheets, flag decisions, the result and report."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from procurement.accounts.models import User
from procurement.bids.models import Bid
from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model
from procurement.tenders.models import Tender


class CommitteeMember(Model):
    """A member's seat on one tender's committee (评标委员会成员); one of them is the chair (组长)."""

    __tablename__ = "committee_members"
    __table_args__ = (sa.UniqueConstraint("tender_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    is_chair: Mapped[bool] = mapped_column(default=False)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    # 回避 / 利益冲突声明: None until declared; True removes the member from the tender.
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    has_conflict: Mapped[bool | None] = mapped_column()
    conflict_note: Mapped[str | None] = mapped_column(sa.Text)
    removed: Mapped[bool] = mapped_column(default=False)

    tender: Mapped[Tender] = relationship()
    user: Mapped[User] = relationship()

    @property
    def may_score(self) -> bool:
        return not self.removed and self.declared_at is not None and self.has_conflict is False


class ReviewKind(enum.StrEnum):
    QUALIFICATION = "qualification"  # 资格性审查, by the officer
    COMPLIANCE = "compliance"  # 符合性审查, by the committee


class ReviewResult(Model):
    """One bid against one requirement: pass or fail, with a written reason when it fails."""

    __tablename__ = "review_results"
    __table_args__ = (sa.UniqueConstraint("bid_id", "kind", "requirement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"))
    kind: Mapped[ReviewKind] = mapped_column(enum_type(ReviewKind))
    requirement_id: Mapped[str] = mapped_column(sa.String(40))
    passed: Mapped[bool]
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    bid: Mapped[Bid] = relationship()
    decided_by: Mapped[User] = relationship()


class ScoresheetStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # locked


class Scoresheet(Model):
    __tablename__ = "scoresheets"
    __table_args__ = (sa.UniqueConstraint("member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("committee_members.id"))
    status: Mapped[ScoresheetStatus] = mapped_column(
        enum_type(ScoresheetStatus), default=ScoresheetStatus.DRAFT
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[CommitteeMember] = relationship()
    scores: Mapped[list[Score]] = relationship(
        back_populates="scoresheet", cascade="all, delete-orphan"
    )


class Score(Model):
    """A member's points for one bid on one subjective criterion."""

    __tablename__ = "scores"
    __table_args__ = (sa.UniqueConstraint("scoresheet_id", "bid_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scoresheet_id: Mapped[int] = mapped_column(sa.ForeignKey("scoresheets.id"), index=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"))
    criterion_id: Mapped[str] = mapped_column(sa.String(40))
    points: Mapped[Decimal] = mapped_column(sa.Numeric(7, 2))

    scoresheet: Mapped[Scoresheet] = relationship(back_populates="scores")


class FlagKind(enum.StrEnum):
    OUTLIER = "outlier"
    ABNORMALLY_LOW = "abnormally_low"


class FlagResolution(enum.StrEnum):
    EXPLAINED = "explained"  # the member explained in writing; scores stand
    REPLACED = "replaced"  # more than half the committee decided: replaced by the others' mean
    ACCEPTED = "accepted"  # the bidder's explanation of a low price was accepted
    REJECTED = "rejected"  # not accepted: the bid is invalid


class FlagDecision(Model):
    """How the committee settled an outlier score or an abnormally low price."""

    __tablename__ = "flag_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    kind: Mapped[FlagKind] = mapped_column(enum_type(FlagKind))
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"))
    member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("committee_members.id"))
    resolution: Mapped[FlagResolution] = mapped_column(enum_type(FlagResolution))
    explanation: Mapped[str] = mapped_column(sa.Text)
    votes_for: Mapped[int | None]
    decided_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    bid: Mapped[Bid] = relationship()
    member: Mapped[CommitteeMember | None] = relationship()


class EvaluationResult(Model):
    """The engine's result for a tender, and once finalised, the report PDF and its digest."""

    __tablename__ = "evaluation_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), unique=True)
    spec: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # the engine input, kept for replay
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_pdf: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    report_sha256: Mapped[str | None] = mapped_column(sa.String(64))


class ReportDraft(Model):
    """One version of the evaluation report as the members read it before signing (待签署): rendered
    when the chair finalises and again whenever something the report shows changes; stored, never
    re-rendered on a view. A member signs the SHA-256 of the version they read. A job renders it
    (evaluation/documents.py): until then `pdf` and `sha256` are empty and nobody can sign."""

    __tablename__ = "report_drafts"
    __table_args__ = (sa.UniqueConstraint("tender_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    version: Mapped[int]
    pdf: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.Text)  # why this version was rendered
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    # Set when a later change made this version void (a new version, or the ranking reopened).
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReportSignature(Model):
    """A member's signature on one draft of the evaluation report (the SHA-256 they read), or their
    written dissent. A signature on a draft that a change replaced is withdrawn, and kept."""

    __tablename__ = "report_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("committee_members.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    dissent: Mapped[str | None] = mapped_column(sa.Text)
    # None only for signatures given before drafts existed (they were withdrawn by the first draft).
    draft_id: Mapped[int | None] = mapped_column(sa.ForeignKey("report_drafts.id"))
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)

    member: Mapped[CommitteeMember] = relationship()
    draft: Mapped[ReportDraft | None] = relationship()
