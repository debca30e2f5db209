"""Signing the evaluation report, and downloading it and the score sheet."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from procurement.accounts.models import Role
from procurement.downloads import PDF, XLSX, send_download
from procurement.evaluation import operations as ops
from procurement.evaluation.blueprint import bp, load, my_seat
from procurement.evaluation.forms import SignForm
from procurement.evaluation.queries import EvaluationState, bid_key
from procurement.evaluation.report import score_sheet
from procurement.security import roles
from procurement.tenders.models import Tender
from procurement.web import attempt, form_status


@bp.route("/<int:tender_id>/sign", methods=["GET", "POST"])
@roles(Role.MEMBER)
def sign(tender_id: int) -> Any:
    tender = load(tender_id, Tender.is_seated)
    seat = my_seat(tender)
    form = SignForm()
    problem = None
    if form.validate_on_submit():
        done = attempt(ops.sign_report, seat, form.dissent.data or "")
        if done.ok:
            flash(_("Signed."), "success")
            return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
        problem = done.error.message if done.error else None
    state = EvaluationState(tender)
    row = state.result
    return render_template(
        "evaluation/sign.html",
        tender=tender,
        form=form,
        signed=state.signatures.get(seat.id),
        result=row.result if row else None,
        finalised=row is not None and row.finalised_at is not None,
        names={bid_key(bid): bid.insurer.name for bid in state.bids},
        problem=problem,
    ), form_status()


@bp.get("/<int:tender_id>/report.pdf")
@roles(Role.OFFICER, Role.MEMBER, Role.SUPERVISOR)
def report_pdf(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_read_report)
    row = EvaluationState(tender).result
    if row is None or row.report_sha256 is None or row.report_pdf is None:
        abort(404)
    return send_download(
        row.report_pdf,
        f"evaluation-report-{tender.reference}.pdf",
        mimetype=PDF,
        headers={"X-Content-SHA256": row.report_sha256},
    )


@bp.get("/<int:tender_id>/scores.xlsx")
@roles(Role.OFFICER, Role.MEMBER)
def scores_xlsx(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_read_report)
    state = EvaluationState(tender)
    if not state.all_submitted or state.result is None:
        abort(404)
    return send_download(score_sheet(state), f"scores-{tender.reference}.xlsx", mimetype=XLSX)
