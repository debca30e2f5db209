"""Reads of bids that are safe before the opening."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.bids.models import Bid, BidStatus
from procurement.extensions import db
from procurement.tenders.models import Tender


def submitted_bid_count(tender: Tender) -> int:
    """How many bids are submitted: all the officer may know before the opening."""
    return int(
        db.session.scalar(
            sa.select(sa.func.count()).where(
                Bid.tender_id == tender.id, Bid.status == BidStatus.SUBMITTED
            )
        )
        or 0
    )
