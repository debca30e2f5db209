"""Opening a tender and its opening record (开标记录)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.opening import operations as ops
from procurement.security import roles
from procurement.tenders.models import Tender, TenderStatus

bp = Blueprint("opening", __name__, url_prefix="/tenders")


@bp.post("/<int:tender_id>/open")
@roles(Role.OFFICER)
def open_bids(tender_id: int) -> Any:
    tender = db.get_or_404(Tender, tender_id)
    if not tender.can_manage(current_user):
        abort(403)
    try:
        tender = ops.open_tender(tender, current_user)
    except ops.OpeningError as error:
        db.session.rollback()
        flash(
            _("The opening time has not come yet.")
            if error.code == "not_yet"
            else _("This tender cannot be opened."),
            "error",
        )
        return redirect(url_for("tenders.detail", tender_id=tender_id))
    db.session.commit()
    if tender.status is TenderStatus.FAILED:
        flash(_("Opened. The tender failed: %(reason)s", reason=tender.failure_reason), "error")
    else:
        flash(_("Opened: the opening record is available to every bidder."), "success")
    return redirect(url_for("opening.record", tender_id=tender.id))


@bp.get("/<int:tender_id>/opening-record")
@roles(Role.OFFICER, Role.INSURER, Role.MEMBER)
def record(tender_id: int) -> Any:
    tender = db.get_or_404(Tender, tender_id)
    if tender.opened_at is None:
        abort(404)
    allowed = (
        tender.can_manage(current_user) or ops.is_bidder(tender, current_user) or _is_member(tender)
    )
    if not allowed:
        abort(403)
    return render_template("opening/record.html", tender=tender, bids=ops.submitted_bids(tender))


def _is_member(tender: Tender) -> bool:
    return tender.may_score(current_user)
