"""The reviews: the purchaser's qualification review and the committee's compliance review."""

from __future__ import annotations

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.models import Bid
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.models import ReviewKind, ReviewResult
from procurement.evaluation.queries import EvaluationState
from procurement.extensions import db
from procurement.tenders.models import Tender, TenderStatus


def record_review(
    tender: Tender,
    bid: Bid,
    kind: ReviewKind,
    decisions: dict[str, tuple[bool, str]],
    user: User,
) -> None:
    """Pass or fail a bid on every requirement of a review; a failure needs its reason."""
    if tender.status is not TenderStatus.OPENED:
        raise EvaluationError("not_opened")
    state = EvaluationState(tender)
    if state.scoring_started:
        raise EvaluationError("scoring_started")
    if state.consultation is not None and state.consultation.invited:
        raise EvaluationError("consultation_invited")  # who is asked for final offers stands
    if bid not in state.eligible_for_review(kind):
        raise EvaluationError("not_reviewable")
    wanted = {r["id"] for r in state.requirements(kind)}
    if set(decisions) != wanted:
        raise EvaluationError("review_incomplete")
    for requirement_id, (passed, reason) in decisions.items():
        if not passed and not reason.strip():
            raise EvaluationError("reason_required", requirement=requirement_id)
    for requirement_id, (passed, reason) in decisions.items():
        row = state.reviews.get((bid.id, kind, requirement_id))
        if row is None:
            row = ReviewResult(
                tender_id=tender.id, bid_id=bid.id, kind=kind, requirement_id=requirement_id
            )
            db.session.add(row)
        row.passed = passed
        row.reason = reason.strip()
        row.decided_by_id = user.id
        row.decided_at = clock.now()
    db.session.flush()
    record(
        f"evaluation.{kind.value}_review",
        tender,
        details={
            "bid": bid.id,
            "failed": {k: r for k, (p, r) in decisions.items() if not p},
        },
    )
