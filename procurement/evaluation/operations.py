"""State changes of the evaluation: committee, declarations, reviews, scoresheets, flags, result.

Rules (DOMAIN.md §1): qualification review is the purchaser's, compliance review the committee's;
members score independently and the committee's points are their arithmetic mean; a member's
outlying scores are explained in writing or, when more than half the committee so decides, replaced
by the other members' mean (重庆市招标投标条例 第32条); an abnormally low price is explained by the
bidder and accepted or rejected by the committee, rejection making the bid invalid (87号令 第60条).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import current_app

from procurement import clock
from procurement.accounts.models import Role, User
from procurement.audit.operations import record
from procurement.bids.fields import source_value
from procurement.bids.models import Bid, BidStatus
from procurement.errors import DomainError
from procurement.evaluation.checks import COMPLIANCE_CHECKS
from procurement.evaluation.models import (
    CommitteeMember,
    EvaluationResult,
    FlagDecision,
    FlagKind,
    FlagResolution,
    ReportSignature,
    ReviewKind,
    ReviewResult,
    Score,
    Scoresheet,
    ScoresheetStatus,
)
from procurement.extensions import db
from procurement.tenders.models import Tender, TenderStatus


class EvaluationError(DomainError):
    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


# Reading the state --------------------------------------------------------------------------


def members(tender: Tender, *, active_only: bool = True) -> list[CommitteeMember]:
    query = sa.select(CommitteeMember).where(CommitteeMember.tender_id == tender.id)
    if active_only:
        query = query.where(CommitteeMember.removed.is_(False))
    return list(db.session.scalars(query.order_by(CommitteeMember.id)))


def seat_of(tender: Tender, user: User) -> CommitteeMember | None:
    return db.session.scalar(
        sa.select(CommitteeMember).where(
            CommitteeMember.tender_id == tender.id, CommitteeMember.user_id == user.id
        )
    )


def opened_bids(tender: Tender) -> list[Bid]:
    """The bids read at the opening, in the order they were received."""
    return list(
        db.session.scalars(
            sa.select(Bid)
            .where(
                Bid.tender_id == tender.id,
                Bid.status == BidStatus.SUBMITTED,
                Bid.opened_content.is_not(None),
            )
            .order_by(Bid.submitted_at, Bid.id)
        )
    )


def requirements(tender: Tender, kind: ReviewKind) -> list[dict[str, str]]:
    return tender.requirements if kind is ReviewKind.QUALIFICATION else COMPLIANCE_CHECKS


def review_results(tender: Tender) -> dict[tuple[int, ReviewKind, str], ReviewResult]:
    rows = db.session.scalars(sa.select(ReviewResult).where(ReviewResult.tender_id == tender.id))
    return {(row.bid_id, row.kind, row.requirement_id): row for row in rows}


def review_complete(tender: Tender, kind: ReviewKind) -> bool:
    results = review_results(tender)
    bids = eligible_for_review(tender, kind)
    return all(
        (bid.id, kind, r["id"]) in results for bid in bids for r in requirements(tender, kind)
    )


def eligible_for_review(tender: Tender, kind: ReviewKind) -> list[Bid]:
    """Qualification looks at every opened bid; compliance only at the qualified ones."""
    bids = opened_bids(tender)
    if kind is ReviewKind.QUALIFICATION:
        return bids
    results = review_results(tender)
    return [bid for bid in bids if not _failures(bid, results, ReviewKind.QUALIFICATION, tender)]


def _failures(
    bid: Bid,
    results: dict[tuple[int, ReviewKind, str], ReviewResult],
    kind: ReviewKind,
    tender: Tender,
) -> list[ReviewResult]:
    found = []
    for requirement in requirements(tender, kind):
        row = results.get((bid.id, kind, requirement["id"]))
        if row is not None and not row.passed:
            found.append(row)
    return found


def exclusions(tender: Tender) -> dict[int, list[str]]:
    """Bid id -> reasons it is excluded from scoring (failed reviews, rejected low price)."""
    results = review_results(tender)
    excluded: dict[int, list[str]] = {}
    for bid in opened_bids(tender):
        reasons = [
            f"{_requirement_text(tender, row)}：{row.reason}"
            for kind in (ReviewKind.QUALIFICATION, ReviewKind.COMPLIANCE)
            for row in _failures(bid, results, kind, tender)
        ]
        if reasons:
            excluded[bid.id] = reasons
    for decision in flag_decisions(tender):
        if (
            decision.kind is FlagKind.ABNORMALLY_LOW
            and decision.resolution is FlagResolution.REJECTED
        ):
            excluded.setdefault(decision.bid_id, []).append(
                f"报价明显低于其他有效投标且未能证明其合理性：{decision.explanation}"
            )
    return excluded


def _requirement_text(tender: Tender, row: ReviewResult) -> str:
    for requirement in requirements(tender, row.kind):
        if requirement["id"] == row.requirement_id:
            return requirement["text"]
    return row.requirement_id


def compliant_bids(tender: Tender) -> list[Bid]:
    excluded = exclusions(tender)
    return [bid for bid in opened_bids(tender) if bid.id not in excluded]


def subjective_criteria(tender: Tender) -> list[dict[str, Any]]:
    return [c for c in tender.criteria if c["rule"]["type"] == "subjective"]


def scoresheet_of(member: CommitteeMember) -> Scoresheet | None:
    return db.session.scalar(sa.select(Scoresheet).where(Scoresheet.member_id == member.id))


def flag_decisions(tender: Tender) -> list[FlagDecision]:
    return list(
        db.session.scalars(
            sa.select(FlagDecision)
            .where(FlagDecision.tender_id == tender.id)
            .order_by(FlagDecision.id)
        )
    )


# The committee --------------------------------------------------------------------------------


def assign_committee(tender: Tender, users: list[User], chair: User) -> list[CommitteeMember]:
    """Seat the committee after the opening; seats of members who already declared are kept."""
    if tender.status is not TenderStatus.OPENED:
        raise EvaluationError("not_opened")
    minimum = current_app.config["COMMITTEE_MIN_MEMBERS"]
    if len(users) < minimum or len(users) % 2 == 0:
        raise EvaluationError("committee_size", minimum=minimum)
    if any(user.role is not Role.MEMBER or not user.active for user in users):
        raise EvaluationError("not_members")
    if chair not in users:
        raise EvaluationError("chair_not_member")
    if any(scoresheet_of(m) is not None for m in members(tender)):
        raise EvaluationError("scoring_started")
    wanted = {user.id for user in users}
    seats = {m.user_id: m for m in members(tender, active_only=False)}
    for user_id, seat in seats.items():
        if user_id not in wanted and not seat.removed:
            seat.removed = True
    for user in users:
        seat = seats.get(user.id)
        if seat is None:
            seat = CommitteeMember(tender=tender, user=user)
            db.session.add(seat)
        elif seat.has_conflict:
            raise EvaluationError("conflicted_member", name=user.display_name)
        seat.removed = False
        seat.is_chair = user.id == chair.id
    db.session.flush()
    record(
        "evaluation.assign_committee",
        tender,
        details={"members": sorted(wanted), "chair": chair.id},
    )
    return members(tender)


def declare(seat: CommitteeMember, has_conflict: bool, note: str) -> None:
    """The conflict-of-interest declaration (回避声明), made before seeing any bid."""
    if seat.removed:
        raise EvaluationError("not_seated")
    if seat.declared_at is not None:
        raise EvaluationError("already_declared")
    if has_conflict and not note.strip():
        raise EvaluationError("conflict_note_required")
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


# Reviews --------------------------------------------------------------------------------------


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
    if any(scoresheet_of(m) is not None for m in members(tender)):
        raise EvaluationError("scoring_started")
    if bid not in eligible_for_review(tender, kind):
        raise EvaluationError("not_reviewable")
    wanted = {r["id"] for r in requirements(tender, kind)}
    if set(decisions) != wanted:
        raise EvaluationError("review_incomplete")
    for requirement_id, (passed, reason) in decisions.items():
        if not passed and not reason.strip():
            raise EvaluationError("reason_required", requirement=requirement_id)
    existing = review_results(tender)
    for requirement_id, (passed, reason) in decisions.items():
        row = existing.get((bid.id, kind, requirement_id))
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


# Scoring --------------------------------------------------------------------------------------


def ready_to_score(tender: Tender) -> bool:
    return (
        tender.status is TenderStatus.OPENED
        and bool(members(tender))
        and review_complete(tender, ReviewKind.QUALIFICATION)
        and review_complete(tender, ReviewKind.COMPLIANCE)
    )


def _check_points(criterion: dict[str, Any], points: Decimal) -> str | None:
    if points < 0 or points > Decimal(str(criterion["max_points"])):
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
    if not ready_to_score(tender):
        raise EvaluationError("not_ready")
    sheet = scoresheet_of(seat)
    if sheet is None:
        sheet = Scoresheet(tender_id=tender.id, member=seat)
        db.session.add(sheet)
    if sheet.status is ScoresheetStatus.SUBMITTED:
        raise EvaluationError("locked")
    criteria = {c["id"]: c for c in subjective_criteria(tender)}
    bids = {bid.id for bid in compliant_bids(tender)}
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
    sheet = scoresheet_of(seat)
    if sheet is None:
        raise EvaluationError("incomplete", missing=1)
    if sheet.status is ScoresheetStatus.SUBMITTED:
        raise EvaluationError("locked")
    have = {(s.bid_id, s.criterion_id) for s in sheet.scores}
    need = {
        (bid.id, c["id"])
        for bid in compliant_bids(seat.tender)
        for c in subjective_criteria(seat.tender)
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


def all_submitted(tender: Tender) -> bool:
    seats = members(tender)
    return bool(seats) and all(
        (sheet := scoresheet_of(seat)) is not None and sheet.status is ScoresheetStatus.SUBMITTED
        for seat in seats
    )


# The engine -----------------------------------------------------------------------------------


def member_key(seat: CommitteeMember) -> str:
    return f"M{seat.id}"


def bid_key(bid: Bid) -> str:
    return f"B{bid.id}"


def engine_spec(tender: Tender, *, sensitivity: bool = True) -> dict[str, Any]:
    """The scoring engine's input for this tender (docs/scoring-format.md)."""
    config = current_app.config
    criteria = [
        {k: v for k, v in c.items() if k in {"id", "name", "group", "max_points", "rule"}}
        for c in tender.criteria
    ]
    # Measured criteria read a bid value; price rules read the bid's price itself.
    objective = [
        c
        for c in tender.criteria
        if c["rule"]["type"] not in {"subjective", "price", "price_deviation"}
    ]
    excluded = exclusions(tender)
    bids = []
    for bid in opened_bids(tender):
        content = bid.opened_content or {}
        entry: dict[str, Any] = {
            "id": bid_key(bid),
            "bidder": bid.insurer.name,
            "price": float(bid.opened_price or 0),
            "compliant": bid.id not in excluded,
        }
        if bid.id in excluded:
            entry["reason"] = "；".join(excluded[bid.id])
        else:
            entry["values"] = {c["id"]: source_value(c["source"], content) for c in objective}
        bids.append(entry)
    scores: dict[str, dict[str, dict[str, float]]] = {}
    for seat in members(tender):
        sheet = scoresheet_of(seat)
        rows: dict[str, dict[str, float]] = {}
        for score in sheet.scores if sheet else []:
            rows.setdefault(f"B{score.bid_id}", {})[score.criterion_id] = float(score.points)
        scores[member_key(seat)] = rows
    replacements = [
        {"member": f"M{d.member_id}", "bid": f"B{d.bid_id}"}
        for d in flag_decisions(tender)
        if d.kind is FlagKind.OUTLIER and d.resolution is FlagResolution.REPLACED
    ]
    spec: dict[str, Any] = {
        "decimals": 2,
        "criteria": criteria,
        "bids": bids,
        "scores": scores,
        "replacements": replacements,
        "outliers": {"ratio": config["OUTLIER_RATIO"]},
        "abnormally_low": {"mean_ratio": config["ABNORMALLY_LOW_RATIO"]},
        "tie_break": ["price", "subjective"],
    }
    if sensitivity:
        spec["sensitivity"] = {
            "samples": config["SENSITIVITY_SAMPLES"],
            "seed": tender.id,
            "concentration": 200,
        }
    return spec


