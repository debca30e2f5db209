"""The report and its signatures: a member signs the draft they read (its SHA-256).

When the chair finalises, the report is rendered as a draft marked 待签署 and stored (version 1).
Rendering is a job (evaluation/documents.py): the operations here write the draft's row and ask for
it; the worker stores the PDF and the SHA-256 the members sign.
Anything the report shows that changes afterwards goes through `report_changed`, the one hook: the
signatures given are withdrawn (kept, with the reason), the members are told, and a new draft
version is rendered for them to sign — or, when the change leaves a flag undecided or reopens the
evaluation, the draft is void until the chair finalises again. When every seated member has signed
the current draft, the final report is rendered once (a job too) and stored with its SHA-256.
"""

from __future__ import annotations

from datetime import datetime

from procurement import clock, sealing
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.models import (
    CommitteeMember,
    EvaluationResult,
    ReportDraft,
    ReportSignature,
)
from procurement.evaluation.queries import EvaluationState, all_signed
from procurement.extensions import db
from procurement.jobs import operations as jobs
from procurement.publication import notifications
from procurement.tenders.models import Tender, TenderStatus

FIRST_DRAFT = "评标结论确定"  # the reason of the draft the chair's finalisation renders
# The jobs that render the report (evaluation/documents.py does their work)
REPORT_DRAFT = "report_draft"  # subject: the draft (report_drafts.id)
EVALUATION_REPORT = "evaluation_report"  # subject: the tender


def render_draft(tender: Tender, reason: str) -> ReportDraft:
    """A new draft version of the report (待签署 on every page), rendered by a job once this
    transaction commits (`store_draft`); the signatures on the earlier version are withdrawn with
    `reason`, and every member is asked to sign."""
    state = EvaluationState(tender)
    now = clock.now()
    version = state.drafts[-1].version + 1 if state.drafts else 1
    if state.draft is not None:
        state.draft.superseded_at = now
    draft = ReportDraft(tender_id=tender.id, version=version, pdf=None, sha256=None, reason=reason)
    db.session.add(draft)
    withdrawn = _withdraw_signatures(state, reason, now)
    for seat in state.members:
        notifications.report_to_sign(
            seat.user, tender.reference, tender.id, version, seat.user_id in withdrawn
        )
    db.session.flush()
    record(
        "evaluation.draft_report",
        tender,
        details={"version": version, "reason": reason, "withdrawn": withdrawn},
    )
    # a new draft's rendering (renewed, should a job of that id remain from a deleted draft)
    jobs.renew(REPORT_DRAFT, draft.id, owner_id=tender.created_by_id)
    return draft


def store_draft(draft: ReportDraft) -> ReportDraft:
    """Render a draft as the report reads now, marked with its version, and store it with its
    SHA-256 — the hash the members sign (a job: evaluation/documents.py)."""
    from procurement.evaluation.report import render_report

    tender = db.session.get(Tender, draft.tender_id)
    assert tender is not None  # noqa: S101  # a draft belongs to a tender
    data = render_report(tender, draft_version=draft.version)
    draft.pdf, draft.sha256 = data, sealing.digest(data)
    db.session.flush()
    record(
        "evaluation.draft_rendered",
        tender,
        details={"version": draft.version, "sha256": draft.sha256},
    )
    return draft


def report_changed(tender: Tender, reason: str) -> ReportDraft | None:
    """Something the report shows has changed (`reason` says what): call this after storing the
    change. Before any draft nothing happens. With every flag decided and the ranking final, a new
    draft version replaces the one signed; otherwise the ranking is no longer final, the draft is
    void and its signatures withdrawn until the chair finalises again."""
    state = EvaluationState(tender)
    row = state.result
    if row is None or (row.finalised_at is None and state.draft is None and not state.signatures):
        return None
    if row.finalised_at is not None and not state.undecided_flags(row.result):
        return render_draft(tender, reason)
    now = clock.now()
    row.finalised_at = None
    if state.draft is not None:
        state.draft.superseded_at = now
    withdrawn = _withdraw_signatures(state, reason, now)
    for seat in state.members:
        notifications.report_draft_void(
            seat.user, tender.reference, tender.id, seat.user_id in withdrawn
        )
    db.session.flush()
    record("evaluation.void_draft", tender, details={"reason": reason, "withdrawn": withdrawn})
    return None


