"""Opening a tender: decrypt every submitted bid, check it against its receipt, record the result.

A tender with fewer readable bids than its minimum fails (流标), with the reason.
"""

from __future__ import annotations

import json
from decimal import Decimal

import sqlalchemy as sa

from procurement import clock, sealing
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.models import Bid, BidStatus
from procurement.bids.operations import receipt_hash
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.tenders.models import Tender, TenderStatus


class OpeningError(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def submitted_bids(tender: Tender) -> list[Bid]:
    return list(
        db.session.scalars(
            sa.select(Bid)
            .where(Bid.tender_id == tender.id, Bid.status == BidStatus.SUBMITTED)
            .order_by(Bid.submitted_at, Bid.id)
        )
    )


def open_tender(tender: Tender, officer: User) -> Tender:
    locked = db.session.scalar(sa.select(Tender).where(Tender.id == tender.id).with_for_update())
    assert locked is not None  # noqa: S101  # loaded by the caller
    now = clock.now()
    if not locked.can_open(officer, now):
        raise OpeningError("not_yet" if locked.status is TenderStatus.PUBLISHED else "not_openable")
    readable = 0
    for bid in submitted_bids(locked):
        try:
            plain = sealing.unseal(locked.wrapped_key, bid.sealed_content, bid.sealing_context())
            content = json.loads(plain)
        except (sealing.SealError, ValueError):
            bid.hash_verified = False  # altered at rest: it cannot be read, and it is recorded so
            continue
        bid.hash_verified = receipt_hash(bid, content) == bid.receipt_hash
        bid.opened_content = content
        bid.opened_price = Decimal(content["price"])
        if bid.hash_verified:
            readable += 1
    locked.opened_at = now
    locked.opened_by = officer
    if readable < locked.min_bids:
        locked.status = TenderStatus.FAILED
        locked.failure_reason = f"有效投标不足{locked.min_bids}家（实收{readable}家），项目流标"
    else:
        locked.status = TenderStatus.OPENED
    db.session.flush()
    record(
        "tender.open",
        locked,
        details={
            "status": locked.status.value,
            "bids": [
                {"bid": b.id, "insurer": b.insurer.name, "price": str(b.opened_price),
                 "receipt": b.receipt_hash, "verified": b.hash_verified}
                for b in submitted_bids(locked)
            ],
        },
    )  # fmt: skip
    return locked


def is_bidder(tender: Tender, user: User) -> bool:
    """Any insurer that submitted (even if it withdrew later) sees the opening record."""
    if user.insurer_id is None:
        return False
    return bool(
        db.session.scalar(
            sa.select(sa.func.count()).where(
                Bid.tender_id == tender.id,
                Bid.insurer_id == user.insurer_id,
                Bid.revision > 0,
            )
        )
    )
