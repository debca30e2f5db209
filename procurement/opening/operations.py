"""Opening a tender: decrypt every submitted bid, check it against its receipt, record the result.

A tender with fewer readable bids than its minimum fails (流标), with the reason.
"""

from __future__ import annotations

import json
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from procurement import clock, sealing
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.models import Bid
from procurement.bids.operations import receipt_hash
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.opening.queries import submitted_bids
from procurement.tenders.models import Tender, TenderStatus
from procurement.tenders.operations import lock_tender


class OpeningError(DomainError):
    messages = {
        "not_yet": _l("The opening time has not come yet."),
        "not_openable": _l("This tender cannot be opened."),
    }


def open_tender(tender: Tender, officer: User) -> Tender:
    """Decrypt and check every submitted bid, then move the tender to opened, or to failed (流标)
    when fewer bids than its minimum can be read and match their receipts."""
    locked = lock_tender(tender)  # no submission interleaves with the opening
    now = clock.now()
    if not locked.can_open(officer, now):
        raise OpeningError("not_yet" if locked.status is TenderStatus.PUBLISHED else "not_openable")
    readable = sum(_read(locked, bid) for bid in submitted_bids(locked))
    locked.opened_at = now
    locked.opened_by = officer
    if readable < locked.min_bids:
        locked.move_to(TenderStatus.FAILED)
        locked.failure_reason = f"有效投标不足{locked.min_bids}家（实收{readable}家），项目流标"
    else:
        locked.move_to(TenderStatus.OPENED)
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


def _read(tender: Tender, bid: Bid) -> bool:
    """Decrypt one bid into its `opened_*` columns; True if it is readable and matches its receipt."""
    try:
        plain = sealing.unseal(tender.wrapped_key, bid.sealed_content, bid.sealing_context())
        content = json.loads(plain)
    except (sealing.SealError, ValueError):
        bid.hash_verified = False  # altered at rest: it cannot be read, and it is recorded so
        return False
    bid.hash_verified = receipt_hash(bid, content) == bid.receipt_hash
    bid.opened_content = content
    bid.opened_price = Decimal(content["price"])
    return bid.hash_verified
