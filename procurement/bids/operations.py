"""Submitting, revising and withdrawing sealed bids, and their PDF attachments.

The insurer's browser seals the bid and each attachment to the tender's public key (static/seal.js,
procurement.bids.sealed); the server stores ciphertext it cannot read, and checks only its shape. Drafts
stay in the browser. The receipt hash is the SHA-256 of the canonical JSON of
`{"tender": reference, "insurer": uscc, "content": sha256 of the sealed bid,
"attachments": [sha256 of each sealed file]}` (sorted keys, no spaces, UTF-8). A ciphertext is
randomised (a fresh ephemeral key and nonce), so the hash lets nobody guess a price by trying prices.
"""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from procurement import clock, sealing
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.models import Bid, BidAttachment, BidStatus
from procurement.bids.queries import bid_for
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.keyholders import envelope
from procurement.tenders.models import Tender
from procurement.tenders.operations import lock_tender
from procurement.tenders.queries import unacknowledged_amendments


class BidError(DomainError):
    """A refused change of a bid; the page shows the message."""

    messages = {
        "not_approved": _l("Your company must be approved by an administrator before bidding."),
        "closed": _l("The submission deadline has passed: bids are no longer accepted."),
        "not_sealed": _l(
            "The bid was not sealed in your browser. Reload the page with JavaScript enabled."
        ),
        "acknowledge_first": lambda details: _(
            "Acknowledge amendment %(numbers)s first.",
            numbers="、".join(str(n) for n in details["numbers"]),
        ),
        # Refused by the browser's checks (seal.js) before sealing; the opening records them too.
        "incomplete": lambda details: _(
            "The bid is incomplete: %(n)s items are missing.", n=len(details["missing"])
        ),
        "above_ceiling": _l("The price exceeds the ceiling price of %(ceiling)s yuan."),
        "nothing_to_withdraw": _l("There is no submitted bid to withdraw."),
        "too_large": _l("The file is larger than 20 MB."),
        "withdrawn": _l("The bid was withdrawn; submit it again first."),
        "not_yours": _l("This attachment belongs to another bid."),
    }


def _check_open(tender: Tender, user: User) -> None:
    if not user.can_bid:
        raise BidError("not_approved")
    if not tender.accepts_bids(clock.now()):
        raise BidError("closed")


def receipt_hash(bid: Bid) -> str:
    return sealing.digest(
        sealing.canonical_json(
            {
                "tender": bid.tender.reference,
                "insurer": bid.insurer.uscc,
                "content": sealing.digest(bid.sealed_content),
                "attachments": [a.sha256 for a in bid.attachments],
            }
        )
    )


def _new_bid(tender: Tender, user: User) -> Bid:
    bid = Bid(
        tender=tender,
        insurer=user.insurer,
        status=BidStatus.DRAFT,  # attachments uploaded, nothing submitted yet
        updated_by=user,
        sealed_content=b"",
    )
    db.session.add(bid)
    db.session.flush()
    return bid


def submit_bid(tender: Tender, user: User, sealed_content: bytes | None = None) -> Bid:
    """Store the bid as sealed in the browser (or resubmit, as a revision) before the deadline;
    returns the bid with its new receipt. `sealed_content` None re-issues the receipt of what is
    stored (after an attachment changed)."""
    tender = lock_tender(tender)
    _check_open(tender, user)  # the server clock decides, after the lock
    pending = unacknowledged_amendments(tender, user.insurer_id) if user.insurer_id else []
    if pending:
        raise BidError("acknowledge_first", numbers=[a.number for a in pending])
    bid = bid_for(tender, user)
    if bid is None:
        bid = _new_bid(tender, user)
    if sealed_content is not None:
        bid.sealed_content = sealed_content
    if not envelope.looks_sealed(bid.sealed_content):
        raise BidError("not_sealed")
    now = clock.now()
    bid.status = BidStatus.SUBMITTED
    bid.revision += 1
    bid.submitted_at = now
    bid.withdrawn_at = None
    bid.updated_by = user
    bid.updated_at = now
    db.session.flush()
    bid.receipt_hash = receipt_hash(bid)
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


def _safe_name(filename: str) -> str:
    name = (
        SAFE_NAME.sub("_", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:150]
        or "attachment.pdf"
    )
    return name if name.lower().endswith(".pdf") else name + ".pdf"


def add_attachment(tender: Tender, user: User, filename: str, sealed_data: bytes) -> BidAttachment:
    """Store a PDF sealed in the browser (the browser checked it is a PDF; the opening checks again)."""
    tender = lock_tender(tender)
    _check_open(tender, user)
    if len(sealed_data) > current_app.config["MAX_ATTACHMENT_BYTES"] + envelope.OVERHEAD:
        raise BidError("too_large")
    if not envelope.looks_sealed(sealed_data):
        raise BidError("not_sealed")
    bid = bid_for(tender, user) or _new_bid(tender, user)
    if bid.status is BidStatus.WITHDRAWN:
        raise BidError("withdrawn")
    attachment = BidAttachment(
        bid=bid,
        filename=_safe_name(filename),
        size=len(sealed_data) - envelope.OVERHEAD,
        sha256=sealing.digest(sealed_data),
        sealed_data=sealed_data,
    )
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


def record_attachment_view(attachment: BidAttachment, user: User) -> None:
    """The officer or a member opened an opened bid's attachment: audited with the attachment's id
    and hash (which file was read, never what it says)."""
    record(
        "bid.attachment_viewed",
        attachment,
        details={
            "tender": attachment.bid.tender_id,
            "bid": attachment.bid_id,
            "attachment": attachment.id,
            "sha256": attachment.sha256,
        },
        actor=user,
    )
