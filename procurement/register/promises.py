"""What an insurer's winning bid promised: the survey, assessment and payment hours of its bid in
the most recently awarded tender that admitted it (the winner, or one of those admitted, 入围)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from procurement.bids.models import Bid
from procurement.extensions import db
from procurement.publication.models import Notice
from procurement.tenders.models import Tender, TenderStatus

PROMISE_FIELDS = {
    "survey": "survey_hours",
    "assessment": "assessment_hours",
    "payment": "payment_hours",
}


def latest_promise(insurer_id: int) -> tuple[Tender, dict[str, float]] | None:
    """(tender, {step: promised hours}) of the newest award admitting the insurer, else None."""
    from procurement.publication.queries import admitted_of

    rows = db.session.execute(
        sa.select(Notice, Bid)
        .join(Tender, Notice.tender_id == Tender.id)
        .join(Bid, Bid.tender_id == Tender.id)
        .where(
            Tender.status == TenderStatus.AWARDED,
            Notice.awarded_at.is_not(None),
            Bid.insurer_id == insurer_id,
            Bid.opened_content.is_not(None),
        )
        .order_by(Notice.awarded_at.desc())
    ).all()
    for notice, bid in rows:
        if f"B{bid.id}" in admitted_of(notice):
            fields: dict[str, Any] = (bid.opened_content or {}).get("fields", {})
            return notice.tender, {
                step: float(fields[key]) for step, key in PROMISE_FIELDS.items() if key in fields
            }
    return None
