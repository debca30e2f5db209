"""Audit events and the head of their hash chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procurement.accounts.models import User
from procurement.db import UTCDateTime
from procurement.extensions import Model
from procurement.organisations.models import Organisation

GENESIS_HASH = "0" * 64


class AuditEvent(Model):
    """One state change. `hash` covers every other column and the previous event's hash."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    actor_label: Mapped[str] = mapped_column(sa.String(100))
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(64))
    object_id: Mapped[str] = mapped_column(sa.String(64))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    # The organisation the actor acted for (none for the system, members of the expert pool and
    # events written before organisations existed, whose hashes do not cover it).
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    actor: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class AuditHead(Model):
    """A single row holding the chain's length and last hash.

    Appending updates it first, which serialises writers (a row lock on PostgreSQL, the write lock
    on SQLite), and it lets `audit verify` notice events deleted from the end of the chain.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS_HASH)


class AuditCheckpoint(Model):
    """A signed statement that the chain had `seq` events ending in `head_hash` at `made_at`.

    The signature (Ed25519, by a key kept outside the database) is what counts: the rows here only
    feed the public page, and copies of that page kept elsewhere are what `audit verify` trusts.
    """

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(index=True)
    head_hash: Mapped[str] = mapped_column(sa.String(64))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reason: Mapped[str] = mapped_column(sa.String(32))
    key_id: Mapped[str] = mapped_column(sa.String(16))
    signature: Mapped[str] = mapped_column(sa.String(128))
