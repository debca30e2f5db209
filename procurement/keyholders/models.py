"""Holders' key pairs, tenders' public keys and the shares of their private keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procurement.accounts.models import Role, User
from procurement.db import UTCDateTime, now_default
from procurement.extensions import Model
from procurement.tenders.models import Tender

# Who may hold a share: officers, and administrators acting as supervisors (监督) until the
# organisations' own supervisors exist.
HOLDER_ROLES = frozenset({Role.OFFICER, Role.ADMIN})


class HolderKey(Model):
    """A key holder's P-256 key pair; the private key only encrypted under the holder's passphrase.

    `sealed_private` is AES-256-GCM (nonce first) of the 32-byte private scalar, under the key that
    argon2id derives from the passphrase with `salt` and the parameters in `kdf`.
    """

    __tablename__ = "holder_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sealed_private: Mapped[bytes] = mapped_column(sa.LargeBinary)
    salt: Mapped[bytes] = mapped_column(sa.LargeBinary)
    kdf: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class TenderKey(Model):
    """The tender's public key (bids are sealed to it) and how many holders open it together."""

    __tablename__ = "tender_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), unique=True)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    threshold: Mapped[int]
    generation: Mapped[int] = mapped_column(default=1)  # raised by each re-split
    # The holders whose passphrases opened the bids (user ids), for the opening record.
    opened_with: Mapped[list[int] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    tender: Mapped[Tender] = relationship()
    shares: Mapped[list[KeyShare]] = relationship(
        back_populates="tender_key", order_by="KeyShare.id", cascade="all, delete-orphan"
    )

    @property
    def current_shares(self) -> list[KeyShare]:
        return [share for share in self.shares if share.generation == self.generation]

    @property
    def holders(self) -> list[User]:
        return [share.holder for share in self.current_shares]


class KeyShare(Model):
    """One holder's Shamir share of a tender's private key, sealed to the holder's public key.

    Shares of earlier generations (before a re-split) are kept, unusable without their holders, as
    the record of who held what.
    """

    __tablename__ = "key_shares"
    __table_args__ = (sa.UniqueConstraint("tender_key_id", "generation", "holder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_key_id: Mapped[int] = mapped_column(sa.ForeignKey("tender_keys.id"), index=True)
    holder_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    generation: Mapped[int]
    sealed_share: Mapped[bytes] = mapped_column(sa.LargeBinary)
    # The holder's public key the share was sealed to (a later passphrase change keeps the pair).
    holder_public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    tender_key: Mapped[TenderKey] = relationship(back_populates="shares")
    holder: Mapped[User] = relationship()

    def context(self) -> str:
        key = self.tender_key
        return f"tibao:share:tender:{key.tender_id}:gen:{self.generation}:holder:{self.holder_id}"
