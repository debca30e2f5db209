"""Reads of the opening: the bids that were submitted, in the order they arrived."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.bids.models import Bid, BidStatus
from procurement.extensions import db
from procurement.tenders.models import Tender


def submitted_bids(tender: Tender) -> list[Bid]:
    return list(
        db.session.scalars(
            sa.select(Bid)
            .where(Bid.tender_id == tender.id, Bid.status == BidStatus.SUBMITTED)
            .order_by(Bid.submitted_at, Bid.id)
        )
    )
