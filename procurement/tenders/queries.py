"""Reads of tenders for the public pages and the officer's list."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from procurement.clock import LOCAL_ZONE
from procurement.tenders.models import Tender, TenderStatus


def public_tenders(
    now: datetime,
    *,
    search: str | None = None,
    status: str | None = None,
    district: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> sa.Select[tuple[Tender]]:
    """Published tenders (never drafts), newest first, filtered as the public list allows."""
    query = (
        sa.select(Tender)
        .where(Tender.status != TenderStatus.DRAFT)
        .order_by(Tender.published_at.desc(), Tender.id.desc())
    )
    if search:
        pattern = f"%{search.strip()}%"
        query = query.where(
            sa.or_(
                Tender.title.ilike(pattern),
                Tender.reference.ilike(pattern),
                Tender.procuring_entity.ilike(pattern),
            )
        )
    if status == "open":
        query = query.where(
            Tender.status == TenderStatus.PUBLISHED, Tender.submission_deadline > now
        )
    elif status == "closed":
        query = query.where(
            Tender.status == TenderStatus.PUBLISHED, Tender.submission_deadline <= now
        )
    elif status in {"opened", "failed", "cancelled"}:
        query = query.where(Tender.status == TenderStatus(status))
    if district:
        # Districts are a JSON list; matching its text works the same on SQLite and PostgreSQL.
        query = query.where(sa.cast(Tender.districts, sa.String).contains(district.strip()))
    if since:
        query = query.where(Tender.published_at >= datetime.combine(since, time(), LOCAL_ZONE))
    if until:
        end = datetime.combine(until + timedelta(days=1), time(), LOCAL_ZONE)
        query = query.where(Tender.published_at < end)
    return query


def officer_tenders() -> sa.Select[tuple[Tender]]:
    return sa.select(Tender).order_by(Tender.created_at.desc(), Tender.id.desc())


def by_reference(reference: str) -> sa.Select[tuple[Tender]]:
    return sa.select(Tender).where(Tender.reference == reference)


def next_clock_change(now: datetime) -> sa.Select[tuple[datetime | None, datetime | None]]:
    """The next deadline and the next opening time of a published tender: the public pages change
    then by the clock alone (the page cache's expiry source, registered by the blueprint)."""

    def next_of(column: Any) -> Any:
        return sa.func.min(sa.case((column > now, column)))

    return sa.select(next_of(Tender.submission_deadline), next_of(Tender.opening_time)).where(
        Tender.status == TenderStatus.PUBLISHED
    )
