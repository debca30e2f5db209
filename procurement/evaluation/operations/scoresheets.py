"""Scoring: each member saves points as they go, then submits and locks the scoresheet.

The last submission runs the engine and stores the ranking, so the chair's overview only reads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from procurement import clock
from procurement.audit.operations import record
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.models import CommitteeMember, Score, Scoresheet, ScoresheetStatus
from procurement.evaluation.operations.ranking import refresh_result
from procurement.evaluation.queries import EvaluationState, subjective_criteria
from procurement.extensions import db


def _check_points(criterion: dict[str, Any], points: Decimal) -> str | None:
    if not points.is_finite() or points < 0 or points > Decimal(str(criterion["max_points"])):
        return "out_of_range"
    levels = criterion["rule"].get("levels")
    if levels is not None and all(points != Decimal(str(level)) for level in levels):
        return "not_a_level"
    return None


def save_scores(seat: CommitteeMember, values: dict[tuple[int, str], Decimal | None]) -> None:
    """Save a member's points as they go; blanks are allowed until submission."""
    tender = seat.tender
    if not seat.may_score:
        raise EvaluationError("must_declare")
    state = EvaluationState(tender)
    if not state.ready_to_score:
        raise EvaluationError("not_ready")
    sheet = state.scoresheet_of(seat)
    if sheet is None:
        sheet = Scoresheet(tender_id=tender.id, member=seat)
        db.session.add(sheet)
    if sheet.status is ScoresheetStatus.SUBMITTED:
        raise EvaluationError("locked")
    criteria = {c["id"]: c for c in subjective_criteria(tender)}
    bids = {bid.id for bid in state.compliant_bids}
    problems = {}
    for (bid_id, criterion_id), points in values.items():
        if bid_id not in bids or criterion_id not in criteria:
            raise EvaluationError("unknown_score")
        if points is not None:
            problem = _check_points(criteria[criterion_id], points)
            if problem:
                problems[(bid_id, criterion_id)] = problem
    if problems:
        raise EvaluationError("bad_points", problems=problems)
    current = {(s.bid_id, s.criterion_id): s for s in sheet.scores}
    for key, points in values.items():
        row = current.get(key)
        if points is None:
            if row is not None:
                sheet.scores.remove(row)
        elif row is None:
            sheet.scores.append(Score(bid_id=key[0], criterion_id=key[1], points=points))
        else:
            row.points = points
    sheet.updated_at = clock.now()
    db.session.flush()


def submit_scoresheet(seat: CommitteeMember) -> None:
    """Lock a complete scoresheet; the last one in ranks the bids."""
    state = EvaluationState(seat.tender)
    sheet = state.scoresheet_of(seat)
    if sheet is None:
        raise EvaluationError("incomplete", missing=1)
    if sheet.status is ScoresheetStatus.SUBMITTED:
        raise EvaluationError("locked")
    have = {(s.bid_id, s.criterion_id) for s in sheet.scores}
    need = {
        (bid.id, c["id"]) for bid in state.compliant_bids for c in subjective_criteria(seat.tender)
    }
    missing = need - have
    if missing:
        raise EvaluationError("incomplete", missing=len(missing))
    sheet.status = ScoresheetStatus.SUBMITTED
    sheet.submitted_at = clock.now()
    db.session.flush()
    record(
        "evaluation.submit_scoresheet",
        seat.tender,
        details={
            "member": seat.user_id,
            "scores": {f"{s.bid_id}/{s.criterion_id}": str(s.points) for s in sheet.scores},
        },
    )
    refresh_result(seat.tender)
