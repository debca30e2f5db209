"""State changes of the programme, its procedures, communities' eligibility and proposals.

The ledger's movements are in `ledger.py`, the notice to owners and what follows it in `notice.py`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from procurement import clock
from procurement.accounts.models import Insurer, InsurerStatus
from procurement.audit.operations import record
from procurement.extensions import db
from procurement.organisations.models import Organisation
from procurement.register.models import Community, Elevator
from procurement.shaoguan import queries
from procurement.shaoguan.errors import ShaoguanError
from procurement.shaoguan.files import checked_pdf
from procurement.shaoguan.models import (
    ClauseReview,
    Condition,
    Eligibility,
    Evidence,
    Programme,
    ProgrammeDocument,
    Proposal,
    ProposalStatus,
)

SLUG = re.compile(r"[a-z0-9-]{2,40}")


def create_programme(
    organisation: Organisation, *, slug: str, name: str, notice_days: int, target_elevators: int,
    target_date: date, user: Any = None,
) -> Programme:  # fmt: skip
    if not SLUG.fullmatch(slug) or queries.programme_by_slug(slug) is not None:
        raise ShaoguanError("slug_taken", "slug")
    assert organisation.district is not None  # noqa: S101  # a city bureau has its city
    programme = Programme(
        slug=slug, name=name, organisation=organisation, district=organisation.district,
        notice_days=notice_days, target_elevators=target_elevators, target_date=target_date,
    )  # fmt: skip
    db.session.add(programme)
    db.session.flush()
    record("shaoguan.programme_created", programme, details={"slug": slug, "name": name},
           actor=user)  # fmt: skip
    return programme


def upload_document(
    programme: Programme, *, title: str, filename: str, data: bytes | None, user: Any
) -> ProgrammeDocument:
    """Publish a procedure (a guide, a form) on the programme's public page."""
    checked = checked_pdf(data, "document")
    if checked is None:
        raise ShaoguanError("not_pdf", "document")
    document = ProgrammeDocument(
        programme_id=programme.id, title=title.strip(), filename=filename[:200] or "document.pdf",
        data=checked, uploaded_at=clock.now(), uploaded_by_id=user.id,
    )  # fmt: skip
    db.session.add(document)
    db.session.flush()
    record("shaoguan.document_uploaded", document, details={"title": document.title})
    return document


# Eligibility --------------------------------------------------------------------------------------


def open_eligibility(
    programme: Programme, community: Community, *, property_id: int | None,
    committee_id: int | None, user: Any,
) -> Eligibility:  # fmt: skip
    """Start (or update the parties of) a community's eligibility record."""
    eligibility = queries.eligibility_of(programme, community)
    if eligibility is None:
        eligibility = Eligibility(programme=programme, community=community)
        db.session.add(eligibility)
    eligibility.property_id, eligibility.committee_id = property_id, committee_id
    db.session.flush()
    record("shaoguan.eligibility_parties", eligibility,
           details={"property_id": property_id, "committee_id": committee_id})  # fmt: skip
    return eligibility


def record_evidence(
    eligibility: Eligibility, condition: Condition, *, text: str, filename: str | None,
    data: bytes | None, user: Any,
) -> Evidence:  # fmt: skip
    if eligibility.eligible_at is not None:
        raise ShaoguanError("already_eligible")
    checked = checked_pdf(data, "file")
    evidence = eligibility.evidence_for(condition)
    fields = {"text": text.strip(), "recorded_at": clock.now(), "recorded_by_id": user.id}
    if evidence is None:
        evidence = Evidence(eligibility_id=eligibility.id, condition=condition, **fields)
        eligibility.evidence.append(evidence)
    else:
        for name, value in fields.items():
            setattr(evidence, name, value)
    if checked is not None:
        evidence.data, evidence.filename = checked, (filename or "evidence.pdf")[:200]
    db.session.flush()
    details = {"condition": condition.value, "text": evidence.text, "file": evidence.filename}
    record("shaoguan.evidence_recorded", evidence, details=details)
    return evidence


