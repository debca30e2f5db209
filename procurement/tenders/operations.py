"""State changes of tenders: create, edit, publish, amend, cancel; amendments acknowledged.

Opening lives with the bids (procurement.opening), since it is where sealed content is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.i18n import local_time
from procurement.keyholders.operations import seal_tender
from procurement.rulesets.catalogue import places
from procurement.tenders import criteria as criteria_rules
from procurement.tenders import periods
from procurement.tenders.models import (
    TRANSITIONS,
    Amendment,
    AmendmentAcknowledgement,
    LegalRoute,
    Tender,
    TenderMethod,
    TenderStatus,
)
from procurement.tenders.queries import has_acknowledged, reference_owner
from procurement.tenders.template import builtin_criteria, builtin_requirements


class TenderError(DomainError):
    """A forbidden change; `field` names the form field at fault when there is one."""

    messages = {
        "deadline_past": _l("The submission deadline must be in the future."),
        "opening_before_deadline": _l("The opening cannot come before the deadline."),
        "reference_taken": _l("Another tender has this reference number."),
        "not_draft": _l("Only a draft can be changed this way; amend a published tender."),
        "amend_closed": _l("The deadline has passed: the tender can no longer be amended."),
        "reason_required": _l("Give a reason."),
        "no_change": _l("Nothing was changed."),
        "cannot_cancel": _l("An opened tender cannot be cancelled."),
        "requirements_fixed": _l("Qualification requirements cannot be amended."),
        "jurisdiction": _l("Choose a jurisdiction whose rules the app knows."),
        "not_insurer": _l("Only an insurer's account can acknowledge an amendment."),
        "period_too_short": _l(
            "The time from the announcement to the deadline is shorter than %(days)s days "
            "(%(rule)s): the earliest lawful deadline is %(earliest)s."
        ),
        # Broken criteria rules come as a list of problems, shown one by one.
        "criteria": lambda details: "；".join(str(p) for p in details["problems"]),
    }


# Fields of a tender that are set by its form (criteria and requirements have their own editor).
FORM_FIELDS = (
    "reference",
    "title",
    "procuring_entity",
    "method",
    "route",
    "jurisdiction",
    "admit_count",
    "admit_min_score",
    "districts",
    "elevator_count",
    "ceiling_price",
    "min_bids",
    "submission_deadline",
    "opening_time",
    "notice_days",
    "description",
)


OPTIONAL_FIELDS = {"jurisdiction", "admit_count", "admit_min_score"}


def _check_dates(values: dict[str, Any], now: datetime) -> None:
    deadline, opening = values["submission_deadline"], values["opening_time"]
    if deadline <= now:
        raise TenderError("deadline_past", "submission_deadline")
    if opening < deadline:
        raise TenderError("opening_before_deadline", "opening_time")


def _check_reference(reference: str, tender_id: int | None) -> None:
    existing = reference_owner(reference)
    if existing is not None and existing != tender_id:
        raise TenderError("reference_taken", "reference")


def lock_tender(tender: Tender) -> Tender:
    """Take the tender's lock for the rest of the transaction and read it afresh, so that the
    submissions and the opening of a tender happen one after another.

    PostgreSQL locks the row (SELECT ... FOR UPDATE). SQLite has no row locks and ignores FOR
    UPDATE: there a write takes the database's write lock at once, so the reads that follow see
    every submission committed before (else two submissions both create the bid, or both write
    the same revision).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        claim = sa.update(Tender).where(Tender.id == tender.id).values(id=Tender.id)
        db.session.execute(claim.execution_options(synchronize_session=False))
    query = sa.select(Tender).where(Tender.id == tender.id).with_for_update()
    locked = db.session.scalar(query.execution_options(populate_existing=True))
    if locked is None:
        raise LookupError(f"tender {tender.id} was deleted")  # loaded by the caller: a bug
    return locked


