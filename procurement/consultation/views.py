"""The consultation pages: the committee's round (minutes per supplier, changes, the call for final
offers, the opening of the final offers) and each supplier's own page (its minutes only, the changes
sent to it, its sealed final offer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role, User
from procurement.bids.forms import SealedBidForm
from procurement.bids.models import Bid
from procurement.consultation import offers, operations, queries, responses
from procurement.consultation.errors import ConsultationError
from procurement.consultation.forms import (
    ChangeForm,
    ConfirmForm,
    InviteForm,
    MinuteForm,
    ResponseForm,
)
from procurement.consultation.models import ChangeResponse
from procurement.consultation.pages import round_page, supplier_page
from procurement.downloads import PDF, send_download
from procurement.evaluation.queries.state import EvaluationState
from procurement.extensions import db
from procurement.keyholders.views import passphrases_posted
from procurement.security import roles
from procurement.tenders.models import Tender
from procurement.web import Outcome, attempt

bp = Blueprint("consultation", __name__, url_prefix="/consultation")


def _load(tender_id: int, may: Callable[[Tender, User], bool]) -> Tender:
    """An opened competitive consultation (404 otherwise, or another office's); 403 unless `may`."""
    tender = db.get_or_404(Tender, tender_id)
    if not queries.is_consultation(tender) or tender.opened_at is None:
        abort(404)
    if not may(tender, current_user):
        abort(404 if tender.hidden_from(current_user) else 403)
    return tender


def may_follow(tender: Tender, user: User) -> bool:
    """The officer, the committee and the supervisors read every supplier's minutes."""
    return tender.can_manage(user) or tender.is_seated(user) or tender.can_supervise(user)


def _back(tender: Tender, done: Outcome[Any], message: str) -> Any:
    if done.ok:
        flash(message, "success")
    else:
        done.flash_problems()
    return redirect(url_for("consultation.round", tender_id=tender.id))


@bp.get("/<int:tender_id>")
@roles(Role.OFFICER, Role.MEMBER, Role.SUPERVISOR)
def round(tender_id: int) -> Any:
    tender = _load(tender_id, may_follow)
    return render_template("consultation/round.html", **round_page(tender))


@bp.post("/<int:tender_id>/minutes/<int:bid_id>")
@roles(Role.MEMBER)
def minute(tender_id: int, bid_id: int) -> Any:
    tender = _load(tender_id, Tender.can_chair)
    bid = db.get_or_404(Bid, bid_id)
    if bid.tender_id != tender.id:
        abort(404)
    form = MinuteForm()
    if not form.validate_on_submit():
        flash(ConsultationError.message_for("text_required"), "error")
        return redirect(url_for("consultation.round", tender_id=tender.id))
    done = attempt(operations.record_minute, tender, bid, form.text.data or "", current_user)
    return _back(tender, done, _("Minutes recorded."))


@bp.post("/<int:tender_id>/changes")
@roles(Role.MEMBER)
def change(tender_id: int) -> Any:
    tender = _load(tender_id, Tender.can_chair)
    form = ChangeForm()
    if not form.validate_on_submit():
        flash(_("Write the change and its response deadline."), "error")
        return redirect(url_for("consultation.round", tender_id=tender.id))
    done = attempt(
        operations.record_change, tender, form.text.data or "", form.respond_by_utc(), current_user
    )
    return _back(tender, done, _("The change was sent to every supplier still in."))


@bp.post("/<int:tender_id>/invite")
@roles(Role.MEMBER)
def invite(tender_id: int) -> Any:
    tender = _load(tender_id, Tender.can_chair)
    form = InviteForm()
    if not form.validate_on_submit():
        flash(_("Give the deadline for final offers."), "error")
        return redirect(url_for("consultation.round", tender_id=tender.id))
    done = attempt(operations.invite_offers, tender, form.deadline_utc(),
                   form.exception.data or None, form.exception_note.data or "", current_user)  # fmt: skip
    return _back(tender, done, _("Final offers invited from every supplier still in."))


@bp.post("/<int:tender_id>/open")
@roles(Role.OFFICER)
def open_offers(tender_id: int) -> Any:
    tender = _load(tender_id, Tender.can_manage)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    done = attempt(offers.open_offers, tender, current_user, passphrases_posted(tender))
    return _back(tender, done, _("The final offers are opened."))


def _mine(tender_id: int) -> tuple[Tender, Bid]:
    """The signed-in supplier's bid on an opened consultation, if it was qualified (404 else)."""
    tender = db.get_or_404(Tender, tender_id)
    if not queries.is_consultation(tender) or tender.opened_at is None:
        abort(404)
    bid = queries.bid_of_insurer(tender, current_user.insurer_id)
    if bid is None or bid not in queries.qualified(EvaluationState(tender)):
        abort(404)
    return tender, bid


@bp.route("/<int:tender_id>/mine", methods=["GET", "POST"])
@roles(Role.INSURER)
def mine(tender_id: int) -> Any:
    tender, bid = _mine(tender_id)
    form = SealedBidForm()
    if form.validate_on_submit():
        done = attempt(offers.submit_offer, tender, bid, current_user, form.sealed())
        if done.ok:
            flash(_("Final offer received. Receipt: %(hash)s", hash=done.value.receipt_hash),
                  "success")  # fmt: skip
        else:
            done.flash_problems()
        return redirect(url_for("consultation.mine", tender_id=tender.id))
    return render_template("consultation/mine.html", **supplier_page(tender, bid), sealed_form=form)


@bp.post("/<int:tender_id>/mine/leave")
@roles(Role.INSURER)
def leave(tender_id: int) -> Any:
    tender, bid = _mine(tender_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    done = attempt(operations.leave, tender, bid, current_user)
    if done.ok:
        flash(_("You left the consultation."), "success")
    else:
        done.flash_problems()
    return redirect(url_for("consultation.mine", tender_id=tender.id))


@bp.post("/<int:tender_id>/mine/changes/<int:number>/response")
@roles(Role.INSURER)
def respond(tender_id: int, number: int) -> Any:
    tender, bid = _mine(tender_id)
    change = queries.change_numbered(tender, number)
    if change is None or bid.id not in change.sent_to:
        abort(404)
    form = ResponseForm()
    if not form.validate_on_submit():
        flash(ConsultationError.message_for("response_required"), "error")
        return redirect(url_for("consultation.mine", tender_id=tender.id))
    upload = form.attachment.data
    attachment = upload.read() if upload else None
    done = attempt(responses.respond, tender, bid, change, form.text.data or "", current_user,
                   attachment or None, upload.filename if upload else None)  # fmt: skip
    if done.ok:
        flash(_("Your response to change %(n)s was received.", n=change.number), "success")
    else:
        done.flash_problems()
    return redirect(url_for("consultation.mine", tender_id=tender.id))


@bp.get("/<int:tender_id>/responses/<int:response_id>/attachment")
@roles(Role.OFFICER, Role.MEMBER, Role.INSURER, Role.SUPERVISOR)
def attachment(tender_id: int, response_id: int) -> Any:
    """A response's PDF: for its supplier, the officer, the committee and the supervisors (404 for
    anyone else)."""
    response = db.session.get(ChangeResponse, response_id)
    if (
        response is None
        or response.tender_id != tender_id
        or response.attachment_filename is None
        or not response.readable_by(current_user)
    ):
        abort(404)
    filename = f"response-{response.bid.tender.reference}-{response.change.number}.pdf"
    return send_download(response.attachment or b"", filename, mimetype=PDF)


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    from procurement.consultation.pages import supplier_panel

    return {"consultation_panel": supplier_panel}
