"""Reads of tenders for the public pages and the officer's list, and of amendments."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from procurement.accounts.models import User
from procurement.clock import LOCAL_ZONE
from procurement.extensions import db
from procurement.publication.models import Notice
from procurement.tenders.models import Amendment, AmendmentAcknowledgement, Tender, TenderStatus


def public_tenders(
    now: datetime,
    *,
    search: str | None = None,
    status: str | None = None,
    district: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> sa.Select[Tender]:
    """Published tenders (never drafts), newest first, filtered as the public list allows."""
    conditions = [
        Tender.status != TenderStatus.DRAFT,
        *_matching(search),
        *_in_state(status, now),
        *_published_between(since, until),
    ]
    if district:
        # Districts are a JSON list; matching its text works the same on SQLite and PostgreSQL.
        conditions.append(sa.cast(Tender.districts, sa.String).contains(district.strip()))
    return (
        sa.select(Tender).where(*conditions).order_by(Tender.published_at.desc(), Tender.id.desc())
    )


def _matching(search: str | None) -> list[sa.ColumnElement[bool]]:
    if not search:
        return []
    pattern = f"%{search.strip()}%"
    return [
        sa.or_(
            Tender.title.ilike(pattern),
            Tender.reference.ilike(pattern),
            Tender.procuring_entity.ilike(pattern),
        )
    ]


# The stored states the public may filter by (drafts never show; `published` shows as open or closed).
PUBLIC_STATUSES = frozenset(TenderStatus) - {TenderStatus.DRAFT, TenderStatus.PUBLISHED}


def _in_state(status: str | None, now: datetime) -> list[sa.ColumnElement[bool]]:
    """The public list's states: open and closed are derived from the deadline."""
    if status == "open":
        return [Tender.status == TenderStatus.PUBLISHED, Tender.submission_deadline > now]
    if status == "closed":
        return [Tender.status == TenderStatus.PUBLISHED, Tender.submission_deadline <= now]
    if status in PUBLIC_STATUSES:
        return [Tender.status == TenderStatus(status)]
    return []


def _published_between(since: date | None, until: date | None) -> list[sa.ColumnElement[bool]]:
    """Published on or after `since` and on or before `until`, as days in Beijing time."""
    conditions = []
    if since:
        conditions.append(Tender.published_at >= datetime.combine(since, time(), LOCAL_ZONE))
    if until:
        end = datetime.combine(until + timedelta(days=1), time(), LOCAL_ZONE)
        conditions.append(Tender.published_at < end)
    return conditions


def with_notice(tender_ids: list[int]) -> set[int]:
    """The tenders among these whose candidates' notice (公示, later the result) was published: it
    stays public, also while an upheld objection has the evaluation reopened."""
    if not tender_ids:
        return set()
    return set(
        db.session.scalars(sa.select(Notice.tender_id).where(Notice.tender_id.in_(tender_ids)))
    )


def officer_tenders(user: User) -> sa.Select[Tender]:
    """The tenders of the officer's organisation, newest first (none without one)."""
    return (
        sa.select(Tender)
        .where(Tender.organisation_id == user.organisation_id)
        .where(Tender.organisation_id.is_not(None))
        .order_by(Tender.created_at.desc(), Tender.id.desc())
    )


def by_reference(reference: str) -> sa.Select[Tender]:
    return sa.select(Tender).where(Tender.reference == reference)


def reference_owner(reference: str) -> int | None:
    """The id of the tender that has this reference, if any."""
    return db.session.scalar(sa.select(Tender.id).where(Tender.reference == reference))


def amendment_by_number(tender: Tender, number: int) -> sa.Select[Amendment]:
    return sa.select(Amendment).where(Amendment.tender_id == tender.id, Amendment.number == number)


def has_acknowledged(amendment: Amendment, insurer_id: int) -> bool:
    query = sa.select(AmendmentAcknowledgement.id).where(
        AmendmentAcknowledgement.amendment_id == amendment.id,
        AmendmentAcknowledgement.insurer_id == insurer_id,
    )
    return db.session.scalar(query) is not None


def unacknowledged_amendments(tender: Tender, insurer_id: int | None) -> list[Amendment]:
    """The tender's amendments that the insurer has not acknowledged yet (all, for no insurer)."""
    acknowledged = set(
        db.session.scalars(
            sa.select(AmendmentAcknowledgement.amendment_id).where(
                AmendmentAcknowledgement.insurer_id == insurer_id
            )
        )
    )
    return [a for a in tender.amendments if a.id not in acknowledged]


def next_clock_change(now: datetime) -> sa.Select[tuple[datetime | None, datetime | None]]:
    """The next deadline and the next opening time of a published tender: the public pages change
    then by the clock alone (the page cache's expiry source, registered by the blueprint)."""

    def next_of(column: Any) -> Any:
        return sa.func.min(sa.case((column > now, column)))

    return sa.select(next_of(Tender.submission_deadline), next_of(Tender.opening_time)).where(
        Tender.status == TenderStatus.PUBLISHED
    )
