"""The ranking: the engine run over the submitted scoresheets, the committee's decisions on its
flags, and the chair closing it (finalise).

Rules (DOMAIN.md §1): the committee's points are the members' arithmetic mean; a member's outlying
scores are explained in writing or, where the tender's rule set says so (重庆市招标投标条例 第32条)
and more than half the committee so decides, replaced by the other members' mean; an abnormally
low price is explained by the bidder and accepted or rejected by the committee, rejection making
the bid invalid (87号令 第60条).
The chair may change or withdraw a decision until every member has signed the report: after the
finalisation such a change re-ranks and goes through `report.report_changed` (a new draft to sign).
"""

from __future__ import annotations

from typing import Any

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
from procurement.evaluation.operations.report import FIRST_DRAFT, render_draft, report_changed
from procurement.evaluation.queries import EvaluationState
from procurement.extensions import db
from procurement.rulesets.queries import rules_of
from procurement.tenders.models import Tender


def compute_result(tender: Tender) -> EvaluationResult:
    """Run the engine over the submitted scoresheets and store the result (recomputed on changes)."""
    row = EvaluationState(tender).result
    if row is not None and row.finalised_at is not None:
        raise EvaluationError("finalised")
    return _rank(tender)


def _rank(tender: Tender) -> EvaluationResult:
    import scoring

    state = EvaluationState(tender)
    if not state.all_submitted:
        raise EvaluationError("not_all_submitted")
    row = state.result
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
    """Record the committee's decision on a flag, or change it until the report is signed, then
    recompute the ranking. The audit event keeps the decision before and after."""
    state = _before_report(tender)
    if not explanation.strip():
        raise EvaluationError("explanation_required", "explanation")
    seated = len(state.members)
    if kind is FlagKind.OUTLIER:
        if seat is None or resolution not in {FlagResolution.EXPLAINED, FlagResolution.REPLACED}:
            raise EvaluationError("bad_decision")
        outlier_rule = rules_of(tender)["outlier"]
        if resolution is FlagResolution.REPLACED and outlier_rule.value != "replace":
            raise EvaluationError("replacement_not_allowed", rule=outlier_rule.citation)
        if resolution is FlagResolution.REPLACED and (votes_for or 0) * 2 <= seated:
            raise EvaluationError("majority_required", "votes_for", seated=seated)
    elif resolution not in {FlagResolution.ACCEPTED, FlagResolution.REJECTED}:
        raise EvaluationError("bad_decision")
    decision = state.decided().get((kind, bid.id, seat.id if seat else None))
    before = _decision_details(decision) if decision is not None else None
    if decision is None:
        decision = FlagDecision(
            tender_id=tender.id, kind=kind, bid_id=bid.id, member_id=seat.id if seat else None
        )
        db.session.add(decision)
    decision.resolution, decision.explanation = resolution, explanation.strip()
    decision.votes_for, decision.decided_by_id = votes_for, chair.id
    decision.decided_at = clock.now()
    db.session.flush()
    record(
        "evaluation.decide_flag",
        tender,
        details={
            **_flag_details(kind, bid, seat),
            "before": before,
            "after": _decision_details(decision),
        },
    )
    _rank(tender)
    report_changed(
        tender,
        f"评标委员会组长{'修改' if before else '作出'}了{_flag_words(kind, bid, seat)}的决定",
    )
    return decision


def withdraw_flag(
    tender: Tender, *, kind: FlagKind, bid: Bid, seat: CommitteeMember | None, chair: User
) -> None:
    """Withdraw the committee's decision on a flag (until the report is signed): the flag is open
    again and the ranking is recomputed (a replacement withdrawn restores the member's own points);
    after the finalisation the ranking is then no longer final."""
    state = _before_report(tender)
    decision = state.decided().get((kind, bid.id, seat.id if seat else None))
    if decision is None:
        raise EvaluationError("no_decision")
    before = _decision_details(decision)
    db.session.delete(decision)
    db.session.flush()
    record(
        "evaluation.withdraw_flag",
        tender,
        details={**_flag_details(kind, bid, seat), "before": before, "by": chair.id},
    )
    _rank(tender)
    report_changed(tender, f"评标委员会组长撤销了{_flag_words(kind, bid, seat)}的决定")


def _before_report(tender: Tender) -> EvaluationState:
    """The evaluation's state, refusing once every member signed the report (decisions are fixed)."""
    state = EvaluationState(tender)
    if state.result is not None and state.result.report_sha256 is not None:
        raise EvaluationError("decisions_final")
    return state


def _flag_words(kind: FlagKind, bid: Bid, seat: CommitteeMember | None) -> str:
    """The flag in the official words of the report (a withdrawn signature's reason)."""
    if kind is FlagKind.OUTLIER and seat is not None:
        return f"{seat.user.display_name}对{bid.insurer.name}异常评分"
    return f"{bid.insurer.name}报价明显偏低"


def _flag_details(kind: FlagKind, bid: Bid, seat: CommitteeMember | None) -> dict[str, Any]:
    return {"kind": kind.value, "bid": bid.id, "member": seat.user_id if seat else None}


def _decision_details(decision: FlagDecision) -> dict[str, Any]:
    return {
        "resolution": decision.resolution.value,
        "votes_for": decision.votes_for,
        "explanation": decision.explanation,
    }


def finalise(tender: Tender, chair: User) -> EvaluationResult:
    """Close the ranking once every flag is decided and render the draft report (待签署) that the
    members sign or record dissent on. Finalising again only renders a missing draft (a ranking
    finalised before drafts existed)."""
    state = EvaluationState(tender)
    row = state.result
    if row is None:
        raise EvaluationError("not_all_submitted")
    if row.finalised_at is not None:
        if state.draft is not None or row.report_sha256 is not None:
            raise EvaluationError("finalised")
        render_draft(tender, FIRST_DRAFT)
        return row
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
    render_draft(tender, FIRST_DRAFT)
    return row