def compute_result(tender: Tender) -> EvaluationResult:
    """Run the engine over the submitted scoresheets and store the result (recomputed on changes)."""
    import scoring

    if not all_submitted(tender):
        raise EvaluationError("not_all_submitted")
    spec = engine_spec(tender)
    result = scoring.evaluate(spec)
    row = db.session.scalar(
        sa.select(EvaluationResult).where(EvaluationResult.tender_id == tender.id)
    )
    if row is None:
        row = EvaluationResult(tender_id=tender.id, spec=spec, result=result)
        db.session.add(row)
    else:
        if row.finalised_at is not None:
            raise EvaluationError("finalised")
        row.spec, row.result, row.computed_at = spec, result, clock.now()
    db.session.flush()
    record("evaluation.compute", tender, details={"ranking": [r["bid"] for r in result["ranking"]]})
    return row


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
        raise EvaluationError("explanation_required")
    seated = len(members(tender))
    if kind is FlagKind.OUTLIER:
        if seat is None or resolution not in {FlagResolution.EXPLAINED, FlagResolution.REPLACED}:
            raise EvaluationError("bad_decision")
        if resolution is FlagResolution.REPLACED and (votes_for or 0) * 2 <= seated:
            raise EvaluationError("majority_required", seated=seated)
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


def sign_report(seat: CommitteeMember, dissent: str) -> ReportSignature:
    if seat.removed:
        raise EvaluationError("not_seated")
    row = db.session.scalar(
        sa.select(EvaluationResult).where(EvaluationResult.tender_id == seat.tender_id)
    )
    if row is None or row.finalised_at is None:
        raise EvaluationError("not_finalised")
    existing = db.session.scalar(
        sa.select(ReportSignature).where(ReportSignature.member_id == seat.id)
    )
    if existing is not None:
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