def _withdraw_signatures(state: EvaluationState, reason: str, now: datetime) -> list[int]:
    """Withdraw every standing signature (kept in the history); the signers' user ids."""
    withdrawn = []
    for signature in state.signatures.values():
        signature.withdrawn_at, signature.withdrawn_reason = now, reason
        withdrawn.append(signature.member.user_id)
    return withdrawn


def sign_report(seat: CommitteeMember, dissent: str, sha256: str) -> ReportSignature:
    """A member's signature on the draft whose SHA-256 they read, with their dissent if any.
    Refused when the draft changed in the meantime: the member reads the new one."""
    if seat.removed:
        raise EvaluationError("not_seated")
    state = EvaluationState(seat.tender)
    if state.result is None or state.result.finalised_at is None:
        raise EvaluationError("not_finalised")
    draft = state.draft
    if draft is None:
        raise EvaluationError("no_draft")
    if draft.sha256 is None:
        raise EvaluationError("draft_preparing", version=draft.version)
    if sha256.strip().lower() != draft.sha256:
        raise EvaluationError("draft_changed", version=draft.version)
    if seat.id in state.signatures:
        raise EvaluationError("already_signed")
    signature = ReportSignature(
        tender_id=seat.tender_id,
        member_id=seat.id,
        dissent=dissent.strip() or None,
        draft_id=draft.id,
        sha256=draft.sha256,
    )
    db.session.add(signature)
    db.session.flush()
    record(
        "evaluation.sign",
        seat.tender,
        details={
            "member": seat.user_id,
            "dissent": signature.dissent,
            "version": draft.version,
            "sha256": draft.sha256,
        },
    )
    if all_signed(seat.tender):  # the final report (again, after a reopened evaluation)
        jobs.renew(EVALUATION_REPORT, seat.tender_id, owner_id=seat.tender.created_by_id)
    return signature


def complete_report(tender: Tender) -> EvaluationResult | None:
    """When every seated member has signed the current draft: render the final report once (the
    signatures with the hash each signed, the dissent, the drafts' history), store its SHA-256.
    A job, asked for by the last signature (evaluation/documents.py)."""
    state = EvaluationState(tender)
    row, draft = state.result, state.draft
    if row is None or row.finalised_at is None or draft is None:
        return None
    signatures = state.signatures
    if any(
        seat.id not in signatures or signatures[seat.id].draft_id != draft.id
        for seat in state.members
    ):
        return None
    if row.report_sha256 is not None:  # rendered already (a second delivery of the job)
        return row
    from procurement.evaluation.report import render_report

    row.report_pdf = render_report(tender)
    row.report_sha256 = sealing.digest(row.report_pdf)
    tender.move_to(TenderStatus.EVALUATED)
    db.session.flush()
    record(
        "evaluation.report",
        tender,
        details={"sha256": row.report_sha256, "draft": draft.version, "draft_sha256": draft.sha256},
    )
    return row


def reopen(tender: Tender, actor: User, reason: str) -> None:
    """Back to evaluation (an upheld objection): the ranking is no longer final, the final report
    is void and the signatures are withdrawn (kept). Scores and flag decisions stay for the
    committee to revise; the chair's next finalisation renders a new draft to sign."""
    row = EvaluationState(tender).result
    if row is not None:
        row.finalised_at, row.report_pdf, row.report_sha256 = None, None, None
    tender.move_to(TenderStatus.OPENED)
    db.session.flush()
    record("evaluation.reopen", tender, details={"reason": reason}, actor=actor)
    report_changed(tender, f"重新评审：{reason}")
