"""Reads of the audit log, and what the log hides until a tender is opened.

Until its opening nobody but the bidder may learn who bids on a tender (the chain still covers every
event in full). The view therefore masks two kinds of event while a tender has not been opened
(`Tender.opened_at` is empty: drafts, tenders taking bids, and tenders cancelled or failed unopened):

- every event tied to such a tender shows no actor; a bidder's events (bids, amendment
  acknowledgements) show neither who nor what;
- a bidder's own session events (sign-in, sign-out, password change) made while such a tender was
  taking bids show neither who nor from where, since a bidder signs in just before bidding and the
  sequence numbers would otherwise pair the two. Hiding only the time would not do: the sequence
  orders the events anyway.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from procurement.accounts.models import Role, User
from procurement.audit.models import AuditEvent
from procurement.clock import LOCAL_ZONE
from procurement.extensions import db

# Events a bidder's account writes about a tender, and its session events.
BIDDER_ACTIONS = ("tender.acknowledge_amendment",)
BIDDER_PREFIX = "bid."
SESSION_ACTIONS = ("user.sign_in", "user.sign_out", "user.change_password")


def _unopened_tenders() -> sa.Select[int]:
    from procurement.tenders.models import Tender

    return sa.select(Tender.id).where(Tender.opened_at.is_(None))


def tied_to_unopened_tender() -> sa.ColumnElement[bool]:
    """The event is about a tender not opened yet, or about one of its bids."""
    from procurement.tenders.models import Tender

    unopened_keys = sa.select(sa.cast(Tender.id, sa.String)).where(Tender.opened_at.is_(None))
    return sa.or_(
        sa.and_(AuditEvent.object_type == "tenders", AuditEvent.object_id.in_(unopened_keys)),
        sa.and_(
            AuditEvent.action.startswith(BIDDER_PREFIX),
            AuditEvent.details["tender"].as_integer().in_(_unopened_tenders()),
        ),
    )


def bidder_session_while_sealed() -> sa.ColumnElement[bool]:
    """A bidder's session event made while a tender not opened yet was taking bids."""
    from procurement.tenders.models import Tender

    taking_bids = sa.exists().where(
        Tender.opened_at.is_(None),
        Tender.published_at <= AuditEvent.occurred_at,
        Tender.submission_deadline >= AuditEvent.occurred_at,
    )
    bidders = sa.select(User.id).where(User.role == Role.INSURER)
    return sa.and_(
        AuditEvent.action.in_(SESSION_ACTIONS), AuditEvent.actor_id.in_(bidders), taking_bids
    )


def fully_masked() -> sa.ColumnElement[bool]:
    """Events shown without who and what: a bidder's, about or around a sealed tender."""
    bidder_event = sa.or_(
        AuditEvent.action.startswith(BIDDER_PREFIX), AuditEvent.action.in_(BIDDER_ACTIONS)
    )
    return sa.or_(sa.and_(bidder_event, tied_to_unopened_tender()), bidder_session_while_sealed())


def masked() -> sa.ColumnElement[bool]:
    """Events shown without their actor (at least)."""
    return sa.or_(tied_to_unopened_tender(), bidder_session_while_sealed())


def events_query(
    *,
    action: str | None = None,
    actor: str | None = None,
    object_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> sa.Select[AuditEvent]:
    query = sa.select(AuditEvent).order_by(AuditEvent.seq.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action.strip()))
    if actor:
        # Searching by user must not find what the list shows without its actor.
        pattern = f"%{actor.strip()}%"
        query = query.where(AuditEvent.actor_label.ilike(pattern), sa.not_(masked()))
    if object_type:
        query = query.where(AuditEvent.object_type == object_type.strip())
    # Dates are read as Shanghai calendar days.
    if since:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(since, time(), LOCAL_ZONE))
    if until:
        end = datetime.combine(until + timedelta(days=1), time(), LOCAL_ZONE)
        query = query.where(AuditEvent.occurred_at < end)
    return query


def object_types() -> sa.Select[str]:
    return sa.select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)


def masking(events: list[AuditEvent]) -> dict[int, str]:
    """For the events of a page: "all" (hide who and what) or "actor" (hide who), by event id."""
    ids = [event.id for event in events]
    if not ids:
        return {}
    on_page = AuditEvent.id.in_(ids)
    actor_only = db.session.scalars(sa.select(AuditEvent.id).where(on_page, masked()))
    everything = set(db.session.scalars(sa.select(AuditEvent.id).where(on_page, fully_masked())))
    return {event_id: "all" if event_id in everything else "actor" for event_id in actor_only}


def last_event_at(obj: Any, actions: tuple[str, ...]) -> datetime | None:
    """When the latest of `actions` happened to `obj` (a model instance), or None."""
    return db.session.scalar(
        sa.select(AuditEvent.occurred_at)
        .where(
            AuditEvent.object_type == obj.__tablename__,
            AuditEvent.object_id == str(obj.id),
            AuditEvent.action.in_(actions),
        )
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )
