"""Committee, declarations, reviews and scoresheets: every rule and every forbidden step."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.evaluation.checks import COMPLIANCE_CHECKS
from procurement.evaluation.models import FlagKind, FlagResolution, ReviewKind, ScoresheetStatus
from tests.factories import make_opened_tender, make_user


@pytest.fixture
def tender(db):
    return make_opened_tender()


@pytest.fixture
def committee(db, tender):
    users = [make_user(Role.MEMBER) for _ in range(3)]
    evaluation.assign_committee(tender, users, users[0])
    db.session.commit()
    return queries.members(tender)


def pass_all(tender, officer, fail=None):
    """Qualification and compliance reviews passing every bid, except `fail` = {bid: reason}."""
    fail = fail or {}
    for kind in (ReviewKind.QUALIFICATION, ReviewKind.COMPLIANCE):
        for bid in queries.eligible_for_review(tender, kind):
            decisions = {r["id"]: (True, "") for r in queries.requirements(tender, kind)}
            if kind is ReviewKind.QUALIFICATION and bid.id in fail:
                first = tender.requirements[0]["id"]
                decisions[first] = (False, fail[bid.id])
            evaluation.record_review(tender, bid, kind, decisions, officer)


def declare_all(seats):
    for seat in seats:
        evaluation.declare(seat, False, "")


def full_scores(tender, points=None):
    values = {}
    for bid in queries.compliant_bids(tender):
        for criterion in queries.subjective_criteria(tender):
            levels = criterion["rule"].get("levels")
            value = points if points is not None else (levels[1] if levels else 2)
            values[(bid.id, criterion["id"])] = Decimal(str(value))
    return values


def test_committee_must_be_odd_members_with_a_chair(db, tender):
    users = [make_user(Role.MEMBER) for _ in range(4)]
    with pytest.raises(evaluation.EvaluationError, match="committee_size"):
        evaluation.assign_committee(tender, users, users[0])
    with pytest.raises(evaluation.EvaluationError, match="chair_not_member"):
        evaluation.assign_committee(tender, users[:3], users[3])
    with pytest.raises(evaluation.EvaluationError, match="not_members"):
        evaluation.assign_committee(tender, [*users[:2], make_user(Role.OFFICER)], users[0])
    seats = evaluation.assign_committee(tender, users[:3], users[1])
    assert [seat.is_chair for seat in seats] == [False, True, False]


def test_a_declared_conflict_removes_the_member_and_is_recorded(db, committee):
    seat = committee[2]
    with pytest.raises(evaluation.EvaluationError, match="conflict_note_required"):
        evaluation.declare(seat, True, " ")
    evaluation.declare(seat, True, "曾在投标人第2财产保险公司任职")
    assert seat.removed and not seat.may_score
    assert len(queries.members(seat.tender)) == 2
    with pytest.raises(evaluation.EvaluationError, match="not_seated"):
        evaluation.declare(seat, False, "")  # a removed member cannot take it back
    evaluation.declare(committee[0], False, "")
    with pytest.raises(evaluation.EvaluationError, match="already_declared"):
        evaluation.declare(committee[0], True, "改变主意")
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "evaluation.declare")
    )
    assert event.details["conflict"] is True


def test_reviews_need_reasons_and_exclude_failed_bids(db, tender, committee):
    officer = tender.created_by
    bids = queries.opened_bids(tender)
    decisions = {r["id"]: (True, "") for r in tender.requirements}
    decisions[tender.requirements[0]["id"]] = (False, " ")
    with pytest.raises(evaluation.EvaluationError, match="reason_required"):
        evaluation.record_review(tender, bids[0], ReviewKind.QUALIFICATION, decisions, officer)
    pass_all(tender, officer, fail={bids[0].id: "许可证已过期"})
    assert bids[0] not in queries.eligible_for_review(tender, ReviewKind.COMPLIANCE)
    assert queries.compliant_bids(tender) == bids[1:]
    reasons = queries.exclusions(tender)[bids[0].id]
    assert reasons == ["持有经营保险业务许可证：许可证已过期"]
    assert queries.review_complete(tender, ReviewKind.COMPLIANCE)
    assert len(COMPLIANCE_CHECKS) == 6


def test_scoring_needs_a_declaration_and_finished_reviews(db, tender, committee):
    seat = committee[0]
    with pytest.raises(evaluation.EvaluationError, match="must_declare"):
        evaluation.save_scores(seat, {})
    declare_all(committee)
    with pytest.raises(evaluation.EvaluationError, match="not_ready"):
        evaluation.save_scores(seat, {})
    pass_all(tender, tender.created_by)
    evaluation.save_scores(seat, full_scores(tender))
    assert queries.scoresheet_of(seat).status is ScoresheetStatus.DRAFT


def test_points_must_be_in_range_and_a_level(db, tender, committee):
    declare_all(committee)
    pass_all(tender, tender.created_by)
    bid = queries.compliant_bids(tender)[0]
    with pytest.raises(evaluation.EvaluationError) as error:
        evaluation.save_scores(
            committee[0],
            {(bid.id, "claims_plan"): Decimal("7"), (bid.id, "rate_table"): Decimal("5.5")},
        )
    assert error.value.details["problems"] == {
        (bid.id, "claims_plan"): "not_a_level",
        (bid.id, "rate_table"): "out_of_range",
    }


def test_submission_needs_every_score_and_then_locks(db, tender, committee):
    declare_all(committee)
    pass_all(tender, tender.created_by)
    seat = committee[0]
    values = full_scores(tender)
    partial = dict(list(values.items())[:-1])
    evaluation.save_scores(seat, partial)
    with pytest.raises(evaluation.EvaluationError) as error:
        evaluation.submit_scoresheet(seat)
    assert error.value.details == {"missing": 1}
    evaluation.save_scores(seat, values)
    evaluation.submit_scoresheet(seat)
    with pytest.raises(evaluation.EvaluationError, match="locked"):
        evaluation.save_scores(seat, values)
    with pytest.raises(evaluation.EvaluationError, match="scoring_started"):
        evaluation.record_review(
            tender,
            queries.opened_bids(tender)[0],
            ReviewKind.QUALIFICATION,
            {r["id"]: (True, "") for r in tender.requirements},
            tender.created_by,
        )
    assert not queries.all_submitted(tender)


def test_the_engine_spec_reads_bid_values_and_scores(db, tender, committee):
    declare_all(committee)
    bids = queries.opened_bids(tender)
    pass_all(tender, tender.created_by, fail={bids[4].id: "资质不符"})
    for seat in committee:
        evaluation.save_scores(seat, full_scores(tender))
        evaluation.submit_scoresheet(seat)
    spec = queries.engine_spec(tender, sensitivity=False)
    first = spec["bids"][0]
    assert first["price"] == 2400.0 and first["compliant"] is True
    assert first["values"]["solvency"] == 180
    assert first["values"]["time_commitments"] == 2 + 24 + 72
    assert first["values"]["coverage"] == 2  # two required items missing
    assert first["values"]["platform"] == ["iot", "paperless"]
    assert spec["bids"][4]["compliant"] is False and "资质不符" in spec["bids"][4]["reason"]
    assert set(spec["scores"]) == {f"M{seat.id}" for seat in committee}
    assert spec["scores"][f"M{committee[0].id}"][f"B{bids[0].id}"]["claims_plan"] == 6.0
    assert all("source" not in c and "guidance" not in c for c in spec["criteria"])


def scored_tender(db, committee_size=3, outlier=False, prices=None):
    tender = make_opened_tender(**({"prices": prices} if prices else {}))
    users = [make_user(Role.MEMBER) for _ in range(committee_size)]
    seats = evaluation.assign_committee(tender, users, users[0])
    declare_all(seats)
    pass_all(tender, tender.created_by)
    for index, seat in enumerate(seats):
        values = full_scores(tender)
        if outlier and index == 2:
            first = queries.compliant_bids(tender)[0]
            values[(first.id, "claims_plan")] = Decimal("0")
        evaluation.save_scores(seat, values)
        evaluation.submit_scoresheet(seat)
    db.session.commit()
    return tender, seats


def test_the_ranking_comes_from_the_engine_with_flags(db):
    tender, seats = scored_tender(db, outlier=True)
    row = evaluation.compute_result(tender)
    ranking = row.result["ranking"]
    assert len(ranking) == 5 and ranking[0]["rank"] == 1
    cheapest = min(ranking, key=lambda r: r["price"])
    assert cheapest["points"]["price"] == 20.0
    first = queries.compliant_bids(tender)[0]
    assert {(o["member"], o["bid"]) for o in row.result["outliers"]} >= {
        (f"M{seats[2].id}", f"B{first.id}")
    }
    assert abs(sum(row.result["sensitivity"]["first_share"].values()) - 1) < 1e-9


def test_a_replacement_needs_a_majority_and_recomputes(db):
    tender, seats = scored_tender(db, outlier=True)
    evaluation.compute_result(tender)
    first = queries.compliant_bids(tender)[0]
    chair = seats[0].user
    with pytest.raises(evaluation.EvaluationError, match="majority_required"):
        evaluation.decide_flag(
            tender,
            kind=FlagKind.OUTLIER,
            bid=first,
            seat=seats[2],
            resolution=FlagResolution.REPLACED,
            explanation="投票",
            votes_for=1,
            chair=chair,
        )
    evaluation.decide_flag(
        tender,
        kind=FlagKind.OUTLIER,
        bid=first,
        seat=seats[2],
        resolution=FlagResolution.REPLACED,
        explanation="三名成员中两名同意替换",
        votes_for=2,
        chair=chair,
    )
    from procurement.evaluation.queries import result_of

    after = result_of(tender).result
    points = next(r for r in after["ranking"] if r["bid"] == f"B{first.id}")["points"]
    assert points["claims_plan"] == 6.0  # the 0 replaced by the others' mean of 6


def test_a_rejected_low_price_makes_the_bid_invalid(db):
    tender, seats = scored_tender(db)
    evaluation.compute_result(tender)
    cheapest = min(queries.compliant_bids(tender), key=lambda b: b.opened_price)
    evaluation.decide_flag(
        tender,
        kind=FlagKind.ABNORMALLY_LOW,
        bid=cheapest,
        seat=None,
        resolution=FlagResolution.REJECTED,
        explanation="未能说明报价合理性",
        votes_for=None,
        chair=seats[0].user,
    )
    from procurement.evaluation.queries import result_of

    result = result_of(tender).result
    assert f"B{cheapest.id}" not in [r["bid"] for r in result["ranking"]]
    assert any(
        e["bid"] == f"B{cheapest.id}" and "未能说明报价合理性" in e["reason"]
        for e in result["excluded"]
    )
