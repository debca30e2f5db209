"""A tender's consultation: its minutes per supplier, its changes, and the sealed final offers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from procurement.accounts.models import User
from procurement.bids.models import Bid
from procurement.db import UTCDateTime, now_default
from procurement.extensions import Model


class Consultation(Model):
    """One tender's consultation stage: the call for final offers and their opening.

    `exception` is the lawful exception recorded when fewer than the rule set's minimum of
    suppliers remain (procurement.consultation.exceptions), with the committee's explanation.
    """

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), unique=True)
    offer_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    exception: Mapped[str | None] = mapped_column(sa.String(40))
    exception_note: Mapped[str | None] = mapped_column(sa.Text)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The key holders whose passphrases opened the final offers (user ids).
    opened_with: Mapped[list[int] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    @property
    def invited(self) -> bool:
        return self.invited_at is not None

    def accepts_offers(self, now: datetime) -> bool:
        return (
            self.offer_deadline is not None and self.opened_at is None and now < self.offer_deadline
        )


class ConsultationMinute(Model):
    """What the committee and one supplier said in one consultation session (磋商记录): the
    supplier reads its own minutes only."""

    __tablename__ = "consultation_minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    bid: Mapped[Bid] = relationship()
    recorded_by: Mapped[User] = relationship()


class ConsultationChange(Model):
    """A change of the requirements made in consultation (实质性变动), sent to every supplier still
    in the procedure (`sent_to`: their bid ids), who respond by `respond_by`."""

    __tablename__ = "consultation_changes"
    __table_args__ = (sa.UniqueConstraint("tender_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    respond_by: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_to: Mapped[list[int]] = mapped_column(sa.JSON)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)


class ChangeResponse(Model):
    """One supplier's written response to a change (its final offer aside), given before the
    change's response deadline: read by the committee, the officer and that supplier only
    (`readable_by`). It may be replaced until the deadline (`revision`)."""

    __tablename__ = "consultation_responses"
    __table_args__ = (sa.UniqueConstraint("change_id", "bid_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    change_id: Mapped[int] = mapped_column(sa.ForeignKey("consultation_changes.id"))
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    attachment: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    attachment_filename: Mapped[str | None] = mapped_column(sa.String(200))
    attachment_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    revision: Mapped[int] = mapped_column(default=1)
    submitted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    bid: Mapped[Bid] = relationship()
    change: Mapped[ConsultationChange] = relationship()

    def readable_by(self, user: User) -> bool:
        """The officer, the committee and the supervisors of its tender, and the supplier that wrote
        it: never another supplier or the public."""
        if not user.is_authenticated:
            return False
        if user.insurer_id is not None:
            return bool(user.insurer_id == self.bid.insurer_id)
        return ChangeResponse.committee_reads(self.bid.tender, user)

    @staticmethod
    def committee_reads(tender: Any, user: User) -> bool:
        """Who reads every supplier's responses to the changes: the officer, the committee and the
        supervisors, who read the minutes too (the responses are part of the procedure's record)."""
        return bool(
            user.is_authenticated
            and (tender.can_manage(user) or tender.is_seated(user) or tender.can_supervise(user))
        )


class FinalOffer(Model):
    """One supplier's place in the consultation: its sealed final offer (最后报价), or its leaving
    (退出磋商, `left_at`) before it offered. Sealed like a bid (procurement.consultation.sealed);
    the `opened_*` columns are filled when the key holders open the final offers."""

    __tablename__ = "final_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"), unique=True)
    sealed_content: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    revision: Mapped[int] = mapped_column(default=0)
    receipt_hash: Mapped[str | None] = mapped_column(sa.String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_price: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    opened_content: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    hash_verified: Mapped[bool | None] = mapped_column()
    opened_problem: Mapped[str | None] = mapped_column(sa.Text)

    bid: Mapped[Bid] = relationship()

    def sealing_context(self) -> str:
        return context(self.bid.tender_id, self.bid.insurer_id)


def context(tender_id: int, insurer_id: int) -> str:
    """The associated data of a final offer's ciphertext (never the bid's: it cannot be swapped)."""
    return f"tibao:final-offer:tender:{tender_id}:insurer:{insurer_id}"
