"""The insurer portal: prepare, submit, revise and withdraw a sealed bid; receipts; attachments."""

from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement import clock
from procurement.accounts.models import Role
from procurement.bids import operations as ops
from procurement.bids import queries, sealed
from procurement.bids.fields import AGE_BANDS, SECTIONS
from procurement.bids.forms import AttachmentForm, BidForm, SealedBidForm, WithdrawForm, rate_field
from procurement.bids.models import Bid, BidAttachment
from procurement.downloads import PDF, send_download
from procurement.extensions import db
from procurement.keyholders.queries import tender_key_of
from procurement.labels import label
from procurement.pdf import render_pdf
from procurement.security import roles
from procurement.tenders import operations as tender_ops
from procurement.tenders.models import Tender
from procurement.tenders.queries import (
    amendment_by_number,
    by_reference,
    unacknowledged_amendments,
    with_notice,
)
from procurement.web import attempt, form_status

bp = Blueprint("bids", __name__, url_prefix="/bids")


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {
        "bid_status_label": bid_status_label,
        "submitted_bid_count": queries.submitted_bid_count,
        "now": clock.now,
    }


def bid_status_label(bid: Bid) -> str:
    return label(bid.status)


def _tender(reference: str) -> Tender:
    """The public tender a bidder works on: 404 for an unknown reference or a draft."""
    tender = db.first_or_404(by_reference(reference))
    if not tender.is_public:
        abort(404)
    return tender


def _back(tender: Tender) -> Any:
    return redirect(url_for("bids.edit", reference=tender.reference))


@bp.get("/")
@roles(Role.INSURER)
def index() -> Any:
    bids = db.session.scalars(queries.bids_of(current_user)).all()
    notices = with_notice([bid.tender_id for bid in bids])
    return render_template("bids/index.html", bids=bids, notices=notices)


def _render(tender: Tender, problem: str | None = None) -> Any:
    tender_key = tender_key_of(tender)
    page = render_template(
        "bids/edit.html",
        tender=tender,
        form=BidForm(formdata=None),
        sealed_form=SealedBidForm(formdata=None),
        bid=queries.bid_for(tender, current_user),
        sections=SECTIONS,
        rate_fields=[(rate_field(band), label) for band, label in AGE_BANDS],
        upload_form=AttachmentForm(formdata=None),
        withdraw_form=WithdrawForm(),
        pending=unacknowledged_amendments(tender, current_user.insurer_id),
        problem=problem,
        open_for_bids=tender.accepts_bids(clock.now()) and tender_key is not None,
        seal_key=base64.b64encode(tender_key.public_key).decode() if tender_key else "",
        seal_context=sealed.context(tender.id, current_user.insurer_id or 0),
        attachment_context=sealed.attachment_context(tender.id, current_user.insurer_id or 0),
        required=" ".join(sealed.required_names()),
        numeric=" ".join(sealed.numeric_names()),
    )
    return page, form_status()


@bp.route("/<reference>", methods=["GET", "POST"])
@roles(Role.INSURER)
def edit(reference: str) -> Any:
    """The bid page; what it posts is the bid sealed in the browser (static/seal.js)."""
    tender = _tender(reference)
    form = SealedBidForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _render(tender)
    done = attempt(ops.submit_bid, tender, current_user, form.sealed())
    if done.error is not None:
        return _render(tender, done.error.message)
    flash(_("Bid submitted. Keep the receipt."), "success")
    return redirect(url_for("bids.receipt", reference=tender.reference))


@bp.post("/<reference>/acknowledge/<int:number>")
@roles(Role.INSURER)
def acknowledge(reference: str, number: int) -> Any:
    tender = _tender(reference)
    amendment = db.first_or_404(amendment_by_number(tender, number))
    done = attempt(tender_ops.acknowledge_amendment, amendment, current_user)
    if done.ok:
        flash(_("Amendment %(n)s acknowledged.", n=number), "success")
    done.flash_problems()
    return _back(tender)


@bp.post("/<reference>/attachments")
@roles(Role.INSURER)
def upload(reference: str) -> Any:
    tender = _tender(reference)
    form = AttachmentForm()
    if not form.validate_on_submit():
        flash(_("Choose a PDF file."), "error")
        return _back(tender)
    upload = form.file.data
    data = upload.read()
    done = attempt(ops.add_attachment, tender, current_user, upload.filename or "", data)
    if done.ok:
        flash(_("Attachment added (sealed)."), "success")
    done.flash_problems()
    return _back(tender)


@bp.post("/<reference>/attachments/<int:attachment_id>/remove")
@roles(Role.INSURER)
def remove_attachment(reference: str, attachment_id: int) -> Any:
    tender = _tender(reference)
    # Someone else's attachment is a 404: not even a hint that it exists.
    attachment = db.first_or_404(queries.own_attachment(tender, current_user, attachment_id))
    done = attempt(ops.remove_attachment, tender, current_user, attachment)
    if done.ok:
        flash(_("Attachment removed."), "success")
    done.flash_problems()
    return _back(tender)


@bp.post("/<reference>/withdraw")
@roles(Role.INSURER)
def withdraw(reference: str) -> Any:
    tender = _tender(reference)
    done = attempt(ops.withdraw_bid, tender, current_user)
    if done.ok:
        flash(_("Bid withdrawn. You may submit again before the deadline."), "success")
    done.flash_problems()
    return _back(tender)


def _own_submitted(reference: str) -> Bid:
    bid = queries.bid_for(_tender(reference), current_user)
    if bid is None or bid.receipt_hash is None:
        abort(404)
    return bid


@bp.get("/<reference>/receipt")
@roles(Role.INSURER)
def receipt(reference: str) -> Any:
    return render_template("bids/receipt.html", bid=_own_submitted(reference))


@bp.get("/<reference>/receipt.pdf")
@roles(Role.INSURER)
def receipt_pdf(reference: str) -> Any:
    bid = _own_submitted(reference)
    document = render_pdf("print/receipt.html", bid=bid)
    filename = f"receipt-{bid.tender.reference}-{bid.revision}.pdf"
    return send_download(document, filename, mimetype=PDF)


def _readable_attachment(attachment_id: int) -> tuple[BidAttachment, bytes]:
    """An attachment the signed-in user may read, with its opened file; a read by the officer or a
    member is audited (committed before the file is sent)."""
    attachment = db.get_or_404(BidAttachment, attachment_id)
    if not attachment.bid.can_download(current_user):
        abort(404)  # a 403 would confirm that the attachment exists
    data = queries.attachment_data(attachment)
    if data is None:
        abort(404)  # sealed: the server cannot read it before the opening
    if current_user.role is not Role.INSURER:
        attempt(ops.record_attachment_view, attachment, current_user)
    return attachment, data


@bp.get("/attachments/<int:attachment_id>")
@roles(Role.INSURER, Role.OFFICER, Role.MEMBER)
def download(attachment_id: int) -> Any:
    attachment, data = _readable_attachment(attachment_id)
    return send_download(data, attachment.filename, mimetype=PDF)


@bp.get("/attachments/<int:attachment_id>/view")
@roles(Role.INSURER, Role.OFFICER, Role.MEMBER)
def view_attachment(attachment_id: int) -> Any:
    """The attachment in the browser's own PDF viewer, beside the evaluation page."""
    attachment, data = _readable_attachment(attachment_id)
    # The site's policy forbids plugins (object-src 'none'), which would block the PDF viewer.
    policy = {
        "Content-Security-Policy": "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
    }
    return send_download(data, attachment.filename, mimetype=PDF, inline=True, headers=policy)
