"""Writing and checking the audit chain. `record` is the one audit writer of the application."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from procurement import clock
from procurement.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from procurement.extensions import db

HEAD_ID = 1


def event_hash(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    details: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON of the event (sorted keys, no whitespace, UTF-8)."""
    payload = json.dumps(
        [
            seq,
            occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            actor_id,
            actor_label,
            action,
            object_type,
            object_id,
            details,
            prev_hash,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(
    action: str,
    obj: Any = None,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    details: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEvent:
    """Append an event in the current transaction; the caller's commit makes both durable together.

    `obj` is a model instance (its table name and id are used) unless object_type/object_id are given.
    The actor defaults to the signed-in user; outside a request it is "system".
    """
    db.session.flush()
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = obj.id if object_id is None else object_id
    if actor is None:
        actor = _current_actor()
    details = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    head = _lock_head()
    occurred_at = clock.now()
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=occurred_at,
        actor_id=getattr(actor, "id", None),
        actor_label=getattr(actor, "username", None) or "system",
        action=action,
        object_type=object_type or "-",
        object_id=str(object_id if object_id is not None else "-"),
        details=details,
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(**_hashed_fields(event))
    head.seq = event.seq
    head.last_hash = event.hash
    db.session.add(event)
    db.session.flush()
    return event


def _current_actor() -> Any:
    try:
        if current_user and current_user.is_authenticated:
            return current_user._get_current_object()
    except RuntimeError:  # no request context: a CLI command
        pass
    return None


def _lock_head() -> AuditHead:
    """Take the head row for update, creating it on first use."""
    # A no-op write: it takes the row lock (PostgreSQL) or the write lock (SQLite) before reading.
    db.session.execute(
        sa.update(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .values(seq=AuditHead.seq)
        .execution_options(synchronize_session=False)
    )
    head = db.session.get(AuditHead, HEAD_ID, populate_existing=True)
    if head is None:
        head = AuditHead(id=HEAD_ID, seq=0, last_hash=GENESIS_HASH)
        db.session.add(head)
        db.session.flush()
    return head


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "occurred_at": event.occurred_at,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    problem: str | None = None
    seq: int | None = None


def verify_chain(batch: int = 5000) -> VerifyResult:
    """Walk the chain in order and report the first event that does not fit."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seq = 0
    while True:
        rows = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.seq > last_seq)
            .order_by(AuditEvent.seq)
            .limit(batch)
        ).all()
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                kind = "missing" if event.seq > expected_seq else "inserted or reordered"
                return VerifyResult(
                    False, count, f"event #{expected_seq} {kind} (found #{event.seq})", event.seq
                )
            if event.prev_hash != expected_prev:
                return VerifyResult(
                    False,
                    count,
                    f"event #{event.seq} does not link to the event before it",
                    event.seq,
                )
            if event_hash(**_hashed_fields(event)) != event.hash:
                return VerifyResult(False, count, f"event #{event.seq} was altered", event.seq)
            expected_prev = event.hash
            expected_seq += 1
            count += 1
            last_seq = event.seq
        db.session.expunge_all()
    head = db.session.get(AuditHead, HEAD_ID)
    head_seq = head.seq if head else 0
    head_hash = head.last_hash if head else GENESIS_HASH
    if head_seq != count or head_hash != expected_prev:
        return VerifyResult(
            False,
            count,
            f"the chain ends at event #{count} but its head records #{head_seq}: "
            "events were deleted from the end, or the head was altered",
            count + 1 if head_seq > count else count,
        )
    return VerifyResult(True, count)
