"""Bids and their attachments. Everything a bidder enters is sealed until the tender is opened."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from procurement.accounts.models import Insurer, Role, User
from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model
from procurement.tenders.models import Tender


class BidStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Bid(Model):
    """One insurer's bid on one tender; revised in place until the deadline (each revision audited).

    `sealed_content` is the bid as the insurer's browser sealed it to the tender's public key
    (procurement.bids.sealed); the server cannot read it. `receipt_hash` covers the SHA-256 of that
    ciphertext and of each attachment's, given to the bidder as a receipt and checked again at the
    opening. The `opened_*` columns are filled at the opening; `opened_problem` says why a bid that
    was read is invalid (无效投标), in the words of the opening record.
    """

    __tablename__ = "bids"
    __table_args__ = (sa.UniqueConstraint("tender_id", "insurer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    insurer_id: Mapped[int] = mapped_column(sa.ForeignKey("insurers.id"), index=True)
    status: Mapped[BidStatus] = mapped_column(enum_type(BidStatus), default=BidStatus.DRAFT)
    sealed_content: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    revision: Mapped[int] = mapped_column(default=0)  # submissions so far
    receipt_hash: Mapped[str | None] = mapped_column(sa.String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    updated_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # Filled at the opening, from the decrypted content.
    opened_price: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    opened_content: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    hash_verified: Mapped[bool | None] = mapped_column()
    opened_problem: Mapped[str | None] = mapped_column(sa.Text)

    tender: Mapped[Tender] = relationship(back_populates="bids")
    insurer: Mapped[Insurer] = relationship()
    updated_by: Mapped[User] = relationship()
    attachments: Mapped[list[BidAttachment]] = relationship(
        back_populates="bid", order_by="BidAttachment.id", cascade="all, delete-orphan"
    )

    def sealing_context(self) -> str:
        """The associated data the browser sealed with (procurement.bids.sealed.context)."""
        return f"tibao:bid:tender:{self.tender_id}:insurer:{self.insurer_id}"

    def can_download(self, user: User) -> bool:
        """Its attachments: the bidder, and after the opening whoever may read the bids (before the
        opening the server has no plaintext to give anyone: the download answers 404)."""
        if user.is_authenticated and user.role is Role.INSURER:
            return self.insurer_id == user.insurer_id
        return self.tender.can_read_bids(user)


class BidAttachment(Model):
    """A PDF of a bid, sealed in the browser like the bid, stored in the database with it; its
    plaintext (`opened_data`) exists only from the opening on."""

    __tablename__ = "bid_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(
        sa.String(64)
    )  # of the sealed file, as the receipt covers it
    sealed_data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    opened_data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    bid: Mapped[Bid] = relationship(back_populates="attachments")

    def sealing_context(self) -> str:
        return f"{self.bid.sealing_context()}:attachment"
