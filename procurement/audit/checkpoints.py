"""Signed checkpoints of the audit chain: its length and head hash at a moment, signed with an
Ed25519 key that lives outside the database (`cryptography`).

Anybody who can write the database can recompute every hash of the chain and its head row; they
cannot sign. A checkpoint is made daily (`flask audit checkpoint`, from cron) and whenever a tender
changes stage, published at `/audit/checkpoints`, and `audit verify` checks the chain against the
checkpoints (those in the database and any saved copy of the page), so a rewrite of any event before a
published checkpoint, or a cut of the chain's tail, is found.

The signed text is `tibao-audit-checkpoint\\n{seq}\\n{head_hash}\\n{made_at ISO 8601 UTC}` (UTF-8), so a
checkpoint can be checked with any Ed25519 tool and the public key shown on the page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask import current_app, has_app_context
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.base import NO_VALUE

from procurement import clock
from procurement.audit.models import GENESIS_HASH, AuditCheckpoint, AuditHead
from procurement.extensions import db

KEY_FILE = "audit-signing.key"
HEAD_ID = 1


class CheckpointKeyError(RuntimeError):
    """The configured signing key is not 32 bytes of base64."""


def signing_key() -> Ed25519PrivateKey:
    """`TIBAO_AUDIT_SIGNING_KEY` (base64 of a 32-byte seed), else instance/audit-signing.key,
    created on first use (0600)."""
    configured = current_app.config.get("AUDIT_SIGNING_KEY")
    if configured:
        encoded = str(configured).encode()
    else:
        encoded = _key_file(Path(current_app.instance_path) / KEY_FILE)
    try:
        seed = base64.b64decode(encoded, validate=True)
    except binascii.Error as error:
        raise CheckpointKeyError("the audit signing key is not base64") from error
    if len(seed) != 32:
        raise CheckpointKeyError("the audit signing key must be 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(seed)


def _key_file(path: Path) -> bytes:
    """The key file's content, creating it (0600, exclusively: two first uses make one key)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as file:
        file.write(base64.b64encode(os.urandom(32)))
    return path.read_bytes()


def public_key_bytes(key: Ed25519PrivateKey | None = None) -> bytes:
    return (key or signing_key()).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public: bytes) -> str:
    """A short fingerprint of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:16]


def signed_text(seq: int, head_hash: str, made_at: datetime) -> bytes:
    stamp = made_at.astimezone(UTC).isoformat(timespec="microseconds")
    return f"tibao-audit-checkpoint\n{seq}\n{head_hash}\n{stamp}".encode()


def make_checkpoint(reason: str) -> AuditCheckpoint:
    """Sign the chain's current head; the caller's commit stores it (for the public page)."""
    db.session.flush()
    head = db.session.get(AuditHead, HEAD_ID, populate_existing=True)
    seq, head_hash = (head.seq, head.last_hash) if head is not None else (0, GENESIS_HASH)
    key = signing_key()
    made_at = clock.now()
    checkpoint = AuditCheckpoint(
        seq=seq,
        head_hash=head_hash,
        made_at=made_at,
        reason=reason[:32],
        key_id=key_id(public_key_bytes(key)),
        signature=key.sign(signed_text(seq, head_hash, made_at)).hex(),
    )
    db.session.add(checkpoint)
    db.session.flush()
    return checkpoint


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint as published: from the database or from a saved copy of the page."""

    seq: int
    head_hash: str
    made_at: datetime
    signature: str

    def signature_valid(self, public: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(
                bytes.fromhex(self.signature), signed_text(self.seq, self.head_hash, self.made_at)
            )
        except (InvalidSignature, ValueError):
            return False
        return True

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "head_hash": self.head_hash,
            "made_at": self.made_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "signature": self.signature,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Checkpoint:
        """Raises ValueError (or KeyError, TypeError) on a malformed entry."""
        made_at = datetime.fromisoformat(str(data["made_at"]))
        if made_at.tzinfo is None:
            raise ValueError("a checkpoint's time must carry its offset")
        return cls(int(data["seq"]), str(data["head_hash"]), made_at, str(data["signature"]))

    @classmethod
    def of(cls, row: AuditCheckpoint) -> Checkpoint:
        return cls(row.seq, row.head_hash, row.made_at, row.signature)


def stored_checkpoints() -> list[Checkpoint]:
    rows = db.session.scalars(sa.select(AuditCheckpoint).order_by(AuditCheckpoint.seq))
    return [Checkpoint.of(row) for row in rows]


def published(checkpoints: Iterable[Checkpoint]) -> dict[str, Any]:
    """What the public page offers as JSON: the public key and every checkpoint."""
    public = public_key_bytes()
    return {
        "algorithm": "Ed25519",
        "public_key": base64.b64encode(public).decode(),
        "key_id": key_id(public),
        "signed_text": "tibao-audit-checkpoint\\n{seq}\\n{head_hash}\\n{made_at}",
        "checkpoints": [checkpoint.as_json() for checkpoint in checkpoints],
    }


# A checkpoint at each tender stage change: a change of `Tender.status` marks the session, and the
# commit that stores it (with its audit event) signs the head first.
DUE = "audit_checkpoint_due"


def install_stage_hooks() -> None:
    """Called once when the audit blueprint is registered; installing twice is harmless."""
    from procurement.tenders.models import Tender

    if not sa.event.contains(Tender.status, "set", _stage_changed):
        sa.event.listen(Tender.status, "set", _stage_changed, active_history=True)
        sa.event.listen(Session, "before_commit", _checkpoint_if_due)
        sa.event.listen(Session, "after_soft_rollback", _forget)


def _stage_changed(target: Any, value: Any, old: Any, initiator: Any) -> None:
    session = object_session(target)
    if session is not None and old is not None and value != old and old is not NO_VALUE:
        session.info[DUE] = f"tender.{value}"


def _checkpoint_if_due(session: Session) -> None:
    reason = session.info.pop(DUE, None)
    if reason and has_app_context() and session is db.session():
        make_checkpoint(reason)


def _forget(session: Session, previous_transaction: Any) -> None:
    session.info.pop(DUE, None)
