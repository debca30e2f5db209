"""Reads of the evaluation. Never imports the operations.

A page loads one `EvaluationState` and passes it around (a handful of queries whatever the number
of bids and members). The functions below answer one question about a tender for callers that ask
only that one (other features, the API, the demo, tests); each reads just the parts it needs.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from procurement.accounts.models import Role, User
from procurement.bids.models import Bid
from procurement.evaluation.models import (
    CommitteeMember,
    EvaluationResult,
    FlagDecision,
    ReportDraft,
    ReportSignature,
    ReviewKind,
    ReviewResult,
    Scoresheet,
)
from procurement.evaluation.queries.analysis import (
    objective_points,
    plain_reading,
    topsis_cross_check,
)
from procurement.evaluation.queries.state import (
    EvaluationState,
    bid_key,
    member_key,
    requirements,
    subjective_criteria,
)
from procurement.extensions import db
from procurement.tenders.models import Tender, TenderStatus

__all__ = [
    "EvaluationState",
    "all_submitted",
    "bid_key",
    "committee_candidates",
    "compliant_bids",
    "all_signed",
    "current_draft",
    "eligible_for_review",
    "engine_spec",
    "exclusions",
    "flag_decisions",
    "member_key",
    "member_points",
    "members",
    "my_seats",
    "objective_points",
    "opened_bids",
    "plain_reading",
    "ready_to_score",
    "requirements",
    "result_of",
    "review_complete",
    "review_results",
    "scoresheet_of",
    "signatures",
    "subjective_criteria",
    "topsis_cross_check",
]


def members(tender: Tender, *, active_only: bool = True) -> list[CommitteeMember]:
    state = EvaluationState(tender)
    return state.members if active_only else state.seats


def opened_bids(tender: Tender) -> list[Bid]:
    """The bids read at the opening, in the order they were received."""
    return EvaluationState(tender).bids


def review_results(tender: Tender) -> dict[tuple[int, ReviewKind, str], ReviewResult]:
    return EvaluationState(tender).reviews


def review_complete(tender: Tender, kind: ReviewKind) -> bool:
    return EvaluationState(tender).review_complete(kind)


def eligible_for_review(tender: Tender, kind: ReviewKind) -> list[Bid]:
    """Qualification looks at every opened bid; compliance only at the qualified ones."""
    return EvaluationState(tender).eligible_for_review(kind)


def exclusions(tender: Tender) -> dict[int, list[str]]:
    """Bid id -> reasons it is excluded from scoring (failed reviews, rejected low price)."""
    return EvaluationState(tender).exclusions


def compliant_bids(tender: Tender) -> list[Bid]:
    return EvaluationState(tender).compliant_bids


def flag_decisions(tender: Tender) -> list[FlagDecision]:
    return EvaluationState(tender).decisions


def signatures(tender: Tender) -> dict[int, ReportSignature]:
    """Seat id -> its standing signature on the report (withdrawn ones left out)."""
    return EvaluationState(tender).signatures


def all_signed(tender: Tender) -> bool:
    """Every seated member has signed the current draft of a finalised ranking."""
    state = EvaluationState(tender)
    row, draft = state.result, state.draft
    if row is None or row.finalised_at is None or draft is None:
        return False
    signatures = state.signatures
    return all(
        seat.id in signatures and signatures[seat.id].draft_id == draft.id for seat in state.members
    )


def current_draft(tender: Tender) -> ReportDraft | None:
    """The draft report the members sign now, if the chair has finalised the ranking."""
    return EvaluationState(tender).draft


def ready_to_score(tender: Tender) -> bool:
    return EvaluationState(tender).ready_to_score


def all_submitted(tender: Tender) -> bool:
    return EvaluationState(tender).all_submitted


def engine_spec(tender: Tender, *, sensitivity: bool = True) -> dict[str, Any]:
    """The scoring engine's input for this tender (docs/scoring-format.md)."""
    return EvaluationState(tender).engine_spec(sensitivity=sensitivity)


def member_points(tender: Tender) -> dict[str, dict[str, dict[str, float]]]:
    """member key -> bid key -> criterion -> points, from the members' scoresheets."""
    return EvaluationState(tender).member_points()


def scoresheet_of(seat: CommitteeMember) -> Scoresheet | None:
    return db.session.scalar(sa.select(Scoresheet).where(Scoresheet.member_id == seat.id))


def result_of(tender: Tender) -> EvaluationResult | None:
    return db.session.scalar(
        sa.select(EvaluationResult).where(EvaluationResult.tender_id == tender.id)
    )


def my_seats(user: User) -> list[CommitteeMember]:
    """The seats of a member on opened tenders (a member sees a tender only after the opening)."""
    return list(
        db.session.scalars(
            sa.select(CommitteeMember)
            .join(Tender, CommitteeMember.tender_id == Tender.id)
            .where(
                CommitteeMember.user_id == user.id,
                Tender.status != TenderStatus.DRAFT,
                Tender.opened_at.is_not(None),
            )
            .order_by(Tender.opened_at.desc())
        )
    )


def committee_candidates() -> list[User]:
    """The accounts that may sit on a committee: active committee members, by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role == Role.MEMBER, User.active.is_(True))
            .order_by(User.display_name)
        )
    )
