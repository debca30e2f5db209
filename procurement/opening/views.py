"""Opening a tender and its opening record (开标记录)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role, User
from procurement.consultation.record import final_offer_record
from procurement.downloads import PDF, send_download
from procurement.extensions import db
from procurement.keyholders.queries import opening_holders
from procurement.keyholders.views import passphrases_posted
from procurement.opening import operations as ops
from procurement.opening.draw import check_script, k_values
from procurement.opening.queries import submitted_bids
from procurement.pdf import render_pdf
from procurement.register.past import record_rows
from procurement.security import roles
from procurement.tenders.models import Tender, TenderStatus
from procurement.web import attempt

bp = Blueprint("opening", __name__, url_prefix="/tenders")
bp.add_app_template_global(check_script, "k_script_of")  # the K check script, filled in
bp.add_app_template_filter(k_values, "k_values")


def _tender(tender_id: int, may: Callable[[Tender, User], bool], *, opened: bool = False) -> Tender:
    """The tender, or 404 (also when `opened` is asked and it is not, or another office owns it);
    403 unless the user `may`."""
    tender = db.get_or_404(Tender, tender_id)
    if opened and tender.opened_at is None:
        abort(404)  # there is no opening record before the opening
    if not may(tender, current_user):
        abort(404 if tender.hidden_from(current_user) else 403)
    return tender


@bp.post("/<int:tender_id>/open")
@roles(Role.OFFICER)
def open_bids(tender_id: int) -> Any:
    tender = _tender(tender_id, Tender.can_manage)
    done = attempt(ops.open_tender, tender, current_user, passphrases_posted(tender))
    if not done.ok:
        done.flash_problems()
        return redirect(url_for("tenders.detail", tender_id=tender_id))
    if tender.status is TenderStatus.FAILED:
        flash(_("Opened. The tender failed: %(reason)s", reason=tender.failure_reason), "error")
    else:
        flash(_("Opened: the opening record is available to every bidder."), "success")
    return redirect(url_for("opening.record", tender_id=tender.id))


@bp.get("/<int:tender_id>/opening-record")
@roles(Role.OFFICER, Role.INSURER, Role.MEMBER)
def record(tender_id: int) -> Any:
    tender = _tender(tender_id, Tender.can_read_opening_record, opened=True)
    return render_template(
        "opening/record.html",
        tender=tender,
        bids=submitted_bids(tender),
        holders=opening_holders(tender),
        past=record_rows(tender.criteria, submitted_bids(tender)),
        final_record=final_offer_record(tender),
    )


@bp.get("/<int:tender_id>/opening-record.pdf")
@roles(Role.OFFICER, Role.INSURER, Role.MEMBER)
def record_pdf(tender_id: int) -> Any:
    """The opening record as a PDF (开标记录), with the K drawn at opening and how to check it."""
    tender = _tender(tender_id, Tender.can_read_opening_record, opened=True)
    document = render_pdf(
        "print/opening_record.html",
        tender=tender,
        bids=submitted_bids(tender),
        holders=opening_holders(tender),
        final_record=final_offer_record(tender),
        print=True,
    )
    return send_download(document, f"开标记录-{tender.reference}.pdf", mimetype=PDF)
