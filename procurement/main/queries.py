"""Reads of the home page: short lists of what the public may want today."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from procurement.extensions import db
from procurement.publication.models import Notice
from procurement.tenders.models import Tender, TenderStatus
from procurement.tenders.queries import public_tenders

# Each list on the home page is short; its heading links to the full, filtered list.
SHORT_LIST = 5
RESULTS = (TenderStatus.AWARDED, TenderStatus.FAILED)


def open_for_bids(now: datetime) -> list[Tender]:
    """Tenders accepting bids, the nearest deadline first."""
    query = (
        public_tenders(now, status="open")
        .order_by(None)
        .order_by(Tender.submission_deadline, Tender.id)
    )
    return list(db.session.scalars(query.limit(SHORT_LIST)))


def notices_under_way() -> list[Any]:
    """(tender, notice) of the candidates' notices now running, the newest first."""
    query = (
        sa.select(Tender, Notice)
        .join(Notice, Notice.tender_id == Tender.id)
        .where(Tender.status == TenderStatus.PUBLICISED)
        .order_by(Notice.published_at.desc(), Tender.id.desc())
    )
    return list(db.session.execute(query.limit(SHORT_LIST)))


def recent_results() -> list[Any]:
    """(tender, notice or None) of awarded and failed (流标) tenders, the latest first."""
    settled = sa.func.coalesce(Notice.awarded_at, Tender.opened_at, Tender.published_at)
    query = (
        sa.select(Tender, Notice)
        .outerjoin(Notice, Notice.tender_id == Tender.id)
        .where(Tender.status.in_(RESULTS))
        .order_by(settled.desc(), Tender.id.desc())
    )
    return list(db.session.execute(query.limit(SHORT_LIST)))
