"""The notice to owners (公示) and what follows it: owners' objections and the bureau's answers, the
settlement at the end of the period (公示无异议 → approved, with the rule recorded), the bureau's
outcome when objections stand, and the insurer's confirmation that turns an approved proposal into
register policies paid from the income.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from procurement import clock
from procurement.audit.operations import record
from procurement.extensions import db
from procurement.register.models import Policy, PolicyStatus, PremiumSource
from procurement.shaoguan import ledger, posters, queries
from procurement.shaoguan.errors import ShaoguanError
from procurement.shaoguan.files import checked_pdf
from procurement.shaoguan.models import (
    ApprovalRule,
    OwnerObjection,
    OwnerObjectionStatus,
    Proposal,
    ProposalStatus,
)

# The rule an automatic approval relies on, in the notice's words (official text: Chinese only).
NO_OBJECTION_BASIS = "韶市建联字〔2024〕12号：可采取“公示无异议”方式，无需组织业主表决"
OUTCOMES = ("withdrawn", "amended", "vote_for", "vote_against")


def publish_notice(proposal: Proposal, user: Any) -> Proposal:
    """Start the notice to owners for the programme's period (default 7 days)."""
    if proposal.status is not ProposalStatus.DRAFT:
        raise ShaoguanError("not_draft")
    if not proposal.reviews:
        raise ShaoguanError("no_review")
    now = clock.now()
    proposal.status = ProposalStatus.NOTICED
    proposal.round += 1
    proposal.notice_starts_at = now
    proposal.notice_ends_at = now + timedelta(days=proposal.programme.notice_days)
    record("shaoguan.notice_published", proposal, details={
        "round": proposal.round, "starts_at": now, "ends_at": proposal.notice_ends_at})  # fmt: skip
    posters.refresh(proposal, getattr(user, "id", None))  # rendered by a worker after the commit
    return proposal


def owner_key(building: str, unit: str, room: str, phone: str) -> str:
    """One owner, however they write their address and phone: a hash, not the data itself."""
    parts = [re.sub(r"\s+", "", p).upper() for p in (building, unit, room)]
    digits = re.sub(r"\D", "", phone)
    return hashlib.sha256("|".join([*parts, digits]).encode()).hexdigest()


def file_objection(
    proposal: Proposal, *, building: str, unit: str, room: str, reason: str, name: str, phone: str
) -> OwnerObjection:
    if proposal.status is not ProposalStatus.NOTICED:
        raise ShaoguanError("not_noticed")
    if not proposal.notice_open(clock.now()):
        raise ShaoguanError("notice_closed")
    number = 1 + (
        db.session.scalar(
            sa.select(sa.func.max(OwnerObjection.number)).where(
                OwnerObjection.proposal_id == proposal.id
            )
        )
        or 0
    )
    objection = OwnerObjection(
        proposal_id=proposal.id, round=proposal.round, number=number, building=building.strip(),
        unit=unit.strip(), room=room.strip(), reason=reason.strip(), name=name.strip(),
        phone=phone.strip(), owner_key=owner_key(building, unit, room, phone), filed_at=clock.now(),
    )  # fmt: skip
    db.session.add(objection)
    db.session.flush()
    # The audit keeps the address and reason, not the name and phone (private to the bureau).
    record("shaoguan.objection_filed", objection, actor=None, details={
        "proposal_id": proposal.id, "number": number, "address": [objection.building,
        objection.unit, objection.room], "reason": objection.reason})  # fmt: skip
    return objection


def answer_objection(
    objection: OwnerObjection, *, answer: str, withdrawn: bool, user: Any
) -> OwnerObjection:
    if objection.status is not OwnerObjectionStatus.OPEN:
        raise ShaoguanError("answered")
    objection.answer = answer.strip()
    objection.answered_at, objection.answered_by_id = clock.now(), user.id
    objection.status = OwnerObjectionStatus.WITHDRAWN if withdrawn else OwnerObjectionStatus.STANDS
    record("shaoguan.objection_answered", objection,
           details={"answer": objection.answer, "status": objection.status.value})  # fmt: skip
    return objection


