"""Every state of every enum in words: the one table the pages, lists and filters read.

Chinese procurement words carry legal meaning, so each state has one label and two different
meanings never share one (tests/procurement/test_labels.py renders the table in both languages):

- a bid that fails review is 未通过资格性审查/符合性审查, i.e. 无效投标 — never 流标, which is the whole
  tender failing (`TenderStatus.FAILED`);
- a withdrawn bid is 已撤回 — never 已回避, a committee member's recusal for a conflict of interest;
- a date by which something is due is 截止时间/到期 — never 待声明, a declaration not yet made.

Where one English word has two Chinese meanings, its msgid carries a context
(`lazy_pgettext("bid", "Withdrawn")` → 已撤回, `lazy_pgettext("member", "Withdrawn")` → 已回避).
Templates call `enum_label(value)`; Python code `label(value)`.
"""

from __future__ import annotations

import enum
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from procurement.accounts.models import InsurerStatus, Role
from procurement.bids.models import BidStatus
from procurement.evaluation.models import FlagKind, FlagResolution, ReviewKind, ScoresheetStatus
from procurement.jobs.models import JobState
from procurement.maintenance.models import ImportKind, ImportStatus, PeriodStatus
from procurement.organisations.models import DistrictLevel, OrganisationKind
from procurement.publication.models import ObjectionStatus
from procurement.register.models import Ownership, PolicyStatus, PremiumSource
from procurement.shaoguan.models import (
    ApprovalRule,
    Condition,
    EntryKind,
    OwnerObjectionStatus,
    ProposalStatus,
)
from procurement.tenders.models import LegalRoute, TenderMethod, TenderStatus


class PublicState(enum.StrEnum):
    """The states a published tender shows by the clock alone (its status stays `published`)."""

    OPEN = "open"  # accepting bids
    CLOSED = "closed"  # past the submission deadline, not yet opened


class ReviewOutcome(enum.StrEnum):
    """A bid's outcome in a qualification or compliance review (stored as `passed` per item)."""

    PASSED = "passed"
    FAILED = "failed"  # 未通过审查: the bid is invalid (无效投标), the tender has not failed


class SeatState(enum.StrEnum):
    """A committee seat as the officer's and the member's lists show it."""

    DECLARATION_DUE = "declaration_due"  # 待声明: the conflict-of-interest declaration is awaited
    DECLARED = "declared"
    RECUSED = "recused"  # 已回避: withdrew for a conflict of interest
    REPLACED = "replaced"


