"""Reads of the Shaoguan programme: balances, the public figures, eligibility, proposals, objections."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from procurement.accounts.models import Insurer, InsurerStatus
from procurement.extensions import db
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register.models import Community, Elevator, Policy, PremiumSource
from procurement.shaoguan.models import (
    Eligibility,
    EntryKind,
    LedgerEntry,
    OwnerObjection,
    Programme,
    ProgrammeDocument,
    Proposal,
    ProposalStatus,
    proposal_elevators,
)

ZERO = Decimal("0.00")


def _sum(*conditions: Any) -> Decimal:
    total = db.session.scalar(sa.select(sa.func.sum(LedgerEntry.amount)).where(*conditions))
    return Decimal(total or 0).quantize(ZERO)


def pool_balance(programme_id: int) -> Decimal:
    """Income not yet allocated to a community."""
    mine = LedgerEntry.programme_id == programme_id
    return _sum(mine, LedgerEntry.kind == EntryKind.INCOME) - _sum(
        mine, LedgerEntry.kind == EntryKind.ALLOCATION
    )


def community_balance(programme_id: int, community_id: int) -> Decimal:
    """Income allocated to a community and not yet paid out as premium."""
    mine = (LedgerEntry.programme_id == programme_id, LedgerEntry.community_id == community_id)
    return _sum(*mine, LedgerEntry.kind == EntryKind.ALLOCATION) - _sum(
        *mine, LedgerEntry.kind == EntryKind.PREMIUM
    )


def reversal_of(entry: LedgerEntry) -> LedgerEntry | None:
    return db.session.scalar(sa.select(LedgerEntry).where(LedgerEntry.reverses_id == entry.id))


def ledger(programme: Programme) -> list[LedgerEntry]:
    return list(
        db.session.scalars(
            sa.select(LedgerEntry)
            .where(LedgerEntry.programme_id == programme.id)
            .options(sa.orm.selectinload(LedgerEntry.community))
            .order_by(LedgerEntry.id)
        )
    )


def entry_of(programme: Programme, entry_id: int) -> LedgerEntry | None:
    return db.session.scalar(
        sa.select(LedgerEntry).where(
            LedgerEntry.id == entry_id, LedgerEntry.programme_id == programme.id
        )
    )


@dataclass
class Figures:
    """The money received and used, per year and per community, and the elevators insured."""

    years: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    communities: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    pool: Decimal = ZERO
    insured_elevators: int = 0


def figures(programme: Programme) -> Figures:
    years: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    communities: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    rows = db.session.execute(
        sa.select(
            LedgerEntry.year, LedgerEntry.kind, Community.name, sa.func.sum(LedgerEntry.amount)
        )
        .outerjoin(Community, Community.id == LedgerEntry.community_id)
        .where(LedgerEntry.programme_id == programme.id)
        .group_by(LedgerEntry.year, LedgerEntry.kind, Community.name)
    )
    for year, kind, community, amount in rows:
        years[year][kind.value] += Decimal(amount)
        if community is not None:
            communities[community][kind.value] += Decimal(amount)
    return Figures(
        years={y: dict(v) for y, v in sorted(years.items())},
        communities={c: dict(v) for c, v in sorted(communities.items())},
        pool=pool_balance(programme.id),
        insured_elevators=insured_elevators(programme),
    )


def insured_elevators(programme: Programme) -> int:
    """Distinct elevators covered by the programme's insured proposals."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(proposal_elevators.c.elevator_id)))
            .join(Proposal, Proposal.id == proposal_elevators.c.proposal_id)
            .where(Proposal.programme_id == programme.id, Proposal.status == ProposalStatus.INSURED)
        )
        or 0
    )


def programme_by_slug(slug: str) -> Programme | None:
    return db.session.scalar(sa.select(Programme).where(Programme.slug == slug))


def programmes() -> list[Programme]:
    return list(db.session.scalars(sa.select(Programme).order_by(Programme.id)))


def documents(programme: Programme) -> list[ProgrammeDocument]:
    return list(
        db.session.scalars(
            sa.select(ProgrammeDocument)
            .where(ProgrammeDocument.programme_id == programme.id)
            .order_by(ProgrammeDocument.id)
        )
    )


def communities_in(programme: Programme) -> list[Community]:
    """The register's communities of the programme's districts."""
    from procurement.organisations.models import District

    ids = [d.id for d in db.session.scalars(sa.select(District)) if programme.district.covers(d)]
    return list(
        db.session.scalars(
            sa.select(Community).where(Community.district_id.in_(ids)).order_by(Community.name)
        )
    )