# Finalising and the report ----------------------------------------------------------------------


def undecided_flags(tender: Tender, result: dict[str, Any]) -> int:
    """Flags of the current result that the committee has not decided yet."""
    decided = {(d.kind, d.bid_id, d.member_id) for d in flag_decisions(tender)}
    seats = {member_key(seat): seat.id for seat in members(tender)}
    pending = {
        (FlagKind.OUTLIER, int(flag["bid"][1:]), seats[flag["member"]])
        for flag in result["outliers"]
        if flag["member"] in seats
    }
    pending |= {
        (FlagKind.ABNORMALLY_LOW, int(row["bid"][1:]), None)
        for row in result["ranking"]
        if "abnormally_low" in row["flags"]
    }
    return len(pending - decided)


def finalise(tender: Tender, chair: User) -> EvaluationResult:
    """Close the ranking once every flag is decided; members then sign or record dissent."""
    row = db.session.scalar(
        sa.select(EvaluationResult).where(EvaluationResult.tender_id == tender.id)
    )
    if row is None:
        raise EvaluationError("not_all_submitted")
    if row.finalised_at is not None:
        raise EvaluationError("finalised")
    if undecided_flags(tender, row.result):
        raise EvaluationError("flags_pending", count=undecided_flags(tender, row.result))
    row.finalised_at = clock.now()
    db.session.flush()
    record(
        "evaluation.finalise",
        tender,
        details={"ranking": [(r["bid"], r["rank"], r["total"]) for r in row.result["ranking"]]},
    )
    return row


def signatures(tender: Tender) -> dict[int, ReportSignature]:
    rows = db.session.scalars(
        sa.select(ReportSignature).where(ReportSignature.tender_id == tender.id)
    )
    return {row.member_id: row for row in rows}


def complete_report(tender: Tender) -> EvaluationResult | None:
    """When every seated member has signed: render the report once, store it with its SHA-256."""
    row = db.session.scalar(
        sa.select(EvaluationResult).where(EvaluationResult.tender_id == tender.id)
    )
    signed = signatures(tender)
    if row is None or row.finalised_at is None or any(s.id not in signed for s in members(tender)):
        return None
    from procurement import sealing
    from procurement.evaluation.report import render_report

    row.report_pdf = render_report(tender)
    row.report_sha256 = sealing.digest(row.report_pdf)
    tender.status = TenderStatus.EVALUATED
    db.session.flush()
    record("evaluation.report", tender, details={"sha256": row.report_sha256})
    return row