def mark_eligible(eligibility: Eligibility, user: Any) -> Eligibility:
    if eligibility.eligible_at is not None:
        raise ShaoguanError("already_eligible")
    missing = [c for c in Condition if eligibility.evidence_for(c) is None]
    if missing:
        from procurement.labels import label

        raise ShaoguanError("evidence_missing", missing="、".join(label(c) for c in missing))
    eligibility.eligible_at, eligibility.marked_by_id = clock.now(), user.id
    record("shaoguan.eligible", eligibility, details={"community_id": eligibility.community_id})
    return eligibility


# Proposals ----------------------------------------------------------------------------------------


def create_proposal(eligibility: Eligibility, values: dict[str, Any], user: Any) -> Proposal:
    if eligibility.eligible_at is None:
        raise ShaoguanError("not_eligible")
    proposal = Proposal(
        programme_id=eligibility.programme_id, eligibility=eligibility, created_by_id=user.id,
        created_at=clock.now(),
    )  # fmt: skip
    _apply(proposal, values)
    db.session.add(proposal)
    db.session.flush()
    record("shaoguan.proposal_created", proposal, details=_summary(proposal))
    return proposal


def amend_proposal(proposal: Proposal, values: dict[str, Any], user: Any) -> Proposal:
    if proposal.status is not ProposalStatus.DRAFT:
        raise ShaoguanError("not_draft")
    _apply(proposal, values)
    db.session.flush()
    record("shaoguan.proposal_amended", proposal, details=_summary(proposal))
    return proposal


def _apply(proposal: Proposal, values: dict[str, Any]) -> None:
    community = proposal.eligibility.community
    ids = [int(i) for i in values["elevator_ids"]]
    if not ids:
        raise ShaoguanError("no_elevators", "elevator_ids")
    elevators = list(db.session.scalars(sa.select(Elevator).where(Elevator.id.in_(ids))))
    for elevator in elevators:
        if elevator.community_id != community.id:
            raise ShaoguanError("foreign_elevator", "elevator_ids", number=elevator.number)
    if len(elevators) != len(set(ids)):
        raise ShaoguanError("no_elevators", "elevator_ids")
    insurer = db.session.get(Insurer, values["insurer_id"])
    if insurer is None or insurer.status is not InsurerStatus.APPROVED:
        raise ShaoguanError("insurer_not_admitted", "insurer_id")
    if values["ends_on"] <= values["starts_on"]:
        raise ShaoguanError("period_order", "ends_on")
    premium: Decimal = values["premium"]
    if premium <= 0:
        raise ShaoguanError("amount_positive", "premium")
    total = premium * len(elevators)
    amount: Decimal = values.get("amount") or total
    if amount <= 0:
        raise ShaoguanError("amount_positive", "amount")
    if amount > total:
        raise ShaoguanError("amount_over_total", "amount", amount=amount, total=total)
    proposal.elevators = elevators
    proposal.insurer = insurer
    proposal.product, proposal.approval_no = (
        values["product"].strip(),
        values["approval_no"].strip(),
    )
    proposal.premium, proposal.amount = premium, amount
    proposal.starts_on, proposal.ends_on = values["starts_on"], values["ends_on"]


def _summary(proposal: Proposal) -> dict[str, Any]:
    return {
        "elevators": [e.number for e in proposal.elevators],
        "insurer_id": proposal.insurer_id,
        "product": proposal.product,
        "approval_no": proposal.approval_no,
        "premium": str(proposal.premium),
        "amount": str(proposal.amount),
        "period": [str(proposal.starts_on), str(proposal.ends_on)],
    }


def review_clause(proposal: Proposal, *, clause: str, finding: str, user: Any) -> ClauseReview:
    """逐条研判: the bureau's finding on one clause of the insurance contract."""
    if proposal.status is not ProposalStatus.DRAFT:
        raise ShaoguanError("not_draft")
    review = ClauseReview(
        proposal_id=proposal.id, clause=clause.strip(), finding=finding.strip(),
        reviewer_id=user.id, reviewed_at=clock.now(),
    )  # fmt: skip
    proposal.reviews.append(review)
    db.session.flush()
    details = {"proposal_id": proposal.id, "clause": review.clause, "finding": review.finding}
    record("shaoguan.clause_reviewed", review, details=details)
    return review
