"""A supplier's written response to a change of the requirements (besides its final offer).

A supplier still in the consultation answers a change sent to it before the change's response
deadline, in words and optionally with a PDF; it may replace its response until then. The response
is read by the committee, the officer and that supplier only (`ChangeResponse.readable_by`); the
audit event keeps the SHA-256 of the text and of the attachment, never their content.
"""

from __future__ import annotations

from procurement import clock, sealing
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.models import Bid
from procurement.bids.operations import looks_like_pdf
from procurement.consultation import queries
from procurement.consultation.errors import ConsultationError
from procurement.consultation.models import ChangeResponse, ConsultationChange
from procurement.consultation.offers import still_in
from procurement.extensions import db
from procurement.i18n import local_time
from procurement.tenders.models import Tender, TenderStatus

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def respond(
    tender: Tender,
    bid: Bid,
    change: ConsultationChange,
    text: str,
    user: User,
    attachment: bytes | None = None,
    attachment_filename: str | None = None,
) -> ChangeResponse:
    """Record (or replace) `bid`'s written response to `change`, before its response deadline."""
    if not queries.is_consultation(tender) or change.tender_id != tender.id:
        raise ConsultationError("not_consultation")
    if tender.status is not TenderStatus.OPENED:
        raise ConsultationError("procedure_over")
    if bid.id not in change.sent_to:
        raise ConsultationError("not_sent")
    still_in(tender, bid)
    if clock.now() >= change.respond_by:
        raise ConsultationError("response_late", "text", number=change.number,
                                time=local_time(change.respond_by))  # fmt: skip
    if not text.strip():
        raise ConsultationError("response_required", "text")
    if attachment:
        if len(attachment) > MAX_ATTACHMENT_BYTES:
            raise ConsultationError("attachment_too_large", "attachment",
                                    mb=MAX_ATTACHMENT_BYTES // (1024 * 1024))  # fmt: skip
        if not looks_like_pdf(attachment):
            raise ConsultationError("attachment_not_pdf", "attachment")
    response = queries.response_of(change, bid)
    if response is None:
        response = ChangeResponse(
            tender_id=tender.id, change_id=change.id, bid_id=bid.id, revision=0
        )
        db.session.add(response)
    response.text = text.strip()
    response.revision += 1
    response.submitted_by_id = user.id
    response.submitted_at = clock.now()
    if attachment:
        response.attachment = attachment
        response.attachment_filename = (attachment_filename or "response.pdf")[-200:]
        response.attachment_sha256 = sealing.digest(attachment)
    db.session.flush()
    record(
        "consultation.response",
        tender,
        details={
            "bid": bid.id,
            "change": change.number,
            "revision": response.revision,
            "sha256": sealing.digest(response.text.encode()),
            "attachment_sha256": response.attachment_sha256,
        },
        actor=user,
    )
    return response
