"""Reads of the audit log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.clock import LOCAL_ZONE
from procurement.extensions import db


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
        # Searching by user must not reveal who has bid on a tender that is still sealed.
        from procurement.tenders.models import Tender, TenderStatus

        sealed = sa.select(Tender.id).where(
            Tender.status.in_([TenderStatus.DRAFT, TenderStatus.PUBLISHED])
        )
        query = query.where(
            AuditEvent.actor_label.ilike(f"%{actor.strip()}%"),
            ~(
                AuditEvent.action.startswith("bid.")
                & AuditEvent.details["tender"].as_integer().in_(sealed)
            ),
        )
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


def sealed_events(events: list[AuditEvent]) -> set[int]:
    """Events about bids of tenders not opened yet: shown without who or what, since before the
    opening nobody but the bidder may learn who has bid (the chain still covers them in full)."""
    from procurement.tenders.models import Tender

    bid_events = [e for e in events if e.action.startswith("bid.")]
    tender_ids = {e.details.get("tender") for e in bid_events}
    if not tender_ids:
        return set()
    sealed = {
        tender.id
        for tender in db.session.scalars(sa.select(Tender).where(Tender.id.in_(tender_ids)))
        if tender.is_sealed()
    }
    return {e.id for e in bid_events if e.details.get("tender") in sealed}
