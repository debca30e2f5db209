"""The report: members sign the finalised ranking (or write dissent); the last signature renders
the report PDF once and stores it with its digest. An upheld objection reopens the evaluation."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.models import CommitteeMember, EvaluationResult, ReportSignature
from procurement.evaluation.queries import EvaluationState
from procurement.extensions import db
from procurement.tenders.models import Tender, TenderStatus


def sign_report(seat: CommitteeMember, dissent: str) -> ReportSignature:
    """A member's signature on the finalised ranking, with their dissent if any."""
    if seat.removed:
        raise EvaluationError("not_seated")
    state = EvaluationState(seat.tender)
    if state.result is None or state.result.finalised_at is None:
        raise EvaluationError("not_finalised")
    if seat.id in state.signatures:
        raise EvaluationError("already_signed")
    signature = ReportSignature(
        tender_id=seat.tender_id, member_id=seat.id, dissent=dissent.strip() or None
    )
    db.session.add(signature)
    db.session.flush()
    record(
        "evaluation.sign",
        seat.tender,
        details={"member": seat.user_id, "dissent": signature.dissent},
    )
    complete_report(seat.tender)
    return signature


def complete_report(tender: Tender) -> EvaluationResult | None:
    """When every seated member has signed: render the report once, store it with its SHA-256."""
    state = EvaluationState(tender)
    row = state.result
    if row is None or row.finalised_at is None:
        return None
    if any(seat.id not in state.signatures for seat in state.members):
        return None
    from procurement import sealing
    from procurement.evaluation.report import render_report

    row.report_pdf = render_report(tender)
    row.report_sha256 = sealing.digest(row.report_pdf)
    tender.move_to(TenderStatus.EVALUATED)
    db.session.flush()
    record("evaluation.report", tender, details={"sha256": row.report_sha256})
    return row


def reopen(tender: Tender, actor: User, reason: str) -> None:
    """Back to evaluation (an upheld objection): the ranking is no longer final, and the
    signatures and the report are void. Scores and flag decisions stay for the committee to revise."""
    row = EvaluationState(tender).result
    if row is not None:
        row.finalised_at = None
        row.report_pdf = None
        row.report_sha256 = None
    db.session.execute(sa.delete(ReportSignature).where(ReportSignature.tender_id == tender.id))
    tender.move_to(TenderStatus.OPENED)
    db.session.flush()
    record("evaluation.reopen", tender, details={"reason": reason}, actor=actor)
