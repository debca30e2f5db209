"""A district office corrects a register row of its district — an elevator, a policy row or a
claim — with a reason: the same checks as the imports (a policy ending before it starts or
overlapping another of the elevator's, a claim paid before it was reported…), the change kept as
old → new (`register_corrections`) and audited (`register.correct`). A row outside the office's
district is not found."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.i18n import local_time
from procurement.organisations.models import District
from procurement.register.models import Claim, Correction, Elevator, Policy
from procurement.register.rows import CLAIM_HEADERS, ELEVATOR_HEADERS, POLICY_HEADERS

FIELDS = {
    "elevator": ("registration_code", "address", "in_service_on", "stops", "residents",
                 "ownership"),
    "policy": ("product", "approval_no", "premium", "source", "starts_on", "ends_on", "status"),
    "claim": ("occurred_at", "reported_at", "surveyed_at", "assessed_at", "paid_at", "amount",
              "payee"),
}  # fmt: skip
TITLES = {  # a field's title: its column in the import files
    **dict(
        zip(FIELDS["elevator"], [ELEVATOR_HEADERS[i] for i in (1, 6, 7, 8, 9, 10)], strict=True)
    ),
    **dict(zip(FIELDS["policy"], POLICY_HEADERS[3:10], strict=True)),
    **dict(zip(FIELDS["claim"], CLAIM_HEADERS[3:10], strict=True)),
}
MODELS: dict[str, Any] = {"elevator": Elevator, "policy": Policy, "claim": Claim}


class CorrectionError(DomainError):
    messages = {
        "reason_required": _l("Give the reason for the correction."),
        "no_change": _l("Nothing was changed."),
        "ends_before_start": _l("The end date is before the start date."),
        "overlap": _l("The policy's period overlaps policy %(other)s of the same elevator."),
        "reported_before_occurred": _l("The report time is before the time of the incident."),
        "before_report": _l("This time is before the report time."),
        "paid_without_amount": _l("A paid claim needs its amount."),
        "registration_taken": _l(
            "Registration code %(registration)s is already elevator %(other)s's."
        ),
    }


def elevator_of(kind: str, row: Any) -> Elevator:
    if kind == "elevator":
        found: Elevator = row
    elif kind == "policy":
        found = row.elevator
    else:
        found = row.policy.elevator
    return found


def find(kind: str, row_id: int, district: District) -> Any:
    """The row if it lies in the district (or a division under it), else None."""
    row = db.session.get(MODELS[kind], row_id) if kind in MODELS else None
    if row is None or not district.covers(elevator_of(kind, row).district):
        return None
    return row


def label_of(kind: str, row: Any) -> str:
    if kind == "policy":
        return f"{row.number} / {row.elevator.number}"
    return str(row.number)


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value, "yyyy-MM-dd HH:mm")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _check(kind: str, row: Any, new: dict[str, Any]) -> None:
    if kind == "elevator" and new["registration_code"] != row.registration_code:
        other = db.session.scalar(
            sa.select(Elevator.number).where(
                Elevator.registration_code == new["registration_code"], Elevator.id != row.id
            )
        )
        if other is not None:
            raise CorrectionError(
                "registration_taken", "registration_code", registration=new["registration_code"],
                other=other,
            )  # fmt: skip
    if kind == "policy":
        if new["ends_on"] < new["starts_on"]:
            raise CorrectionError("ends_before_start", "ends_on")
        _overlap(row, new["starts_on"], new["ends_on"])
    elif kind == "claim":
        if new["reported_at"] < new["occurred_at"]:
            raise CorrectionError("reported_before_occurred", "reported_at")
        for name in ("surveyed_at", "assessed_at", "paid_at"):
            if new[name] is not None and new[name] < new["reported_at"]:
                raise CorrectionError("before_report", name)
        if new["paid_at"] is not None and new["amount"] is None:
            raise CorrectionError("paid_without_amount", "amount")


def _overlap(policy: Policy, starts: date, ends: date) -> None:
    other = db.session.scalars(
        sa.select(Policy.number).where(
            Policy.elevator_id == policy.elevator_id,
            Policy.number != policy.number,
            Policy.starts_on <= ends,
            Policy.ends_on >= starts,
        )
    ).first()
    if other is not None:
        raise CorrectionError("overlap", "starts_on", other=other)


def correct(
    kind: str, row: Any, values: dict[str, Any], reason: str, user: Any, district: District
) -> Correction:
    """Apply the changed fields of `values` to `row`; the caller commits."""
    if not reason.strip():
        raise CorrectionError("reason_required", "reason")
    new = {name: values.get(name, getattr(row, name)) for name in FIELDS[kind]}
    changes = {
        name: [text_of(getattr(row, name)), text_of(value)]
        for name, value in new.items()
        if text_of(getattr(row, name)) != text_of(value)
    }
    if not changes:
        raise CorrectionError("no_change")
    _check(kind, row, new)
    for name in changes:
        setattr(row, name, new[name])
    correction = Correction(
        district_id=elevator_of(kind, row).district_id, kind=kind, row_id=row.id,
        label=label_of(kind, row)[:120], changes=changes, reason=reason.strip(),
        organisation_id=user.organisation_id, corrected_by_id=user.id,
    )  # fmt: skip
    db.session.add(correction)
    db.session.flush()
    record(
        "register.correct",
        object_type=f"register_{kind}",
        object_id=row.id,
        details={"district": district.code, "label": correction.label, "changes": changes,
                 "reason": correction.reason},
    )  # fmt: skip
    return correction


def district_corrections(district: District, limit: int = 100) -> list[Correction]:
    """The latest corrections in the district and the divisions under it, newest first."""
    ids = [d.id for d in db.session.scalars(sa.select(District)) if district.covers(d)]
    return list(
        db.session.scalars(
            sa.select(Correction)
            .where(Correction.district_id.in_(ids))
            .order_by(Correction.corrected_at.desc(), Correction.id.desc())
            .limit(limit)
        )
    )


def search(kind: str, number: str, district: District) -> list[Any]:
    """The district's rows of a kind whose number (a policy row: its policy or elevator number) is
    `number`."""
    if kind not in MODELS or not number.strip():
        return []
    number = number.strip()
    ids = [d.id for d in db.session.scalars(sa.select(District)) if district.covers(d)]
    query: Any
    if kind == "elevator":
        query = sa.select(Elevator).where(Elevator.number == number)
        query = query.where(Elevator.district_id.in_(ids))
    elif kind == "policy":
        query = (
            sa.select(Policy)
            .join(Policy.elevator)
            .where(sa.or_(Policy.number == number, Elevator.number == number))
        )
        query = query.where(Elevator.district_id.in_(ids)).order_by(Policy.starts_on)
    else:
        query = sa.select(Claim).join(Claim.policy).join(Policy.elevator)
        query = query.where(sa.or_(Claim.number == number, Policy.number == number))
        query = query.where(Elevator.district_id.in_(ids)).order_by(Claim.reported_at)
    return list(db.session.scalars(query.limit(50)))