def settle(proposal: Proposal, moment: datetime | None = None) -> bool:
    """At the end of the notice with no standing objection, approve the proposal (公示无异议).
    Returns whether it was approved; a proposal with standing objections waits for the bureau."""
    moment = moment or clock.now()
    if proposal.status is not ProposalStatus.NOTICED or proposal.notice_open(moment):
        return False
    if queries.standing_objections(proposal):
        return False
    assert proposal.notice_ends_at is not None  # noqa: S101  # set with the status
    proposal.status = ProposalStatus.APPROVED
    proposal.approved_at = proposal.notice_ends_at
    proposal.approval_rule = ApprovalRule.NO_OBJECTION
    record("shaoguan.approved", proposal, actor=None, details={
        "rule": ApprovalRule.NO_OBJECTION.value, "basis": NO_OBJECTION_BASIS,
        "round": proposal.round, "notice_ends_at": proposal.notice_ends_at})  # fmt: skip
    return True


def settle_all(moment: datetime | None = None) -> list[Proposal]:
    """Settle every proposal whose notice has ended (`flask --app procurement shaoguan settle`)."""
    moment = moment or clock.now()
    return [p for p in queries.due_for_settlement(moment) if settle(p, moment)]


def record_outcome(
    proposal: Proposal, *, outcome: str, note: str, vote: bytes | None,
    vote_filename: str | None, user: Any,
) -> Proposal:  # fmt: skip
    """With objections standing at the end of the notice: withdrawn, amended (back to preparation,
    to be noticed again), or put to the owners' vote with its result attached."""
    if proposal.status is not ProposalStatus.NOTICED:
        raise ShaoguanError("not_noticed")
    if proposal.notice_open(clock.now()):
        raise ShaoguanError("notice_running")
    standing = [o for o in queries.objections(proposal) if o.round == proposal.round]
    if not any(o.standing for o in standing):
        raise ShaoguanError("no_objection")
    if any(o.status is OwnerObjectionStatus.OPEN for o in standing):
        raise ShaoguanError("objections_open")
    if outcome.startswith("vote"):
        data = checked_pdf(vote, "vote")
        if data is None:
            raise ShaoguanError("vote_required", "vote")
        proposal.vote, proposal.vote_filename = data, (vote_filename or "vote.pdf")[:200]
    proposal.outcome_note = note.strip()
    if outcome == "withdrawn":
        proposal.status = ProposalStatus.WITHDRAWN
    elif outcome == "amended":
        proposal.status = ProposalStatus.DRAFT
    elif outcome == "vote_for":
        proposal.status, proposal.approval_rule = ProposalStatus.APPROVED, ApprovalRule.OWNERS_VOTE
        proposal.approved_at = clock.now()
    else:
        proposal.status = ProposalStatus.REJECTED
    record(
        "shaoguan.outcome", proposal, details={"outcome": outcome, "note": proposal.outcome_note}
    )
    return proposal


def confirm_insurance(proposal: Proposal, *, policy_number: str, user: Any) -> list[Policy]:
    """The insurer confirms: one register policy per elevator (source 专项维修资金增值收益), and the
    amount moves in the ledger (allocated to the community, then paid as premium)."""
    if proposal.status is not ProposalStatus.APPROVED:
        raise ShaoguanError("not_approved")
    number = policy_number.strip()
    if not number:
        raise ShaoguanError("policy_number_required", "policy_number")
    community = proposal.community
    ledger.allocate(proposal.programme, community, proposal.amount, user=user,
                    memo=f"proposal {proposal.id}", proposal_id=proposal.id)  # fmt: skip
    ledger.pay_premium(proposal.programme, community, proposal.amount, user=user,
                       memo=f"proposal {proposal.id}", proposal_id=proposal.id)  # fmt: skip
    policies = [
        Policy(
            number=number,
            insurer_id=proposal.insurer_id,
            elevator_id=elevator.id,
            product=proposal.product,
            approval_no=proposal.approval_no,
            premium=proposal.premium,
            source=PremiumSource.FUND_RETURNS,
            starts_on=proposal.starts_on,
            ends_on=proposal.ends_on,
            status=PolicyStatus.ISSUED,
        )  # fmt: skip
        for elevator in proposal.elevators
    ]
    db.session.add_all(policies)
    proposal.status, proposal.policy_number, proposal.insured_at = (
        ProposalStatus.INSURED,
        number,
        clock.now(),
    )
    db.session.flush()
    record("shaoguan.insured", proposal, details={
        "policy_number": number, "policies": len(policies), "amount": str(proposal.amount)})  # fmt: skip
    return policies