def eligibility_of(programme: Programme, community: Community) -> Eligibility | None:
    return db.session.scalar(
        sa.select(Eligibility).where(
            Eligibility.programme_id == programme.id, Eligibility.community_id == community.id
        )
    )


def eligibilities(programme: Programme) -> dict[int, Eligibility]:
    rows = db.session.scalars(
        sa.select(Eligibility).where(Eligibility.programme_id == programme.id)
    )
    return {e.community_id: e for e in rows}


def parties(community: Community) -> list[Organisation]:
    """Organisations that may stand for a community: property companies, owners' committees and
    user units of its district."""
    kinds = (
        OrganisationKind.PROPERTY,
        OrganisationKind.OWNERS_COMMITTEE,
        OrganisationKind.USER_UNIT,
    )
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.kind.in_(kinds), Organisation.district_id == community.district_id)
            .order_by(Organisation.name)
        )
    )


def elevators_of(community: Community) -> list[Elevator]:
    return list(
        db.session.scalars(
            sa.select(Elevator)
            .where(Elevator.community_id == community.id)
            .order_by(Elevator.number)
        )
    )


def admitted_insurers(community: Community | None = None) -> list[Insurer]:
    """The insurers a proposal may choose: those admitted (入围) by an awarded tender covering the
    community's district, or every approved insurer where no tender has admitted any there yet."""
    from procurement.bids.models import Bid
    from procurement.publication.models import Notice
    from procurement.publication.queries import admitted_of
    from procurement.tenders.models import Tender, TenderStatus

    approved = sa.select(Insurer).where(Insurer.status == InsurerStatus.APPROVED)
    district = db.session.get(District, community.district_id) if community else None
    if district is not None:
        awards = db.session.scalars(
            sa.select(Notice)
            .join(Tender, Notice.tender_id == Tender.id)
            .where(Tender.status == TenderStatus.AWARDED, Notice.awarded_at.is_not(None))
        )
        bids = [
            int(key.removeprefix("B"))
            for notice in awards
            if district.name in notice.tender.districts
            for key in admitted_of(notice)
        ]
        if bids:
            admitted = sa.select(Bid.insurer_id).where(Bid.id.in_(bids))
            approved = approved.where(Insurer.id.in_(admitted))
    return list(db.session.scalars(approved.order_by(Insurer.name)))


def proposals(programme: Programme, community: Community | None = None) -> list[Proposal]:
    query = sa.select(Proposal).where(Proposal.programme_id == programme.id)
    if community is not None:
        query = query.join(Eligibility).where(Eligibility.community_id == community.id)
    return list(db.session.scalars(query.order_by(Proposal.id)))


def public_proposals(programme: Programme) -> list[Proposal]:
    return [p for p in proposals(programme) if p.is_public]


def visible_proposals(user: Any) -> list[Proposal]:
    return [
        p for p in db.session.scalars(sa.select(Proposal).order_by(Proposal.id)) if p.can_read(user)
    ]


def objections(proposal: Proposal) -> list[OwnerObjection]:
    return list(
        db.session.scalars(
            sa.select(OwnerObjection)
            .where(OwnerObjection.proposal_id == proposal.id)
            .order_by(OwnerObjection.number)
        )
    )


def grouped_objections(proposal: Proposal) -> list[list[OwnerObjection]]:
    """One owner's objections together, owners in the order of their first objection."""
    groups: dict[str, list[OwnerObjection]] = {}
    for objection in objections(proposal):
        groups.setdefault(objection.owner_key, []).append(objection)
    return list(groups.values())


def standing_objections(proposal: Proposal) -> int:
    return sum(1 for o in objections(proposal) if o.round == proposal.round and o.standing)


def due_for_settlement(moment: datetime) -> list[Proposal]:
    """Proposals whose notice has ended and that no one has settled yet."""
    return list(
        db.session.scalars(
            sa.select(Proposal)
            .where(Proposal.status == ProposalStatus.NOTICED, Proposal.notice_ends_at <= moment)
            .order_by(Proposal.id)
        )
    )


def policies_of(proposal: Proposal) -> list[Policy]:
    if not proposal.policy_number:
        return []
    return list(
        db.session.scalars(
            sa.select(Policy).where(
                Policy.number == proposal.policy_number,
                Policy.source == PremiumSource.FUND_RETURNS,
            )
        )
    )
