"""Signing the evaluation report, and downloading it and the score sheet."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from procurement.accounts.models import Role
from procurement.downloads import PDF, XLSX, send_download
from procurement.evaluation import documents
from procurement.evaluation import operations as ops
from procurement.evaluation.blueprint import bp, load, my_seat
from procurement.evaluation.forms import SignForm
from procurement.evaluation.queries import EvaluationState, all_signed
from procurement.evaluation.report import score_sheet
from procurement.jobs.views import preparing
from procurement.security import roles
from procurement.tenders.models import Tender
from procurement.web import attempt, form_status

NOT_PREPARED = _l(
    "The report could not be prepared. The officer in charge of the tender has been told and "
    "will try again."
)


@bp.route("/<int:tender_id>/sign", methods=["GET", "POST"])
@roles(Role.MEMBER)
def sign(tender_id: int) -> Any:
    tender = load(tender_id, Tender.is_seated)
    seat = my_seat(tender)
    form = SignForm()
    problem = None
    if form.validate_on_submit():
        sha256 = form.sha256.data or ""
        done = attempt(ops.sign_report, seat, form.dissent.data or "", sha256)
        if done.ok:
            flash(_("Signed."), "success")
            return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
        problem = done.error.message if done.error else None
        form.agree.data = False  # a refusal is signed again only after a fresh tick
    state = EvaluationState(tender)
    draft = state.draft
    form.sha256.data = (draft and draft.sha256) or ""  # the draft this page shows is the one signed
    return render_template(
        "evaluation/sign.html",
        tender=tender,
        form=form,
        signed=state.signatures.get(seat.id),
        withdrawn=[s for s in state.signature_history if s.member_id == seat.id and s.withdrawn_at],
        draft=draft,
        draft_job=documents.pending_draft_job(draft),
        finalised=state.result is not None and state.result.finalised_at is not None,
        problem=problem,
    ), form_status()


@bp.get("/<int:tender_id>/drafts/<int:version>.pdf")
@roles(Role.OFFICER, Role.MEMBER)
def draft_pdf(tender_id: int, version: int) -> Any:
    """A stored draft of the report, shown in the browser's PDF viewer (never rendered here)."""
    tender = load(tender_id, Tender.can_read_report)
    draft = next((d for d in EvaluationState(tender).drafts if d.version == version), None)
    if draft is None:
        abort(404)
    if draft.pdf is None or draft.sha256 is None:  # its job has not rendered it yet
        job = documents.job_of(documents.REPORT_DRAFT, draft.id)
        if job is None or draft.superseded_at is not None:
            abort(404)  # replaced before it was rendered: nobody reads it
        title = _("Draft %(version)s of the evaluation report", version=version)
        return preparing(job, title, failed_text=NOT_PREPARED)
    return send_download(
        draft.pdf,
        f"evaluation-report-{tender.reference}-draft-{version}.pdf",
        mimetype=PDF,
        inline=True,
        headers={"X-Content-SHA256": draft.sha256},
    )


@bp.get("/<int:tender_id>/report.pdf")
@roles(Role.OFFICER, Role.MEMBER, Role.SUPERVISOR)
def report_pdf(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_read_report)
    row = EvaluationState(tender).result
    if row is None or row.report_sha256 is None or row.report_pdf is None:
        job = documents.job_of(documents.EVALUATION_REPORT, tender.id)
        if row is None or job is None or not all_signed(tender):
            abort(404)
        return preparing(job, _("Evaluation report"), failed_text=NOT_PREPARED)
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
