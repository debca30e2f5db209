"""The consultation round, the final offers and what the evaluation scores, rule by rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.consultation import offers, operations
from procurement.consultation import queries as cq
from procurement.consultation.errors import ConsultationError
from procurement.evaluation import queries
from procurement.evaluation.queries import EvaluationState
from procurement.keyholders.operations import KeyHolderError
from procurement.publication.models import Notification
from procurement.tenders.models import TenderStatus
from tests.procurement.consultation.helpers import (
    chair_of,
    consult_all,
    consultation_tender,
    insurer_user,
    invite,
    open_offers,
    submit,
)


@pytest.fixture
def tender(db, frozen_clock):
    return consultation_tender(prices=("2400.00", "2600.00", "2200.00", "2500.00"))


def bids(tender):
    return queries.compliant_bids(tender)


def test_minutes_are_per_supplier_audited_and_need_text(db, tender):
    first, second = bids(tender)[:2]
    chair = chair_of(tender)
    with pytest.raises(ConsultationError, match="text_required"):
        operations.record_minute(tender, first, "  ", chair)
    operations.record_minute(tender, first, "第一轮：理赔时效", chair)
    operations.record_minute(tender, second, "第一轮：费率结构", chair)
    db.session.commit()
    assert [m.text for m in cq.minutes_of(tender, first)] == ["第一轮：理赔时效"]
    assert [m.text for m in cq.minutes_of(tender, second)] == ["第一轮：费率结构"]
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "consultation.minute")
    ).all()
    assert [e.details["bid"] for e in events] == [first.id, second.id]


def test_the_round_waits_for_the_reviews(db, frozen_clock):
    from procurement.tenders.models import TenderMethod
    from tests.factories import make_opened_tender

    tender = make_opened_tender(method=TenderMethod.COMPETITIVE_CONSULTATION)
    bid = tender.bids[0]
    with pytest.raises(ConsultationError, match="not_ready"):
        operations.record_minute(tender, bid, "太早", tender.created_by)
    open_tender = make_opened_tender()
    with pytest.raises(ConsultationError, match="not_consultation"):
        operations.record_minute(
            open_tender, open_tender.bids[0], "不是磋商", open_tender.created_by
        )


def test_a_change_goes_to_every_supplier_still_in_with_a_deadline(db, tender, frozen_clock):
    leaver = bids(tender)[3]
    operations.leave(tender, leaver, insurer_user(leaver))
    chair = chair_of(tender)
    with pytest.raises(ConsultationError, match="respond_by_past"):
        operations.record_change(tender, "增加夜间救援", frozen_clock.moment, chair)
    change = operations.record_change(
        tender, "增加夜间救援响应要求", frozen_clock.moment + timedelta(days=2), chair
    )
    db.session.commit()
    assert change.number == 1
    assert sorted(change.sent_to) == sorted(b.id for b in bids(tender)[:3])
    for bid in bids(tender)[:3]:
        notes = db.session.scalars(
            sa.select(Notification).where(Notification.user_id == insurer_user(bid).id)
        ).all()
        assert any("实质性变动（第1号）" in n.message for n in notes)
    assert cq.changes_of(tender, leaver) == []  # it left before the change
    with pytest.raises(ConsultationError, match="not_in"):
        operations.record_minute(tender, leaver, "已退出", chair)


def test_invitation_needs_each_consulted_and_a_deadline_after_the_responses(
    db, tender, frozen_clock
):
    chair = chair_of(tender)
    operations.record_minute(tender, bids(tender)[0], "磋商", chair)
    with pytest.raises(ConsultationError, match="consult_each"):
        invite(tender)
    consult_all(tender)
    operations.record_change(tender, "变更", frozen_clock.moment + timedelta(days=3), chair)
    with pytest.raises(ConsultationError, match="deadline_before_response"):
        invite(tender, hours=24)
    with pytest.raises(ConsultationError, match="deadline_past"):
        invite(tender, hours=-1)
    consultation = invite(tender, hours=96)
    assert consultation.invited and consultation.exception is None
    with pytest.raises(ConsultationError, match="invited"):
        operations.record_minute(tender, bids(tender)[0], "太晚", chair)


def test_fewer_than_three_are_refused_unless_a_lawful_exception_is_recorded(db, frozen_clock):
    tender = consultation_tender(prices=("2400.00", "2600.00", "2200.00"))
    third = bids(tender)[2]
    operations.leave(tender, third, insurer_user(third))
    consult_all(tender)
    with pytest.raises(ConsultationError, match="too_few") as refused:
        invite(tender)
    assert "财库〔2014〕214号" in refused.value.problems[0]
    with pytest.raises(ConsultationError, match="exception_note"):
        invite(tender, exception="purchased_service")
    consultation = invite(
        tender, exception="purchased_service", note="政府购买服务项目，仅2家符合要求"
    )
    assert consultation.exception == "purchased_service"


def test_one_supplier_is_too_few_even_with_an_exception(db, frozen_clock):
    tender = consultation_tender(prices=("2400.00", "2600.00", "2200.00"))
    for bid in bids(tender)[1:]:
        operations.leave(tender, bid, insurer_user(bid))
    consult_all(tender)
    with pytest.raises(ConsultationError, match="exception_short"):
        invite(tender, exception="research", note="科研项目")


def test_final_offers_are_sealed_received_opened_and_scored(db, tender, frozen_clock):
    consult_all(tender)
    invite(tender)
    first, second, third, fourth = bids(tender)
    offer = submit(tender, first, "2300.00")
    assert offer.receipt_hash and offer.opened_content is None
    assert submit(tender, first, "2100.00").revision == 2  # revised until the deadline
    submit(tender, second, "2500.00")
    submit(tender, third, "2150.00", annual_limit=60)
    operations.leave(tender, fourth, insurer_user(fourth))  # leaves instead of offering
    with pytest.raises(ConsultationError, match="not_yet"):
        open_offers(tender)
    frozen_clock.advance(hours=25)
    with pytest.raises(ConsultationError, match="offers_closed"):
        submit(tender, second, "2000.00")
    with pytest.raises(KeyHolderError):
        offers.open_offers(tender, tender.created_by, {})
    open_offers(tender)
    db.session.commit()
    assert tender.status is TenderStatus.OPENED
    state = EvaluationState(tender)
    assert state.ready_to_score
    assert state.exclusions == {
        fourth.id: ["已在提交最后报价前退出磋商（财库〔2014〕214号第二十二条）"]
    }
    spec = {entry["id"]: entry for entry in state.engine_spec(sensitivity=False)["bids"]}
    assert spec[f"B{first.id}"]["price"] == 2100.0  # the final offer, not the first 2400
    assert spec[f"B{third.id}"]["price"] == 2150.0
    assert state.scored_content(third)["fields"]["annual_limit"] == 60
    assert (
        state.scored_content(third)["fields"]["vehicles"]
        == third.opened_content["fields"]["vehicles"]
    )
    assert state.scored_content(third)["first_price"] == "2200.00"
    with pytest.raises(ConsultationError, match="opened"):
        open_offers(tender)


def test_a_supplier_without_a_final_offer_is_not_scored(db, tender, frozen_clock):
    consult_all(tender)
    invite(tender)
    first, second, third, fourth = bids(tender)
    for bid in (first, second, third):
        submit(tender, bid, "2300.00")
    frozen_clock.advance(hours=25)
    with pytest.raises(ConsultationError, match="offers_closed"):
        operations.leave(tender, fourth, insurer_user(fourth))
    open_offers(tender)
    state = EvaluationState(tender)
    assert state.exclusions == {fourth.id: ["未在规定时间内提交最后报价，视为退出磋商"]}
    assert tender.status is TenderStatus.OPENED


def test_too_few_valid_final_offers_end_the_procedure(db, tender, frozen_clock):
    consult_all(tender)
    invite(tender)
    first, second = bids(tender)[:2]
    submit(tender, first, "2300.00")
    submit(tender, second, "9999.00")  # above the ceiling: invalid
    frozen_clock.advance(hours=25)
    open_offers(tender)
    assert tender.status is TenderStatus.FAILED
    assert "第三十四条" in tender.failure_reason and "实收1家" in tender.failure_reason
    offer = cq.offers_of(tender)[second.id]
    assert offer.opened_problem == "最后报价无效：报价超过最高限价3000.00元"


def test_leaving_only_before_the_final_offer(db, tender, frozen_clock):
    consult_all(tender)
    invite(tender)
    first = bids(tender)[0]
    submit(tender, first, "2300.00")
    with pytest.raises(ConsultationError, match="offered"):
        operations.leave(tender, first, insurer_user(first))
    second = bids(tender)[1]
    operations.leave(tender, second, insurer_user(second))
    with pytest.raises(ConsultationError, match="left"):
        submit(tender, second, "2000.00")


def test_a_supplier_failed_at_review_is_not_consulted(db, frozen_clock):
    tender = consultation_tender(
        prices=("2400.00", "2600.00", "2200.00", "2500.00"), fail_first=True
    )
    failed = min(tender.bids, key=lambda bid: bid.id)
    assert failed not in cq.qualified(EvaluationState(tender))
    with pytest.raises(ConsultationError, match="not_in"):
        operations.record_minute(tender, failed, "不应磋商", chair_of(tender))
    consult_all(tender)
    invite(tender)
    with pytest.raises(ConsultationError, match="not_in"):
        submit(tender, failed, "2000.00")


def test_a_supplier_failed_at_review_cannot_leave_what_it_never_joined(db, frozen_clock):
    tender = consultation_tender(
        prices=("2400.00", "2600.00", "2200.00", "2500.00"), fail_first=True
    )
    failed = min(tender.bids, key=lambda bid: bid.id)
    with pytest.raises(ConsultationError, match="not_in"):
        operations.leave(tender, failed, insurer_user(failed))


def test_the_reviews_stand_once_final_offers_are_invited(db, tender, frozen_clock):
    from procurement.evaluation import operations as evaluation
    from procurement.evaluation.errors import EvaluationError
    from procurement.evaluation.models import ReviewKind

    consult_all(tender)
    invite(tender)
    bid = bids(tender)[0]
    decisions = {r["id"]: (True, "") for r in queries.requirements(tender, ReviewKind.COMPLIANCE)}
    with pytest.raises(EvaluationError, match="consultation_invited"):
        evaluation.record_review(tender, bid, ReviewKind.COMPLIANCE, decisions, tender.created_by)
