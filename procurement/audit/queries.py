"""Reads of the audit log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.clock import LOCAL_ZONE


def events_query(
    *,
    action: str | None = None,
    actor: str | None = None,
    object_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> sa.Select[tuple[AuditEvent]]:
    query = sa.select(AuditEvent).order_by(AuditEvent.seq.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action.strip()))
    if actor:
        query = query.where(AuditEvent.actor_label.ilike(f"%{actor.strip()}%"))
    if object_type:
        query = query.where(AuditEvent.object_type == object_type.strip())
    # Dates are read as Shanghai calendar days.
    if since:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(since, time(), LOCAL_ZONE))
    if until:
        end = datetime.combine(until + timedelta(days=1), time(), LOCAL_ZONE)
        query = query.where(AuditEvent.occurred_at < end)
    return query


def object_types() -> sa.Select[tuple[str]]:
    return sa.select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
