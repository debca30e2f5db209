"""The community route: eligibility, proposal, notice, objections, settlement, outcome, insurance."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.register.models import Policy, PremiumSource
from procurement.shaoguan import ledger, notice, operations, queries
from procurement.shaoguan.errors import ShaoguanError
from procurement.shaoguan.models import (
    ApprovalRule,
    Condition,
    OwnerObjectionStatus,
    ProposalStatus,
)
from tests.procurement.shaoguan.helpers import PDF, World


def test_eligibility_needs_evidence_for_all_four_conditions(db):
    world = World()
    eligibility = operations.open_eligibility(
        world.programme, world.community, property_id=world.property_org.id, committee_id=None,
        user=world.bureau,
    )  # fmt: skip
    operations.record_evidence(eligibility, Condition.FUNDS, text="账户余额 120 万元",
                               filename="余额.pdf", data=PDF, user=world.bureau)  # fmt: skip
    with pytest.raises(ShaoguanError) as refused:
        operations.mark_eligible(eligibility, world.bureau)
    assert refused.value.code == "evidence_missing"
    with pytest.raises(ShaoguanError):
        operations.create_proposal(eligibility, world.values(), world.staff)
    assert eligibility.may_propose(world.staff) and not eligibility.may_propose(world.stranger)


def test_proposal_checks_its_values(db):
    world = World()
    eligibility = world.eligible()
    cases = [
        (world.values(elevator_ids=[]), "no_elevators"),
        (world.values(ends_on=world.values()["starts_on"]), "period_order"),
        (world.values(amount=Decimal("7200.01")), "amount_over_total"),
        (world.values(insurer_id=-1), "insurer_not_admitted"),
    ]
    for values, code in cases:
        with pytest.raises(ShaoguanError) as refused:
            operations.create_proposal(eligibility, values, world.staff)
        assert refused.value.code == code
    proposal = operations.create_proposal(eligibility, world.values(), world.staff)
    assert proposal.amount == Decimal("7200.00")
    with pytest.raises(ShaoguanError) as refused:
        notice.publish_notice(proposal, world.bureau)
    assert refused.value.code == "no_review"


def test_no_objection_at_the_end_of_the_notice_approves_with_the_rule(db, frozen_clock):
    world = World()
    proposal = world.proposal()
    notice.publish_notice(proposal, world.bureau)
    db.session.commit()
    assert proposal.notice_ends_at - proposal.notice_starts_at == timedelta(days=7)
    assert notice.settle_all() == []
    frozen_clock.advance(days=7)
    assert notice.settle_all() == [proposal]
    db.session.commit()
    assert proposal.status is ProposalStatus.APPROVED
    assert proposal.approval_rule is ApprovalRule.NO_OBJECTION
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "shaoguan.approved"))
    assert "公示无异议" in event.details["basis"]


def test_objections_are_grouped_by_owner_and_stop_the_automatic_approval(db, frozen_clock):
    world = World()
    proposal = world.proposal()
    notice.publish_notice(proposal, world.bureau)
    first = notice.file_objection(proposal, building="3栋", unit="2单元", room="1201",
                                  reason="保费过高", name="张三", phone="138 0000 0000")  # fmt: skip
    notice.file_objection(proposal, building="3 栋", unit="2单元", room="1201",
                          reason="再次反对", name="张三", phone="13800000000")  # fmt: skip
    notice.file_objection(proposal, building="5栋", unit="1单元", room="301",
                          reason="不需要", name="李四", phone="13900000000")  # fmt: skip
    db.session.commit()
    assert [len(g) for g in queries.grouped_objections(proposal)] == [2, 1]
    audit = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "shaoguan.objection_filed")
    ).all()
    assert all("张三" not in str(e.details) and "1380" not in str(e.details) for e in audit)
    frozen_clock.advance(days=8)
    with pytest.raises(ShaoguanError) as refused:
        notice.file_objection(proposal, building="1", unit="1", room="1", reason="x", name="x",
                              phone="1")  # fmt: skip
    assert refused.value.code == "notice_closed"
    assert notice.settle_all() == []
    with pytest.raises(ShaoguanError) as refused:
        notice.record_outcome(proposal, outcome="withdrawn", note="", vote=None,
                              vote_filename=None, user=world.bureau)  # fmt: skip
    assert refused.value.code == "objections_open"
    for objection in queries.objections(proposal):
        notice.answer_objection(objection, answer="已解释", withdrawn=False, user=world.bureau)
    with pytest.raises(ShaoguanError) as refused:
        notice.record_outcome(proposal, outcome="vote_for", note="", vote=None,
                              vote_filename=None, user=world.bureau)  # fmt: skip
    assert refused.value.code == "vote_required"
    notice.record_outcome(proposal, outcome="amended", note="降低保费后重新公示", vote=None,
                          vote_filename=None, user=world.bureau)  # fmt: skip
    assert proposal.status is ProposalStatus.DRAFT
    notice.publish_notice(proposal, world.bureau)
    assert proposal.round == 2 and queries.standing_objections(proposal) == 0
    frozen_clock.advance(days=7)
    assert notice.settle_all() == [proposal]
    assert first.status is OwnerObjectionStatus.STANDS


def test_confirmed_insurance_creates_policies_and_moves_the_money(db, frozen_clock):
    world = World()
    proposal = world.proposal()
    notice.publish_notice(proposal, world.bureau)
    frozen_clock.advance(days=7)
    notice.settle_all()
    with pytest.raises(ShaoguanError) as refused:  # no income posted yet
        notice.confirm_insurance(proposal, policy_number="PSG2025001", user=world.insurer_user)
    assert refused.value.code == "pool_negative"
    ledger.post_income(world.programme, year=2024, amount=Decimal("10000.00"), statement=PDF,
                       statement_filename="s.pdf", memo="", user=world.city)  # fmt: skip
    notice.confirm_insurance(proposal, policy_number="PSG2025001", user=world.insurer_user)
    db.session.commit()
    policies = db.session.scalars(sa.select(Policy)).all()
    assert len(policies) == 3 and {p.source for p in policies} == {PremiumSource.FUND_RETURNS}
    assert queries.pool_balance(world.programme.id) == Decimal("2800.00")
    assert queries.community_balance(world.programme.id, world.community.id) == 0
    assert queries.insured_elevators(world.programme) == 3
    assert proposal.status is ProposalStatus.INSURED
