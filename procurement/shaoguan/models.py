"""Shaoguan's programme (韶市建联字〔2024〕12号): the pooled value-added income of the maintenance funds
(专项维修资金增值收益, "统筹所得、统筹使用"), communities' eligibility, proposals to buy elevator repair
insurance with it, and the notice to owners that replaces their vote (公示无异议).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from procurement.accounts.models import Insurer, Role, User
from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register.models import Community, Elevator


class Programme(Model):
    """The city's programme: run by the city housing bureau, for the communities of its districts."""

    __tablename__ = "shaoguan_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"))
    # The notice fixes no period: set per programme.
    notice_days: Mapped[int] = mapped_column(default=7)
    target_elevators: Mapped[int] = mapped_column(default=300)
    target_date: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    organisation: Mapped[Organisation] = relationship()
    district: Mapped[District] = relationship()

    def can_manage(self, user: Any) -> bool:
        """The city housing bureau's officers keep the ledger and the procedures."""
        return bool(
            user.is_authenticated
            and user.role is Role.OFFICER
            and user.organisation_id == self.organisation_id
        )

    def can_act_on(self, user: Any, community: Community) -> bool:
        """A district housing bureau's officers act on the communities of their district."""
        organisation = getattr(user, "organisation", None)
        return bool(
            user.is_authenticated
            and user.role is Role.OFFICER
            and organisation is not None
            and organisation.kind is OrganisationKind.DISTRICT_HOUSING
            and organisation.district is not None
            and organisation.district.covers(_district_of(community))
            and self.district.covers(organisation.district)
        )

    def can_see(self, user: Any, community: Community) -> bool:
        return self.can_manage(user) or self.can_act_on(user, community)


def _district_of(community: Community) -> District | None:
    from procurement.extensions import db

    return db.session.get(District, community.district_id)


class ProgrammeDocument(Model):
    """A procedure the bureau publishes (a guide, an application form), as a PDF."""

    __tablename__ = "shaoguan_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("shaoguan_programmes.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    filename: Mapped[str] = mapped_column(sa.String(200))
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))


class EntryKind(enum.StrEnum):
    INCOME = "income"  # 增值收益入账 (the city's pool grows)
    ALLOCATION = "allocation"  # 划拨至小区 (pool → community)
    PREMIUM = "premium"  # 支付保费 (community → insurer)


