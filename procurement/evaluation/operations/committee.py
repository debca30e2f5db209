"""The committee: seating it after the opening, and each member's conflict-of-interest declaration."""

from __future__ import annotations

from flask import current_app

from procurement import clock
from procurement.accounts.models import Role, User
from procurement.audit.operations import record
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.models import CommitteeMember
from procurement.evaluation.operations.ranking import refresh_result
from procurement.evaluation.queries import EvaluationState
from procurement.extensions import db
from procurement.publication import notifications
from procurement.tenders.models import Tender, TenderStatus


def assign_committee(tender: Tender, users: list[User], chair: User) -> list[CommitteeMember]:
    """Seat the committee after the opening; seats of members who already declared are kept."""
    if tender.status is not TenderStatus.OPENED:
        raise EvaluationError("not_opened")
    minimum = current_app.config["COMMITTEE_MIN_MEMBERS"]
    if len(users) < minimum or len(users) % 2 == 0:
        raise EvaluationError("committee_size", "members", minimum=minimum)
    if any(user.role is not Role.MEMBER or not user.active for user in users):
        raise EvaluationError("not_members", "members")
    if chair not in users:
        raise EvaluationError("chair_not_member", "chair")
    state = EvaluationState(tender)
    if state.scoring_started:
        raise EvaluationError("scoring_started")
    wanted = {user.id for user in users}
    seats = {seat.user_id: seat for seat in state.seats}
    newly_seated = [u for u in users if u.id not in seats or seats[u.id].removed]
    for user_id, seat in seats.items():
        if user_id not in wanted and not seat.removed:
            seat.removed = True
    for user in users:
        existing = seats.get(user.id)
        if existing is None:
            seat = CommitteeMember(tender=tender, user=user)
            db.session.add(seat)
        elif existing.has_conflict:
            raise EvaluationError("conflicted_member", "members", name=user.display_name)
        else:
            seat = existing
        seat.removed = False
        seat.is_chair = user.id == chair.id
    db.session.flush()
    db.session.expire(tender, ["seats"])  # a view-only list: read the new seats again
    record(
        "evaluation.assign_committee",
        tender,
        details={"members": sorted(wanted), "chair": chair.id},
    )
    for user in newly_seated:
        notifications.member_seated(user, tender.reference, tender.id, user.id == chair.id)
    return EvaluationState(tender).members


def declare(seat: CommitteeMember, has_conflict: bool, note: str) -> None:
    """The conflict-of-interest declaration (回避声明), made before seeing any bid."""
    if seat.removed:
        raise EvaluationError("not_seated")
    if seat.declared_at is not None:
        raise EvaluationError("already_declared")
    if has_conflict and not note.strip():
        raise EvaluationError("conflict_note_required", "note")
    seat.declared_at = clock.now()
    seat.has_conflict = has_conflict
    seat.conflict_note = note.strip() or None
    if has_conflict:
        seat.removed = True  # the officer seats a replacement; the change is in the report
        seat.is_chair = False
    db.session.flush()
    record(
        "evaluation.declare",
        seat.tender,
        details={"member": seat.user_id, "conflict": has_conflict, "note": seat.conflict_note},
    )
    if has_conflict:
        refresh_result(seat.tender)  # the members left may all have submitted already