def create_tender(values: dict[str, Any], officer: User) -> Tender:
    """A draft tender with the built-in criteria template (DOMAIN.md §2)."""
    _check_reference(values["reference"], None)
    _check_dates(values, clock.now())
    _check_jurisdiction(values)
    tender = Tender(
        # a tender made without these follows Chongqing's rules and has one winner, as before them
        **{key: values[key] for key in FORM_FIELDS if key not in OPTIONAL_FIELDS or key in values},
        criteria=builtin_criteria(),
        requirements=builtin_requirements(),
        status=TenderStatus.DRAFT,
        created_by=officer,
        organisation=officer.organisation,
    )
    db.session.add(tender)
    db.session.flush()
    record("tender.create", tender, details={"reference": tender.reference})
    return tender


def update_tender(tender: Tender, values: dict[str, Any]) -> None:
    """Edit a draft's particulars. Published tenders change only through `amend_tender`."""
    if tender.status is not TenderStatus.DRAFT:
        raise TenderError("not_draft")
    _check_reference(values["reference"], tender.id)
    _check_dates(values, clock.now())
    _check_jurisdiction(values)
    changes = _apply(tender, values)
    _check_rules(tender)
    record("tender.update", tender, details={"changes": changes})


def set_criteria(
    tender: Tender, criteria: list[dict[str, Any]], requirements: list[dict[str, str]]
) -> None:
    if tender.status is not TenderStatus.DRAFT:
        raise TenderError("not_draft")
    before = {"criteria": tender.criteria, "requirements": tender.requirements}
    tender.criteria = criteria
    tender.requirements = requirements
    _check_rules(tender)
    record(
        "tender.set_criteria",
        tender,
        details={"before": before, "after": {"criteria": criteria, "requirements": requirements}},
    )


def change_criteria(
    tender: Tender,
    criteria: list[dict[str, Any]],
    requirements: list[dict[str, str]],
    reason: str,
    officer: User,
) -> Amendment | None:
    """The criteria editor's save: a draft's criteria and requirements are set; a published
    tender's criteria change by amendment (its qualification requirements are fixed)."""
    if tender.status is TenderStatus.DRAFT:
        set_criteria(tender, criteria, requirements)
        return None
    if requirements != tender.requirements:
        raise TenderError("requirements_fixed")
    return amend_tender(tender, {}, criteria, reason, officer)


def _check_jurisdiction(values: dict[str, Any]) -> None:
    if "jurisdiction" in values and values["jurisdiction"] not in places():
        raise TenderError("jurisdiction", "jurisdiction")


def _check_rules(tender: Tender) -> None:
    problems = criteria_rules.problems(
        tender.criteria, tender.requirements, tender.route, tender.method, tender.jurisdiction
    )
    if problems:
        raise TenderError("criteria", "criteria", problems=problems)


def publish_tender(tender: Tender, holders: Sequence[User], threshold: int = 2) -> None:
    """Publish, with a new key pair for the tender whose private key is split among `holders`
    (any `threshold` of them open the bids together; procurement.keyholders)."""
    now = clock.now()
    if tender.status is not TenderStatus.DRAFT:
        raise TenderError("not_draft")
    _check_dates({k: getattr(tender, k) for k in ("submission_deadline", "opening_time")}, now)
    _check_period(tender, now)
    _check_rules(tender)
    seal_tender(tender, holders, threshold)
    tender.move_to(TenderStatus.PUBLISHED)
    tender.published_at = now
    record("tender.publish", tender, details={"before": "draft", "after": "published"})


def _check_period(tender: Tender, now: datetime) -> None:
    """The lawful bidding period from the announcement (now) to the deadline (periods.py)."""
    if periods.bidding_period_kept(tender, now):
        return
    period = periods.bidding_period(tender)
    earliest = local_time(periods.earliest_deadline(tender, now))
    raise TenderError(
        "period_too_short", "submission_deadline",
        days=period.days, rule=period.citation, earliest=earliest,
    )  # fmt: skip


def cancel_tender(tender: Tender, reason: str) -> None:
    """Cancel a draft or a published tender that is not opened yet, with a public reason."""
    if TenderStatus.CANCELLED not in TRANSITIONS[tender.status]:
        raise TenderError("cannot_cancel")
    if not reason.strip():
        raise TenderError("reason_required", "reason")
    before = tender.status.value
    tender.move_to(TenderStatus.CANCELLED)
    tender.failure_reason = reason.strip()
    record("tender.cancel", tender, details={"before": before, "reason": reason.strip()})


