"""Writing and checking the audit chain. `record` is the one audit writer of the application."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from procurement import clock
from procurement.audit import checkpoints as chain_checkpoints
from procurement.audit.checkpoints import Checkpoint
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
    organisation_id: int | None = None,
) -> str:
    """SHA-256 over a canonical JSON of the event (sorted keys, no whitespace, UTF-8).

    The acting organisation is appended only when there is one, so the events written before it
    was recorded keep their hashes (and clearing it from an event breaks the chain all the same).
    """
    fields: list[Any] = [
        seq,
        occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        actor_id,
        actor_label,
        action,
        object_type,
        object_id,
        details,
        prev_hash,
    ]
    if organisation_id is not None:
        fields.append({"organisation_id": organisation_id})
    payload = json.dumps(
        fields,
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
        organisation_id=getattr(actor, "organisation_id", None),
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
        "organisation_id": event.organisation_id,
    }


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    problem: str | None = None
    seq: int | None = None
    checkpoints: int = 0  # how many signed checkpoints the chain was held against


def verify_chain(published: Iterable[Checkpoint] = (), batch: int = 5000) -> VerifyResult:
    """Walk the chain in order and report the first event that does not fit: altered, inserted,
    missing or unreadable; rewritten before a signed checkpoint; or cut from the end.

    `published` adds saved copies of the public checkpoints to those in the database (which whoever
    rewrites the chain could delete, but not forge)."""
    checkpoints, problem = _trusted(chain_checkpoints.stored_checkpoints(), published)
    if problem:
        return VerifyResult(False, 0, problem)
    walk = _Walk(checkpoints)
    for seq, event in _events(batch):
        problem = walk.step(seq, event)
        if problem:
            return VerifyResult(False, walk.count, problem, seq, len(walk.passed))
    problem, where = walk.finish()
    if problem:
        return VerifyResult(False, walk.count, problem, where, len(walk.passed))
    return VerifyResult(True, walk.count, checkpoints=len(walk.passed))


def _trusted(
    stored: list[Checkpoint], published: Iterable[Checkpoint]
) -> tuple[dict[int, list[Checkpoint]], str | None]:
    """The checkpoints by sequence number, once every signature has been checked."""
    public = chain_checkpoints.public_key_bytes()
    by_seq: dict[int, list[Checkpoint]] = {}
    for checkpoint in dict.fromkeys([*stored, *published]):  # the same one from both: once
        if not checkpoint.signature_valid(public):
            return {}, (
                f"the checkpoint of event #{checkpoint.seq} made at {_when(checkpoint)} has no "
                "valid signature: it was forged, or signed with another key"
            )
        by_seq.setdefault(checkpoint.seq, []).append(checkpoint)
    return by_seq, None


def _when(checkpoint: Checkpoint) -> str:
    return checkpoint.made_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _events(batch: int) -> Iterator[tuple[int, AuditEvent | None]]:
    """Every event in order, or None for one whose row cannot be read (the walk names it)."""
    last_seq = 0
    while True:
        seqs = list(
            db.session.scalars(
                sa.select(AuditEvent.seq)
                .where(AuditEvent.seq > last_seq)
                .order_by(AuditEvent.seq)
                .limit(batch)
            )
        )
        if not seqs:
            return
        yield from _load(seqs)
        last_seq = seqs[-1]
        db.session.expunge_all()


def _load(seqs: list[int]) -> Iterator[tuple[int, AuditEvent | None]]:
    query = sa.select(AuditEvent).order_by(AuditEvent.seq)
    try:
        events = list(db.session.scalars(query.where(AuditEvent.seq.in_(seqs))))
    except Exception:  # noqa: BLE001  # a malformed row (time or JSON): find it one by one
        db.session.expunge_all()
        for seq in seqs:
            try:
                yield seq, db.session.scalars(query.where(AuditEvent.seq == seq)).one()
            except Exception:  # noqa: BLE001  # this is the unreadable one
                yield seq, None
        return
    yield from ((event.seq, event) for event in events)


class _Walk:
    """The state of a walk along the chain: what the next event must be."""

    def __init__(self, checkpoints: dict[int, list[Checkpoint]]) -> None:
        self.checkpoints = checkpoints
        self.count = 0
        self.expected_prev = GENESIS_HASH
        self.passed: list[Checkpoint] = []

    def step(self, seq: int, event: AuditEvent | None) -> str | None:
        expected = self.count + 1
        if event is None:
            return f"event #{seq} is malformed: its row cannot be read"
        if event.seq != expected:
            kind = "missing" if event.seq > expected else "inserted or reordered"
            return f"event #{expected} {kind} (found #{event.seq})"
        if event.prev_hash != self.expected_prev:
            return f"event #{event.seq} does not link to the event before it"
        try:
            computed = event_hash(**_hashed_fields(event))
        except (TypeError, ValueError, AttributeError) as error:
            return f"event #{event.seq} is malformed: {error}"
        if computed != event.hash:
            return f"event #{event.seq} was altered"
        for checkpoint in self.checkpoints.get(event.seq, []):
            if checkpoint.head_hash != event.hash:
                since = self.passed[-1].seq + 1 if self.passed else 1
                return (
                    f"event #{event.seq} differs from the checkpoint signed at {_when(checkpoint)}: "
                    f"an event from #{since} to #{event.seq} was rewritten"
                )
            self.passed.append(checkpoint)
        self.expected_prev = event.hash
        self.count += 1
        return None

    def finish(self) -> tuple[str | None, int | None]:
        """After the last event: no checkpoint and the head may claim more events than found."""
        beyond = [c for seq, found in self.checkpoints.items() if seq > self.count for c in found]
        if beyond:
            last = max(beyond, key=lambda checkpoint: checkpoint.seq)
            return (
                f"the chain ends at event #{self.count} but the checkpoint signed at "
                f"{_when(last)} covers #{last.seq}: events were cut from the end"
            ), self.count + 1
        head = db.session.get(AuditHead, HEAD_ID)
        head_seq = head.seq if head else 0
        head_hash = head.last_hash if head else GENESIS_HASH
        if head_seq != self.count or head_hash != self.expected_prev:
            return (
                f"the chain ends at event #{self.count} but its head records #{head_seq}: "
                "events were deleted from the end, or the head was altered"
            ), self.count + 1 if head_seq > self.count else self.count
        return None, None
