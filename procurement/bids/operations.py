"""Drafting, submitting, revising and withdrawing sealed bids, and their PDF attachments.

Everything the insurer enters is kept only encrypted (procurement.sealing) until the opening. The
receipt hash is the SHA-256 of the canonical JSON of
`{"tender": reference, "insurer": uscc, "content": content, "attachments": [sha256 of each file]}`
(sorted keys, no spaces, UTF-8), where `content` holds the price, the fields, the rate table and a random
salt (so that the hash does not let anyone guess a price by trying prices).
"""

from __future__ import annotations

import re
import secrets
from decimal import Decimal
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from procurement import clock, sealing
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.fields import AGE_BANDS, ENTERED
from procurement.bids.models import Bid, BidAttachment, BidStatus
from procurement.bids.queries import bid_for, content_of
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.tenders.models import Tender
from procurement.tenders.operations import lock_tender
from procurement.tenders.queries import unacknowledged_amendments


class BidError(DomainError):
    """A refused change of a bid; the form shows the message (and marks the fields at fault)."""

    messages = {
        "not_approved": _l("Your company must be approved by an administrator before bidding."),
        "closed": _l("The submission deadline has passed: bids are no longer accepted."),
        "submitted_use_revise": _l("This bid is submitted: submit a revision instead."),
        "acknowledge_first": lambda details: _(
            "Acknowledge amendment %(numbers)s first.",
            numbers="、".join(str(n) for n in details["numbers"]),
        ),
        "incomplete": lambda details: _(
            "The bid is incomplete: %(n)s items are missing.", n=len(details["missing"])
        ),
        "above_ceiling": _l("The price exceeds the ceiling price of %(ceiling)s yuan."),
        "nothing_to_withdraw": _l("There is no submitted bid to withdraw."),
        "too_large": _l("The file is larger than 20 MB."),
        "not_pdf": _l("The file is not a PDF (its content was checked, not its name)."),
        "withdrawn": _l("The bid was withdrawn; submit it again first."),
        "not_yours": _l("This attachment belongs to another bid."),
    }


def _check_open(tender: Tender, user: User) -> None:
    if not user.can_bid:
        raise BidError("not_approved")
    if not tender.accepts_bids(clock.now()):
        raise BidError("closed")


def receipt_hash(bid: Bid, content: dict[str, Any]) -> str:
    return sealing.digest(
        sealing.canonical_json(
            {
                "tender": bid.tender.reference,
                "insurer": bid.insurer.uscc,
                "content": content,
                "attachments": [a.sha256 for a in bid.attachments],
            }
        )
    )


def _new_bid(tender: Tender, user: User) -> Bid:
    bid = Bid(
        tender=tender,
        insurer=user.insurer,
        status=BidStatus.DRAFT,
        updated_by=user,
        sealed_content=b"",  # nothing entered yet
    )
    db.session.add(bid)
    db.session.flush()
    return bid


def _store(bid: Bid, content: dict[str, Any]) -> None:
    plain = sealing.canonical_json(content)
    bid.sealed_content = sealing.seal(bid.tender.wrapped_key, plain, bid.sealing_context())


def missing_fields(content: dict[str, Any]) -> list[str]:
    """Keys of what a submission still lacks ("price", field keys, "rate:<band>")."""
    missing = [] if content.get("price") else ["price"]
    fields = content.get("fields", {})
    missing += [spec.key for spec in ENTERED if spec.kind != "checklist" and spec.key not in fields]
    missing += [
        f"rate:{band}" for band, _label in AGE_BANDS if band not in content.get("rate_table", {})
    ]
    return missing


def _check_price(tender: Tender, content: dict[str, Any]) -> None:
    if content.get("price") and Decimal(content["price"]) > tender.ceiling_price:
        raise BidError("above_ceiling", "price", ceiling=tender.ceiling_price)


def save_draft(tender: Tender, user: User, content: dict[str, Any]) -> Bid:
    """Save what was entered so far; a submitted bid is changed only by `submit_bid`."""
    tender = lock_tender(tender)
    _check_open(tender, user)
    _check_price(tender, content)
    bid = bid_for(tender, user)
    if bid is None:
        bid = _new_bid(tender, user)
    elif bid.status is BidStatus.SUBMITTED:
        raise BidError("submitted_use_revise")
    content = {**content, "salt": secrets.token_hex(16)}
    _store(bid, content)
    bid.status = BidStatus.DRAFT
    bid.updated_by = user
    bid.updated_at = clock.now()
    db.session.flush()
    record("bid.save_draft", bid, details={"tender": tender.id})
    return bid