class LedgerEntry(Model):
    """One movement of the pooled income. Append-only: a correction is a reversing entry (same kind,
    opposite amount, `reverses_id` naming the entry it cancels); nothing is updated or deleted."""

    __tablename__ = "shaoguan_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("shaoguan_programmes.id"), index=True)
    kind: Mapped[EntryKind] = mapped_column(enum_type(EntryKind))
    year: Mapped[int] = mapped_column()
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))  # 元, negative only when reversing
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("register_communities.id"))
    proposal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shaoguan_proposals.id"))
    reverses_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("shaoguan_ledger.id"), unique=True
    )
    memo: Mapped[str] = mapped_column(sa.Text, default="")
    statement_filename: Mapped[str | None] = mapped_column(sa.String(200))  # 托管银行对账单
    statement: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    community: Mapped[Community | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()


def _append_only(_mapper: Any, _connection: Any, entry: LedgerEntry) -> None:
    raise RuntimeError(
        f"ledger entry {entry.id} cannot be changed or deleted: record a reversing entry"
    )


event.listen(LedgerEntry, "before_update", _append_only)
event.listen(LedgerEntry, "before_delete", _append_only)


class Condition(enum.StrEnum):
    """The notice's four conditions of a pilot community."""

    FUNDS = "funds"  # 维修资金量充足
    COMMITTEE = "committee"  # 业主委员会发挥较好
    MANAGEMENT = "management"  # 物业管理与电梯维保比较规范
    WILLINGNESS = "willingness"  # 有意愿


class Eligibility(Model):
    """A community's eligibility, recorded by its district bureau, with the organisations whose staff
    (Role.COMMUNITY) may propose for it: its property company and its owners' committee."""

    __tablename__ = "shaoguan_eligibility"
    __table_args__ = (sa.UniqueConstraint("programme_id", "community_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("shaoguan_programmes.id"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("register_communities.id"))
    property_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    committee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    eligible_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    marked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    programme: Mapped[Programme] = relationship()
    community: Mapped[Community] = relationship()
    property: Mapped[Organisation | None] = relationship(foreign_keys=[property_id])
    committee: Mapped[Organisation | None] = relationship(foreign_keys=[committee_id])
    evidence: Mapped[list[Evidence]] = relationship(order_by="Evidence.condition")

    def may_propose(self, user: Any) -> bool:
        return bool(
            user.is_authenticated
            and user.role is Role.COMMUNITY
            and user.organisation_id is not None
            and user.organisation_id in (self.property_id, self.committee_id)
        )

    def evidence_for(self, condition: Condition) -> Evidence | None:
        return next((e for e in self.evidence if e.condition is condition), None)


class Evidence(Model):
    __tablename__ = "shaoguan_evidence"
    __table_args__ = (sa.UniqueConstraint("eligibility_id", "condition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    eligibility_id: Mapped[int] = mapped_column(sa.ForeignKey("shaoguan_eligibility.id"))
    condition: Mapped[Condition] = mapped_column(enum_type(Condition))
    text: Mapped[str] = mapped_column(sa.Text)
    filename: Mapped[str | None] = mapped_column(sa.String(200))
    data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"  # being prepared and reviewed (again, after an amendment)
    NOTICED = "noticed"  # 公示中
    APPROVED = "approved"  # 公示无异议, or carried by the owners' vote
    INSURED = "insured"  # the insurer confirmed: policies in the register, money moved
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"  # the owners' vote was against


class ApprovalRule(enum.StrEnum):
    NO_OBJECTION = "no_objection"  # 公示期满无异议 (韶市建联字〔2024〕12号)
    OWNERS_VOTE = "owners_vote"  # 业主表决通过


proposal_elevators = sa.Table(
    "shaoguan_proposal_elevators",
    Model.metadata,
    sa.Column("proposal_id", sa.ForeignKey("shaoguan_proposals.id"), primary_key=True),
    sa.Column("elevator_id", sa.ForeignKey("register_elevators.id"), primary_key=True),
)


class Proposal(Model):
    """A community's proposal to insure its elevators with the pooled income."""

    __tablename__ = "shaoguan_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("shaoguan_programmes.id"), index=True)
    eligibility_id: Mapped[int] = mapped_column(sa.ForeignKey("shaoguan_eligibility.id"))
    insurer_id: Mapped[int] = mapped_column(sa.ForeignKey("insurers.id"))
    product: Mapped[str] = mapped_column(sa.String(200))
    approval_no: Mapped[str] = mapped_column(sa.String(100))  # 条款费率批准或备案号
    premium: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))  # per elevator per year
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))  # paid from the income
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[ProposalStatus] = mapped_column(
        enum_type(ProposalStatus), default=ProposalStatus.DRAFT
    )
    round: Mapped[int] = mapped_column(default=0)  # notices published so far
    notice_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notice_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approval_rule: Mapped[ApprovalRule | None] = mapped_column(enum_type(ApprovalRule))
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="")
    vote_filename: Mapped[str | None] = mapped_column(sa.String(200))
    vote: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    # the notice's posters, rendered by a job when it is published (shaoguan/posters.py)
    poster_a4: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    poster_a3: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    policy_number: Mapped[str | None] = mapped_column(sa.String(60))
    insured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    programme: Mapped[Programme] = relationship()
    eligibility: Mapped[Eligibility] = relationship()
    insurer: Mapped[Insurer] = relationship()
    elevators: Mapped[list[Elevator]] = relationship(
        secondary=proposal_elevators, order_by="Elevator.number"
    )
    reviews: Mapped[list[ClauseReview]] = relationship(order_by="ClauseReview.id")

    @property
    def community(self) -> Community:
        return self.eligibility.community

    def can_review(self, user: Any) -> bool:
        return self.programme.can_act_on(user, self.community)

    def can_read(self, user: Any) -> bool:
        return (
            self.can_review(user)
            or self.programme.can_manage(user)
            or self.eligibility.may_propose(user)
            or self.can_confirm(user)
        )

    def can_confirm(self, user: Any) -> bool:
        return bool(
            user.is_authenticated
            and user.role is Role.INSURER
            and user.insurer_id == self.insurer_id
        )

    def notice_open(self, moment: datetime) -> bool:
        return (
            self.status is ProposalStatus.NOTICED
            and self.notice_ends_at is not None
            and moment < self.notice_ends_at
        )

    @property
    def is_public(self) -> bool:
        return self.round > 0


class ClauseReview(Model):
    """逐条研判: one clause of the insurance contract, the bureau's finding and who reviewed it."""

    __tablename__ = "shaoguan_clause_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("shaoguan_proposals.id"), index=True)
    clause: Mapped[str] = mapped_column(sa.String(200))
    finding: Mapped[str] = mapped_column(sa.Text)
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    reviewer: Mapped[User] = relationship()


class OwnerObjectionStatus(enum.StrEnum):
    OPEN = "open"  # awaiting the bureau's answer: it stands
    STANDS = "stands"  # answered, the owner maintains it: it stands
    WITHDRAWN = "withdrawn"  # answered, the owner withdrew it after the answer


class OwnerObjection(Model):
    """An owner's objection to a proposal under notice. Name and phone are the bureau's alone;
    `owner_key` (building/unit/room and phone, hashed) groups one owner's repeated objections."""

    __tablename__ = "shaoguan_objections"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("shaoguan_proposals.id"), index=True)
    round: Mapped[int] = mapped_column()
    number: Mapped[int] = mapped_column()
    building: Mapped[str] = mapped_column(sa.String(40))
    unit: Mapped[str] = mapped_column(sa.String(40))
    room: Mapped[str] = mapped_column(sa.String(40))
    reason: Mapped[str] = mapped_column(sa.Text)
    name: Mapped[str] = mapped_column(sa.String(100))
    phone: Mapped[str] = mapped_column(sa.String(40))
    owner_key: Mapped[str] = mapped_column(sa.String(64), index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    status: Mapped[OwnerObjectionStatus] = mapped_column(
        enum_type(OwnerObjectionStatus), default=OwnerObjectionStatus.OPEN
    )
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    @property
    def standing(self) -> bool:
        return self.status is not OwnerObjectionStatus.WITHDRAWN
