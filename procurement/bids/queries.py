"""Reads of bids: the bidder's own, and what anyone else may know before the opening (a count)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from procurement.accounts.models import User
from procurement.bids.models import Bid, BidAttachment, BidStatus
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


def bid_for(tender: Tender, user: User) -> Bid | None:
    """The user's company's bid on the tender, if it has one."""
    return db.session.scalar(
        sa.select(Bid).where(Bid.tender_id == tender.id, Bid.insurer_id == user.insurer_id)
    )


def bids_of(user: User) -> sa.Select[Bid]:
    """The user's company's bids, the latest changed first."""
    return (
        sa.select(Bid)
        .where(Bid.insurer_id == user.insurer_id)
        .options(orm.joinedload(Bid.tender))  # the list shows each tender's stage
        .order_by(Bid.updated_at.desc())
    )


def own_attachment(tender: Tender, user: User, attachment_id: int) -> sa.Select[BidAttachment]:
    """An attachment of the user's company's bid on the tender (nothing for anyone else's)."""
    return (
        sa.select(BidAttachment)
        .join(Bid)
        .where(
            BidAttachment.id == attachment_id,
            Bid.tender_id == tender.id,
            Bid.insurer_id == user.insurer_id,
        )
    )


def attachment_data(attachment: BidAttachment) -> bytes | None:
    """The file as opened at the opening; None before (the server cannot read the sealed one)."""
    return attachment.opened_data