def amendment_minimum(tender: Tender) -> timedelta:
    """How long before the deadline an amendment must come (else the deadline moves)."""
    return timedelta(days=periods.amendment_period(tender).days)


def amend_tender(
    tender: Tender,
    values: dict[str, Any],
    criteria: list[dict[str, Any]] | None,
    reason: str,
    officer: User,
) -> Amendment:
    """Change a published tender before its deadline, as a recorded amendment.

    If the amendment comes less than the legal minimum before the deadline, the deadline (and the
    opening, by the same amount) moves so that bidders have that minimum from now.
    """
    now = clock.now()
    if not tender.accepts_bids(now):
        raise TenderError("amend_closed")
    if not reason.strip():
        raise TenderError("reason_required", "reason")
    _check_reference(values.get("reference", tender.reference), tender.id)
    if values.get("submission_deadline") and values.get("opening_time"):
        _check_dates(values, now)
    _check_jurisdiction(values)
    changes = _apply(tender, values)
    if criteria is not None and criteria != tender.criteria:
        changes.append({"field": "criteria", "before": tender.criteria, "after": criteria})
        tender.criteria = criteria
    _check_rules(tender)
    moved = _keep_minimum_time(tender, now)
    changes += moved
    if not changes:
        raise TenderError("no_change")
    return _record_amendment(tender, changes, bool(moved), reason.strip(), officer)


def _keep_minimum_time(tender: Tender, now: datetime) -> list[dict[str, Any]]:
    """Move the deadline and the opening so that bidders keep the legal minimum from `now`;
    return the changes (none if the deadline is far enough)."""
    earliest = now + amendment_minimum(tender)
    if tender.submission_deadline >= earliest:
        return []
    shift = earliest - tender.submission_deadline
    changes = [
        {
            "field": "submission_deadline",
            "before": tender.submission_deadline.isoformat(),
            "after": earliest.isoformat(),
        },
        {
            "field": "opening_time",
            "before": tender.opening_time.isoformat(),
            "after": (tender.opening_time + shift).isoformat(),
        },
    ]
    tender.submission_deadline = earliest
    tender.opening_time = tender.opening_time + shift
    return changes


def _record_amendment(
    tender: Tender, changes: list[dict[str, Any]], moved: bool, reason: str, officer: User
) -> Amendment:
    number = len(tender.amendments) + 1
    amendment = Amendment(
        tender=tender,
        number=number,
        reason=reason,
        changes=changes,
        deadline_moved=moved,
        created_by=officer,
    )
    db.session.add(amendment)
    db.session.flush()
    record(
        "tender.amend", tender, details={"amendment": number, "reason": reason, "changes": changes}
    )
    return amendment


def acknowledge_amendment(amendment: Amendment, user: User) -> None:
    if user.insurer_id is None:
        raise TenderError("not_insurer")
    if has_acknowledged(amendment, user.insurer_id):
        return
    db.session.add(
        AmendmentAcknowledgement(
            amendment=amendment, insurer_id=user.insurer_id, acknowledged_by_id=user.id
        )
    )
    db.session.flush()
    record(
        "tender.acknowledge_amendment",
        amendment.tender,
        details={"amendment": amendment.number, "insurer_id": user.insurer_id},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, TenderMethod | LegalRoute):
        return value.value
    return value


def _apply(tender: Tender, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Set the given form fields; return what changed, JSON-safe."""
    if (
        "submission_deadline" in values
        and "opening_time" in values
        and values["opening_time"] < values["submission_deadline"]
    ):
        raise TenderError("opening_before_deadline", "opening_time")
    changes = []
    for key in FORM_FIELDS:
        if key not in values:
            continue
        before, after = getattr(tender, key), values[key]
        if isinstance(before, Decimal) and after is not None:
            after = Decimal(str(after))
        if before != after:
            changes.append({"field": key, "before": _jsonable(before), "after": _jsonable(after)})
            setattr(tender, key, after)
    return changes
