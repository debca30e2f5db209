"""The ranking: the engine run over the submitted scoresheets, the committee's decisions on its
flags, and the chair closing it (finalise).

Rules (DOMAIN.md §1): the committee's points are the members' arithmetic mean; a member's outlying
scores are explained in writing or, when more than half the committee so decides, replaced by the
other members' mean (重庆市招标投标条例 第32条); an abnormally low price is explained by the bidder
and accepted or rejected by the committee, rejection making the bid invalid (87号令 第60条).
"""

from __future__ import annotations

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.models import Bid
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.models import (
    CommitteeMember,
    EvaluationResult,
    FlagDecision,
    FlagKind,
    FlagResolution,
)
from procurement.evaluation.queries import EvaluationState
from procurement.extensions import db
from procurement.tenders.models import Tender


def compute_result(tender: Tender) -> EvaluationResult:
    """Run the engine over the submitted scoresheets and store the result (recomputed on changes)."""
    import scoring

    state = EvaluationState(tender)
    if not state.all_submitted:
        raise EvaluationError("not_all_submitted")
    row = state.result
    if row is not None and row.finalised_at is not None:
        raise EvaluationError("finalised")
    spec = state.engine_spec()
    result = scoring.evaluate(spec)
    if row is None:
        row = EvaluationResult(tender_id=tender.id, spec=spec, result=result)
        db.session.add(row)
    else:
        row.spec, row.result, row.computed_at = spec, result, clock.now()
    db.session.flush()
    record("evaluation.compute", tender, details={"ranking": [r["bid"] for r in result["ranking"]]})
    return row


def refresh_result(tender: Tender) -> EvaluationResult | None:
    """Rank again after a change of the inputs, once every member has submitted (until finalised)."""
    state = EvaluationState(tender)
    if not state.all_submitted or (state.result is not None and state.result.finalised_at):
        return None
    return compute_result(tender)


def decide_flag(
    tender: Tender,
    *,
    kind: FlagKind,
    bid: Bid,
    seat: CommitteeMember | None,
    resolution: FlagResolution,
    explanation: str,
    votes_for: int | None,
    chair: User,
) -> FlagDecision:
    """Record the committee's decision on a flag, then recompute the ranking."""
    if not explanation.strip():
        raise EvaluationError("explanation_required", "explanation")
    seated = len(EvaluationState(tender).members)
    if kind is FlagKind.OUTLIER:
        if seat is None or resolution not in {FlagResolution.EXPLAINED, FlagResolution.REPLACED}:
            raise EvaluationError("bad_decision")
        if resolution is FlagResolution.REPLACED and (votes_for or 0) * 2 <= seated:
            raise EvaluationError("majority_required", "votes_for", seated=seated)
    elif resolution not in {FlagResolution.ACCEPTED, FlagResolution.REJECTED}:
        raise EvaluationError("bad_decision")
    decision = FlagDecision(
        tender_id=tender.id,
        kind=kind,
        bid_id=bid.id,
        member_id=seat.id if seat else None,
        resolution=resolution,
        explanation=explanation.strip(),
        votes_for=votes_for,
        decided_by_id=chair.id,
    )
    db.session.add(decision)
    db.session.flush()
    record(
        "evaluation.decide_flag",
        tender,
        details={
            "kind": kind.value,
            "bid": bid.id,
            "member": seat.user_id if seat else None,
            "resolution": resolution.value,
            "votes_for": votes_for,
            "explanation": explanation.strip(),
        },
    )
    compute_result(tender)
    return decision


def finalise(tender: Tender, chair: User) -> EvaluationResult:
    """Close the ranking once every flag is decided; members then sign or record dissent."""
    state = EvaluationState(tender)
    row = state.result
    if row is None:
        raise EvaluationError("not_all_submitted")
    if row.finalised_at is not None:
        raise EvaluationError("finalised")
    pending = state.undecided_flags(row.result)
    if pending:
        raise EvaluationError("flags_pending", count=pending)
    row.finalised_at = clock.now()
    db.session.flush()
    record(
        "evaluation.finalise",
        tender,
        details={"ranking": [(r["bid"], r["rank"], r["total"]) for r in row.result["ranking"]]},
    )
    return row