def submit_bid(tender: Tender, user: User, content: dict[str, Any] | None = None) -> Bid:
    """Seal and submit (or resubmit, as a revision) before the deadline; returns the bid with its
    new receipt. `content` None resubmits what is stored (after an attachment changed)."""
    tender = lock_tender(tender)
    _check_open(tender, user)  # the server clock decides, after the lock
    pending = unacknowledged_amendments(tender, user.insurer_id) if user.insurer_id else []
    if pending:
        raise BidError("acknowledge_first", numbers=[a.number for a in pending])
    bid = bid_for(tender, user)
    if bid is None:
        bid = _new_bid(tender, user)
    if content is None:
        content = {k: v for k, v in content_of(bid).items() if k != "salt"}
    _check_price(tender, content)
    missing = missing_fields(content)
    if missing:
        raise BidError("incomplete", missing=missing)
    content = {**content, "salt": secrets.token_hex(16)}
    _store(bid, content)
    now = clock.now()
    bid.status = BidStatus.SUBMITTED
    bid.revision += 1
    bid.submitted_at = now
    bid.withdrawn_at = None
    bid.updated_by = user
    bid.updated_at = now
    bid.receipt_hash = receipt_hash(bid, content)
    db.session.flush()
    # The audit keeps the receipt, never the content or the price.
    record(
        "bid.submit",
        bid,
        details={"tender": tender.id, "revision": bid.revision, "receipt": bid.receipt_hash},
    )
    return bid


def withdraw_bid(tender: Tender, user: User) -> Bid:
    tender = lock_tender(tender)
    _check_open(tender, user)
    bid = bid_for(tender, user)
    if bid is None or bid.status is not BidStatus.SUBMITTED:
        raise BidError("nothing_to_withdraw")
    bid.status = BidStatus.WITHDRAWN
    bid.withdrawn_at = clock.now()
    bid.updated_by = user
    db.session.flush()
    record("bid.withdraw", bid, details={"tender": tender.id, "revision": bid.revision})
    return bid


SAFE_NAME = re.compile(r"[^\w.\-（）()\u4e00-\u9fff]+")


def looks_like_pdf(data: bytes) -> bool:
    """A PDF starts with %PDF- and ends with %%EOF (allowing trailing whitespace)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def add_attachment(tender: Tender, user: User, filename: str, data: bytes) -> BidAttachment:
    tender = lock_tender(tender)
    _check_open(tender, user)
    if len(data) > current_app.config["MAX_ATTACHMENT_BYTES"]:
        raise BidError("too_large")
    if not looks_like_pdf(data):
        raise BidError("not_pdf")
    bid = bid_for(tender, user)
    if bid is None:
        bid = save_draft(tender, user, {"price": None, "fields": {}, "rate_table": {}})
    if bid.status is BidStatus.WITHDRAWN:
        raise BidError("withdrawn")
    name = (
        SAFE_NAME.sub("_", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:150]
        or "attachment.pdf"
    )
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    attachment = BidAttachment(bid=bid, filename=name, size=len(data), sha256=sealing.digest(data))
    attachment.sealed_data = sealing.seal(tender.wrapped_key, data, attachment.sealing_context())
    db.session.add(attachment)
    db.session.flush()
    record("bid.add_attachment", bid, details={"tender": tender.id, "sha256": attachment.sha256})
    if bid.status is BidStatus.SUBMITTED:
        submit_bid(tender, user)  # the receipt covers the attachments: a new one is issued
    return attachment


def remove_attachment(tender: Tender, user: User, attachment: BidAttachment) -> None:
    tender = lock_tender(tender)
    _check_open(tender, user)
    bid = attachment.bid
    if bid.insurer_id != user.insurer_id:
        raise BidError("not_yours")
    bid.attachments.remove(attachment)
    db.session.flush()
    record("bid.remove_attachment", bid, details={"tender": tender.id, "sha256": attachment.sha256})
    if bid.status is BidStatus.SUBMITTED:
        submit_bid(tender, user)
