"""The insurer portal: prepare, submit, revise and withdraw a sealed bid; receipts; attachments."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement import clock
from procurement.accounts.models import Role
from procurement.bids import operations as ops
from procurement.bids.fields import AGE_BANDS, ENTERED
from procurement.bids.forms import AttachmentForm, BidForm, WithdrawForm, rate_field
from procurement.bids.models import Bid, BidAttachment, BidStatus
from procurement.extensions import db
from procurement.security import roles
from procurement.tenders import operations as tender_ops
from procurement.tenders.models import Amendment, Tender
from procurement.tenders.queries import by_reference

bp = Blueprint("bids", __name__, url_prefix="/bids")


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    from procurement.bids.queries import submitted_bid_count

    return {
        "bid_status_label": bid_status_label,
        "submitted_bid_count": submitted_bid_count,
        "now": clock.now,
    }


def bid_status_label(bid: Bid) -> str:
    return {
        BidStatus.DRAFT: _("Draft"),
        BidStatus.SUBMITTED: _("Submitted"),
        BidStatus.WITHDRAWN: _("Withdrawn"),
    }[bid.status]


MESSAGES = {
    "not_approved": lambda d: _(
        "Your company must be approved by an administrator before bidding."
    ),
    "closed": lambda d: _("The submission deadline has passed: bids are no longer accepted."),
    "submitted_use_revise": lambda d: _("This bid is submitted: submit a revision instead."),
    "acknowledge_first": lambda d: _(
        "Acknowledge amendment %(numbers)s first.", numbers="、".join(str(n) for n in d["numbers"])
    ),
    "incomplete": lambda d: _(
        "The bid is incomplete: %(n)s items are missing.", n=len(d["missing"])
    ),
    "above_ceiling": lambda d: _(
        "The price exceeds the ceiling price of %(ceiling)s yuan.", ceiling=d["ceiling"]
    ),
    "nothing_to_withdraw": lambda d: _("There is no submitted bid to withdraw."),
    "too_large": lambda d: _("The file is larger than 20 MB."),
    "not_pdf": lambda d: _("The file is not a PDF (its content was checked, not its name)."),
    "withdrawn": lambda d: _("The bid was withdrawn; submit it again first."),
    "not_yours": lambda d: _("This attachment belongs to another bid."),
}


def message(error: ops.BidError) -> str:
    return MESSAGES[error.code](error.details)


def _tender(reference: str) -> Tender:
    tender = db.first_or_404(by_reference(reference))
    if not tender.is_public:
        abort(404)
    return tender


@bp.get("/")
@roles(Role.INSURER)
def index() -> Any:
    bids = db.session.scalars(
        db.select(Bid)
        .where(Bid.insurer_id == current_user.insurer_id)
        .order_by(Bid.updated_at.desc())
    ).all()
    return render_template("bids/index.html", bids=bids)


def _render(
    tender: Tender, form: BidForm, bid: Bid | None, status: int, problem: str | None
) -> Any:
    return (
        render_template(
            "bids/edit.html",
            tender=tender,
            form=form,
            bid=bid,
            entered=ENTERED,
            rate_fields=[(rate_field(band), label) for band, label in AGE_BANDS],
            upload_form=AttachmentForm(),
            withdraw_form=WithdrawForm(),
            pending=tender_ops.unacknowledged_amendments(tender, current_user.insurer_id),
            problem=problem,
            open_for_bids=tender.accepts_bids(clock.now()),
        ),
        status,
    )


@bp.route("/<reference>", methods=["GET", "POST"])
@roles(Role.INSURER)
def edit(reference: str) -> Any:
    tender = _tender(reference)
    bid = ops.bid_for(tender, current_user)
    form = BidForm()
    if request.method == "GET":
        if bid is not None:
            form.fill(ops.content_of(bid))
        return _render(tender, form, bid, 200, None)
    problem = None
    if form.validate_on_submit():
        content = form.content()
        try:
            if request.form.get("action") == "submit":
                bid = ops.submit_bid(tender, current_user, content)
            else:
                bid = ops.save_draft(tender, current_user, content)
        except ops.BidError as error:
            db.session.rollback()
            problem = message(error)
            if error.code == "above_ceiling":
                form.price.errors = [*form.price.errors, problem]
            if error.code == "incomplete":
                _mark_missing(form, error.details["missing"])
        else:
            db.session.commit()
            if bid.status is BidStatus.SUBMITTED:
                flash(_("Bid submitted. Keep the receipt."), "success")
                return redirect(url_for("bids.receipt", reference=tender.reference))
            flash(_("Draft saved (sealed)."), "success")
            return redirect(url_for("bids.edit", reference=tender.reference))
    return _render(tender, form, ops.bid_for(tender, current_user), 400, problem)


def _mark_missing(form: BidForm, missing: list[str]) -> None:
    required = _("Required for submission.")
    for key in missing:
        name = rate_field(key.split(":", 1)[1]) if key.startswith("rate:") else key
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, required]


@bp.post("/<reference>/acknowledge/<int:number>")
@roles(Role.INSURER)
def acknowledge(reference: str, number: int) -> Any:
    tender = _tender(reference)
    amendment = db.first_or_404(
        db.select(Amendment).where(Amendment.tender_id == tender.id, Amendment.number == number)
    )
    tender_ops.acknowledge_amendment(amendment, current_user)
    db.session.commit()
    flash(_("Amendment %(n)s acknowledged.", n=number), "success")
    return redirect(url_for("bids.edit", reference=tender.reference))


@bp.post("/<reference>/attachments")
@roles(Role.INSURER)
def upload(reference: str) -> Any:
    tender = _tender(reference)
    form = AttachmentForm()
    if not form.validate_on_submit():
        flash(_("Choose a PDF file."), "error")
        return redirect(url_for("bids.edit", reference=tender.reference))
    upload = form.file.data
    try:
        ops.add_attachment(tender, current_user, upload.filename or "", upload.read())
    except ops.BidError as error:
        db.session.rollback()
        flash(message(error), "error")
    else:
        db.session.commit()
        flash(_("Attachment added (sealed)."), "success")
    return redirect(url_for("bids.edit", reference=tender.reference))


@bp.post("/<reference>/attachments/<int:attachment_id>/remove")
@roles(Role.INSURER)
def remove_attachment(reference: str, attachment_id: int) -> Any:
    tender = _tender(reference)
    attachment = db.get_or_404(BidAttachment, attachment_id)
    if (
        attachment.bid.insurer_id != current_user.insurer_id
        or attachment.bid.tender_id != tender.id
    ):
        abort(404)  # not even a hint that it exists
    try:
        ops.remove_attachment(tender, current_user, attachment)
    except ops.BidError as error:
        db.session.rollback()
        flash(message(error), "error")
    else:
        db.session.commit()
        flash(_("Attachment removed."), "success")
    return redirect(url_for("bids.edit", reference=tender.reference))


@bp.post("/<reference>/withdraw")
@roles(Role.INSURER)
def withdraw(reference: str) -> Any:
    tender = _tender(reference)
    try:
        ops.withdraw_bid(tender, current_user)
    except ops.BidError as error:
        db.session.rollback()
        flash(message(error), "error")
    else:
        db.session.commit()
        flash(_("Bid withdrawn. You may submit again before the deadline."), "success")
    return redirect(url_for("bids.edit", reference=tender.reference))


def _own_submitted(reference: str) -> Bid:
    tender = _tender(reference)
    bid = ops.bid_for(tender, current_user)
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
    from procurement.pdf import render_pdf

    bid = _own_submitted(reference)
    document = render_pdf("print/receipt.html", bid=bid)
    return Response(
        document,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="receipt-{bid.tender.reference}-{bid.revision}.pdf"'
        },
    )


@bp.get("/attachments/<int:attachment_id>")
@roles(Role.INSURER, Role.OFFICER, Role.MEMBER)
def download(attachment_id: int) -> Any:
    attachment = db.get_or_404(BidAttachment, attachment_id)
    bid = attachment.bid
    if not may_download(bid):
        abort(404)  # a 403 would confirm that the attachment exists
    return Response(
        ops.attachment_data(attachment),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{attachment.filename}"'},
    )


def may_download(bid: Bid) -> bool:
    """The bidder always; after the opening, the officer and the members who may score."""
    if current_user.role is Role.INSURER:
        return bid.insurer_id == current_user.insurer_id
    if bid.tender.is_sealed():
        return False
    if current_user.role is Role.OFFICER:
        return True
    return bid.tender.may_score(current_user)