LABELS: dict[type[enum.Enum], dict[Any, Any]] = {
    TenderStatus: {
        TenderStatus.DRAFT: _l("Draft"),
        TenderStatus.PUBLISHED: lazy_pgettext("tender", "Published"),
        TenderStatus.OPENED: _l("Opened"),
        TenderStatus.EVALUATED: _l("Evaluated"),
        TenderStatus.PUBLICISED: _l("Candidates under notice"),
        TenderStatus.AWARDED: _l("Awarded"),
        TenderStatus.FAILED: _l("Failed"),  # 流标: the whole tender
        TenderStatus.CANCELLED: _l("Cancelled"),
    },
    PublicState: {
        PublicState.OPEN: _l("Open for bids"),
        PublicState.CLOSED: _l("Closed, awaiting opening"),
    },
    TenderMethod: {
        TenderMethod.OPEN_TENDER: _l("Open tender"),
        TenderMethod.COMPETITIVE_CONSULTATION: _l("Competitive consultation"),
    },
    LegalRoute: {
        LegalRoute.GOVERNMENT_PROCUREMENT: _l("Government procurement law"),
        LegalRoute.TENDERING_LAW: _l("Tendering and bidding law"),
    },
    BidStatus: {
        BidStatus.DRAFT: _l("Draft"),
        BidStatus.SUBMITTED: _l("Submitted"),
        BidStatus.WITHDRAWN: lazy_pgettext("bid", "Withdrawn"),
    },
    ReviewKind: {
        ReviewKind.QUALIFICATION: _l("Qualification review"),
        ReviewKind.COMPLIANCE: _l("Compliance review"),
    },
    ReviewOutcome: {
        ReviewOutcome.PASSED: _l("Passed"),
        ReviewOutcome.FAILED: lazy_pgettext("review", "Failed"),
    },
    ScoresheetStatus: {
        ScoresheetStatus.DRAFT: _l("In progress"),
        ScoresheetStatus.SUBMITTED: _l("Submitted"),
    },
    SeatState: {
        SeatState.DECLARATION_DUE: _l("Declaration due"),
        SeatState.DECLARED: _l("Declared"),
        SeatState.RECUSED: lazy_pgettext("member", "Withdrawn"),
        SeatState.REPLACED: _l("Replaced"),
    },
    FlagKind: {
        FlagKind.OUTLIER: _l("Abnormal score"),
        FlagKind.ABNORMALLY_LOW: _l("Abnormally low price"),
    },
    FlagResolution: {
        FlagResolution.EXPLAINED: _l("Explained in writing; the scores stand"),
        FlagResolution.REPLACED: _l("Scores replaced by the other members' mean"),
        FlagResolution.ACCEPTED: _l("The bidder's explanation is accepted"),
        FlagResolution.REJECTED: _l("Explanation not accepted: the bid is invalid"),
    },
    ObjectionStatus: {
        ObjectionStatus.OPEN: lazy_pgettext("objection", "Awaiting an answer"),
        ObjectionStatus.UPHELD: _l("Upheld"),
        ObjectionStatus.REJECTED: _l("Rejected"),
    },
    Role: {
        Role.ADMIN: _l("Administrator"),
        Role.OFFICER: _l("Procurement officer"),
        Role.MEMBER: _l("Committee member"),
        Role.INSURER: _l("Insurer"),
        Role.SUPERVISOR: _l("Supervisor"),
        Role.COMMUNITY: _l("User unit, property or owners' committee staff"),
    },
    OrganisationKind: {
        OrganisationKind.CITY_HOUSING: _l("City housing bureau"),
        OrganisationKind.DISTRICT_HOUSING: _l("District housing bureau"),
        OrganisationKind.CITY_MARKET: _l("City market regulator"),
        OrganisationKind.DISTRICT_MARKET: _l("District market regulator"),
        OrganisationKind.FINANCIAL: _l("Financial regulator branch"),
        OrganisationKind.AGENCY: _l("Procurement agency"),
        OrganisationKind.INSURER: _l("Insurance company"),
        OrganisationKind.MAINTENANCE: _l("Maintenance company"),
        OrganisationKind.PROPERTY: _l("Property company"),
        OrganisationKind.OWNERS_COMMITTEE: _l("Owners' committee"),
        OrganisationKind.USER_UNIT: _l("Elevator user unit"),
    },
    DistrictLevel: {
        DistrictLevel.PROVINCE: _l("Province-level division"),
        DistrictLevel.CITY: _l("City"),
        DistrictLevel.DISTRICT: _l("District or county"),
    },
    InsurerStatus: {
        InsurerStatus.PENDING: _l("Awaiting review"),
        InsurerStatus.APPROVED: _l("Approved"),
        InsurerStatus.REJECTED: _l("Rejected"),
    },
    PeriodStatus: {
        PeriodStatus.DRAFT: _l("draft"),
        PeriodStatus.PUBLISHED: _l("published"),
        PeriodStatus.CORRECTING: _l("correction in progress"),
    },
    ImportKind: {
        ImportKind.RECORDS: _l("elevator records"),
        ImportKind.INDICATORS: _l("company indicators"),
        ImportKind.COMPANIES: _l("company registry"),
        ImportKind.SPOT_CHECKS: _l("insurers' spot checks"),
    },
    ImportStatus: {
        ImportStatus.PENDING: _l("waiting for confirmation"),
        ImportStatus.APPLIED: _l("imported"),
        ImportStatus.DISCARDED: _l("discarded"),
    },
    EntryKind: {
        EntryKind.INCOME: _l("Income posted"),
        EntryKind.ALLOCATION: _l("Allocated to a community"),
        EntryKind.PREMIUM: _l("Premium paid"),
    },
    Condition: {
        Condition.FUNDS: _l("Enough money in the maintenance fund"),
        Condition.COMMITTEE: _l("An active owners' committee"),
        Condition.MANAGEMENT: _l("Well-run property management and elevator maintenance"),
        Condition.WILLINGNESS: _l("Willing to take part"),
    },
    ProposalStatus: {
        ProposalStatus.DRAFT: _l("Draft"),
        ProposalStatus.NOTICED: _l("Under notice to owners"),
        ProposalStatus.APPROVED: lazy_pgettext("proposal", "Approved"),
        ProposalStatus.INSURED: _l("Insured"),
        ProposalStatus.WITHDRAWN: lazy_pgettext("proposal", "Withdrawn"),
        ProposalStatus.REJECTED: _l("Rejected by the owners' vote"),
    },
    ApprovalRule: {
        ApprovalRule.NO_OBJECTION: _l("Notice without objection"),
        ApprovalRule.OWNERS_VOTE: _l("Carried by the owners' vote"),
    },
    OwnerObjectionStatus: {
        OwnerObjectionStatus.OPEN: lazy_pgettext("objection", "Awaiting an answer"),
        OwnerObjectionStatus.STANDS: _l("Answered; the objection stands"),
        OwnerObjectionStatus.WITHDRAWN: _l("Answered; withdrawn by the owner"),
    },
    Ownership: {
        Ownership.SINGLE: _l("Single ownership"),
        Ownership.PUBLIC_HOUSING: _l("Public housing"),
        Ownership.COMMERCIAL: _l("Commercial housing"),
        Ownership.OTHER: _l("Other ownership"),
    },
    PremiumSource: {
        PremiumSource.SELF_FUNDED: _l("Self-funded"),
        PremiumSource.MAINTENANCE_FUND: _l("Property maintenance fund"),
        PremiumSource.FUND_RETURNS: _l("Returns of the maintenance fund"),
        PremiumSource.COMMON_INCOME: _l("Community common income"),
        PremiumSource.DONATION: _l("Donation"),
        PremiumSource.GOVERNMENT: _l("Government funding"),
    },
    PolicyStatus: {
        PolicyStatus.ISSUED: _l("Issued"),
        PolicyStatus.RENEWED: _l("Renewed"),
        PolicyStatus.CONTINUED: _l("Continued"),
        PolicyStatus.SURRENDERED: _l("Surrendered"),
        PolicyStatus.LAPSED: _l("Lapsed"),
    },
    JobState: {
        JobState.QUEUED: lazy_pgettext("job state", "Queued"),
        JobState.RUNNING: lazy_pgettext("job state", "Running"),
        JobState.DONE: lazy_pgettext("job state", "Done"),
        JobState.FAILED: lazy_pgettext("job state", "Failed"),
    },
}

# States of different enums that mean the same thing, and so may share their words.
# (Tuples, not sets: states of different StrEnums with the same code are equal.)
SAME_MEANING: list[tuple[enum.Enum, ...]] = [
    (TenderStatus.DRAFT, BidStatus.DRAFT, PeriodStatus.DRAFT, ProposalStatus.DRAFT),
    (ObjectionStatus.OPEN, OwnerObjectionStatus.OPEN),
    (BidStatus.SUBMITTED, ScoresheetStatus.SUBMITTED),
    (TenderStatus.PUBLISHED, PeriodStatus.PUBLISHED),
    (InsurerStatus.REJECTED, ObjectionStatus.REJECTED),  # 已驳回: a request turned down
]


def label(value: enum.Enum) -> str:
    """The words for one state, in the request's language."""
    return str(LABELS[type(value)][value])


def enum_label(value: Any) -> str:
    """`label` for templates: an enum member, or None/'' as a dash."""
    return label(value) if isinstance(value, enum.Enum) else "—" if not value else str(value)
