"""Tenders, their amendments, and bidders' acknowledgements of amendments."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procurement.accounts.models import Insurer, Role, User
from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model
from procurement.organisations.models import Organisation, oversees, same_office

if TYPE_CHECKING:
    from procurement.bids.models import Bid
    from procurement.evaluation.models import CommitteeMember


class TenderMethod(enum.StrEnum):
    OPEN_TENDER = "open_tender"  # 公开招标
    COMPETITIVE_CONSULTATION = "competitive_consultation"  # 竞争性磋商


class LegalRoute(enum.StrEnum):
    TENDERING_LAW = "tendering_law"  # 招标投标法
    GOVERNMENT_PROCUREMENT = "government_procurement"  # 政府采购法


class TenderStatus(enum.StrEnum):
    """Stored states. "Closed" (deadline passed, not yet opened) is derived from the clock."""

    DRAFT = "draft"
    PUBLISHED = "published"
    OPENED = "opened"
    EVALUATED = "evaluated"  # the committee signed the evaluation report
    PUBLICISED = "publicised"  # candidates under public notice (公示)
    AWARDED = "awarded"
    FAILED = "failed"  # 流标
    CANCELLED = "cancelled"


# The lifecycle of DESIGN.md ("The flow of a tender"): the states each state may move to. "Closed"
# is derived from the clock; an upheld objection takes a publicised tender back to opened (the
# evaluation is reopened); an evaluated or publicised tender may still fail (流标). A draft or a
# published tender not yet opened may be cancelled.
TRANSITIONS: dict[TenderStatus, frozenset[TenderStatus]] = {
    TenderStatus.DRAFT: frozenset({TenderStatus.PUBLISHED, TenderStatus.CANCELLED}),
    TenderStatus.PUBLISHED: frozenset(
        {TenderStatus.OPENED, TenderStatus.FAILED, TenderStatus.CANCELLED}
    ),
    TenderStatus.OPENED: frozenset({TenderStatus.EVALUATED, TenderStatus.FAILED}),
    TenderStatus.EVALUATED: frozenset(
        {TenderStatus.PUBLICISED, TenderStatus.OPENED, TenderStatus.FAILED}
    ),
    TenderStatus.PUBLICISED: frozenset(
        {TenderStatus.AWARDED, TenderStatus.OPENED, TenderStatus.FAILED}
    ),
    TenderStatus.AWARDED: frozenset(),
    TenderStatus.FAILED: frozenset(),
    TenderStatus.CANCELLED: frozenset(),
}


class TransitionRefused(RuntimeError):
    """A state change the lifecycle does not allow: a bug in an operation, never a user error."""


class Tender(Model):
    __tablename__ = "tenders"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    procuring_entity: Mapped[str] = mapped_column(sa.String(200))
    method: Mapped[TenderMethod] = mapped_column(enum_type(TenderMethod, 32))
    route: Mapped[LegalRoute] = mapped_column(enum_type(LegalRoute, 32))
    # Whose additions to the national rules apply (procurement/rulesets): "national", or an
    # administrative-division code such as "500000" (重庆市) or "440200" (韶关市). Tenders made
    # before the rule sets followed Chongqing's rules, hence the default.
    jurisdiction: Mapped[str] = mapped_column(
        sa.String(12), default="500000", server_default="500000"
    )
    districts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Several admitted insurers (入围, issue 14 §3): up to `admit_count` and/or every one scoring at
    # least `admit_min_score` enter the list user units choose from; both None: one winner.
    admit_count: Mapped[int | None] = mapped_column()
    admit_min_score: Mapped[Decimal | None] = mapped_column(sa.Numeric(6, 2))
    elevator_count: Mapped[int]
    ceiling_price: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    min_bids: Mapped[int] = mapped_column(default=3)
    submission_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    opening_time: Mapped[datetime] = mapped_column(UTCDateTime)
    notice_days: Mapped[int] = mapped_column(default=3)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    requirements: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON)
    status: Mapped[TenderStatus] = mapped_column(
        enum_type(TenderStatus), default=TenderStatus.DRAFT, index=True
    )
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # The office or agency that owns the tender (its creator's organisation when created).
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    failure_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The 下浮系数 K drawn at opening where a criterion publishes candidates (procurement/opening/
    # draw.py): {"candidates", "receipts", "seed", "index", "k"}; None when K is not drawn.
    k_draw: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    organisation: Mapped[Organisation | None] = relationship()
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    amendments: Mapped[list[Amendment]] = relationship(
        back_populates="tender", order_by="Amendment.number"
    )
    bids: Mapped[list[Bid]] = relationship(back_populates="tender")
    # Every seat ever given on the committee, removed ones included; written through CommitteeMember.
    seats: Mapped[list[CommitteeMember]] = relationship(
        viewonly=True, order_by="CommitteeMember.id"
    )

    # Lifecycle questions, answered from the state and the clock (pass `now` from clock.now()).

    @property
    def is_public(self) -> bool:
        return self.status is not TenderStatus.DRAFT

    def accepts_bids(self, now: datetime) -> bool:
        return self.status is TenderStatus.PUBLISHED and now < self.submission_deadline

    def is_closed(self, now: datetime) -> bool:
        """Published and past the deadline, but not opened yet."""
        return self.status is TenderStatus.PUBLISHED and now >= self.submission_deadline

    def is_sealed(self) -> bool:
        """Bid content stays sealed until the opening, and for good if the tender never opens
        (cancelled or failed before its opening): sealed means not opened, whatever the state."""
        return self.opened_at is None

    def move_to(self, status: TenderStatus) -> None:
        """Change the state, refusing any move the lifecycle (TRANSITIONS) does not allow."""
        if status not in TRANSITIONS[self.status]:
            raise TransitionRefused(f"{self.reference}: {self.status} -> {status}")
        self.status = status

    # Permissions: the model answers, views ask (one loader per blueprint turns a "no" into 403/404).

    def seat_of(self, user: User) -> CommitteeMember | None:
        """The user's seat on this tender's committee (the seats are read once, with `seats`)."""
        if not user.is_authenticated or user.role is not Role.MEMBER:
            return None
        return next((seat for seat in self.seats if seat.user_id == user.id), None)

    def is_seated(self, user: User) -> bool:
        """A member still on the committee (not removed), whether or not declared yet."""
        seat = self.seat_of(user)
        return seat is not None and not seat.removed

    def may_score(self, user: User) -> bool:
        """A seated member who declared no conflict of interest."""
        seat = self.seat_of(user)
        return seat is not None and seat.may_score

    def can_chair(self, user: User) -> bool:
        seat = self.seat_of(user)
        return seat is not None and not seat.removed and seat.is_chair

    def can_read_bids(self, user: User) -> bool:
        """Opened bid content: the officer and the members who may score, never before opening."""
        if self.is_sealed():
            return False
        return self.can_manage(user) or self.may_score(user)

    def can_read_report(self, user: User) -> bool:
        """The officer, the committee, and supervisors of the jurisdiction (the report exists
        only once the evaluation is finalised and signed)."""
        return self.can_manage(user) or self.is_seated(user) or self.can_supervise(user)

    def can_manage(self, user: User) -> bool:
        """An officer of the organisation that owns the tender (an officer without one manages
        nothing)."""
        return (
            user.is_authenticated
            and user.role is Role.OFFICER
            and same_office(user, self.organisation_id)
        )

    def can_supervise(self, user: User) -> bool:
        """A supervisor whose jurisdiction covers the owning office, once the bids are opened
        (before the opening a tender is the office's own work, and sealed)."""
        return (
            user.is_authenticated
            and user.role is Role.SUPERVISOR
            and self.opened_at is not None
            and oversees(user, self.organisation)
        )

    def hidden_from(self, user: User) -> bool:
        """Another office's tender for an officer, or one outside (or not yet open to) a
        supervisor's jurisdiction: loaders answer 404, as if it did not exist."""
        if not user.is_authenticated:
            return False
        if user.role is Role.OFFICER:
            return not self.can_manage(user)
        if user.role is Role.SUPERVISOR:
            return not self.can_supervise(user)
        return False

    def can_edit(self, user: User) -> bool:
        return self.can_manage(user) and self.status is TenderStatus.DRAFT

    def can_open(self, user: User, now: datetime) -> bool:
        return (
            self.can_manage(user)
            and self.status is TenderStatus.PUBLISHED
            and now >= self.opening_time
        )

    def can_read_opening_record(self, user: User) -> bool:
        """The officer, the members who may score, and every insurer that submitted a bid (even
        if it withdrew it later)."""
        if self.can_manage(user) or self.may_score(user):
            return True
        insurer_id = user.insurer_id if user.is_authenticated else None
        return insurer_id is not None and any(
            bid.insurer_id == insurer_id and bid.revision > 0 for bid in self.bids
        )

    def criterion(self, criterion_id: str) -> dict[str, Any] | None:
        return next((c for c in self.criteria if c["id"] == criterion_id), None)

    def __repr__(self) -> str:
        return f"<Tender {self.reference} {self.status}>"


class Amendment(Model):
    """A recorded change to a published tender (澄清或者修改), which every bidder acknowledges."""

    __tablename__ = "amendments"
    __table_args__ = (sa.UniqueConstraint("tender_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    number: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.Text)
    # [{"field": ..., "before": ..., "after": ...}], in JSON-safe form
    changes: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    deadline_moved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    tender: Mapped[Tender] = relationship(back_populates="amendments")
    created_by: Mapped[User] = relationship()
    acknowledgements: Mapped[list[AmendmentAcknowledgement]] = relationship(
        back_populates="amendment"
    )


class AmendmentAcknowledgement(Model):
    __tablename__ = "amendment_acknowledgements"
    __table_args__ = (sa.UniqueConstraint("amendment_id", "insurer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(sa.ForeignKey("amendments.id"))
    insurer_id: Mapped[int] = mapped_column(sa.ForeignKey("insurers.id"))
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    acknowledged_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    amendment: Mapped[Amendment] = relationship(back_populates="acknowledgements")
    insurer: Mapped[Insurer] = relationship()
