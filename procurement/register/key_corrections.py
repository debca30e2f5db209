"""A district office corrects a register row's key — an elevator's 电梯编号, a policy row's 保单号, a
claim's 赔案号 — or deletes a row entered by mistake, each with a reason. Both are kept in
`register_corrections` like the other corrections (a key as `number` old → new; a deletion as every
field old → empty, `number` included, which no correction otherwise empties) and audited
(`register.rekey`, `register.delete`), so a submitted report shows "changed since submission".

Refused, nothing written: a new key another row already holds (the elevator number anywhere in the
register, the policy number on the same elevator or held by another insurer, the claim number), and
the deletion of a row others refer to (an elevator's policies or Shaoguan proposals, a policy row's
claims), naming them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.organisations.models import District
from procurement.register.corrections import FIELDS, elevator_of, label_of, text_of
from procurement.register.models import Claim, Correction, Elevator, Policy
from procurement.register.rows import CLAIM_HEADERS, ELEVATOR_HEADERS, POLICY_HEADERS
from procurement.shaoguan.models import Proposal, proposal_elevators

KEY_TITLES = {
    "elevator": ELEVATOR_HEADERS[0],
    "policy": POLICY_HEADERS[0],
    "claim": CLAIM_HEADERS[0],
}
KEY_LENGTHS = {"elevator": 40, "policy": 60, "claim": 60}
SHOWN = 10  # referring rows named in a refusal


class KeyCorrectionError(DomainError):
    messages = {
        "reason_required": _l("Give the reason for the correction."),
        "number_required": _l("Give the new number."),
        "number_too_long": _l("The number is at most %(limit)s characters long."),
        "no_change": _l("Nothing was changed."),
        "elevator_taken": _l("Elevator number %(number)s is already used by another elevator."),
        "policy_taken": _l("Policy %(number)s already has a row for elevator %(elevator)s."),
        "policy_other_insurer": _l("Policy number %(number)s belongs to another insurer's policy."),
        "claim_taken": _l("Claim number %(number)s is already used by another claim."),
        "elevator_has_policies": _l(
            "The elevator cannot be deleted: policies %(numbers)s cover it. Delete or correct "
            "them first."
        ),
        "elevator_in_proposals": _l(
            "The elevator cannot be deleted: Shaoguan proposals %(numbers)s include it."
        ),
        "policy_has_claims": _l(
            "The policy row cannot be deleted: claims %(numbers)s are on it. Delete or correct "
            "them first."
        ),
    }


def _joined(values: list[str]) -> str:
    shown = "、".join(values[:SHOWN])
    return shown + (f" 等{len(values)}项" if len(values) > SHOWN else "")


def _collision(kind: str, row: Any, number: str) -> None:
    if kind == "elevator":
        if db.session.scalar(sa.select(Elevator.id).where(Elevator.number == number)):
            raise KeyCorrectionError("elevator_taken", "number", number=number)
    elif kind == "policy":
        same = sa.select(Policy.id).where(
            Policy.number == number, Policy.elevator_id == row.elevator_id
        )
        if db.session.scalar(same):
            raise KeyCorrectionError(
                "policy_taken", "number", number=number, elevator=row.elevator.number
            )
        other = sa.select(Policy.id).where(
            Policy.number == number, Policy.insurer_id != row.insurer_id
        )
        if db.session.scalar(other.limit(1)):
            raise KeyCorrectionError("policy_other_insurer", "number", number=number)
    elif db.session.scalar(sa.select(Claim.id).where(Claim.number == number)):
        raise KeyCorrectionError("claim_taken", "number", number=number)


def _reason(reason: str) -> str:
    if not reason.strip():
        raise KeyCorrectionError("reason_required", "reason")
    return reason.strip()


def _keep(
    kind: str, row: Any, changes: dict[str, list[str]], reason: str, user: Any, district: District,
    action: str, label: str,
) -> Correction:  # fmt: skip
    correction = Correction(
        district_id=elevator_of(kind, row).district_id, kind=kind, row_id=row.id,
        label=label[:120], changes=changes, reason=reason, organisation_id=user.organisation_id,
        corrected_by_id=user.id,
    )  # fmt: skip
    db.session.add(correction)
    db.session.flush()
    record(
        action,
        object_type=f"register_{kind}",
        object_id=row.id,
        details={"district": district.code, "label": correction.label, "changes": changes,
                 "reason": reason},
    )  # fmt: skip
    return correction


def rekey(
    kind: str, row: Any, number: str, reason: str, user: Any, district: District
) -> Correction:
    """Give `row` the key `number`; the caller commits."""
    why, number = _reason(reason), number.strip()
    if not number:
        raise KeyCorrectionError("number_required", "number")
    if len(number) > KEY_LENGTHS[kind]:
        raise KeyCorrectionError("number_too_long", "number", limit=KEY_LENGTHS[kind])
    if number == row.number:
        raise KeyCorrectionError("no_change", "number")
    _collision(kind, row, number)
    old = row.number
    row.number = number
    db.session.flush()
    return _keep(
        kind, row, {"number": [old, number]}, why, user, district, "register.rekey",
        label_of(kind, row),
    )  # fmt: skip


def referring(kind: str, row: Any) -> list[tuple[str, list[str]]]:
    """The rows that refer to `row`: [(error code, their numbers)], empty when none does."""
    found: list[tuple[str, list[str]]] = []
    if kind == "elevator":
        policies = db.session.scalars(
            sa.select(Policy.number).where(Policy.elevator_id == row.id).order_by(Policy.starts_on)
        )
        proposals = db.session.scalars(
            sa.select(Proposal.id)
            .join(proposal_elevators, proposal_elevators.c.proposal_id == Proposal.id)
            .where(proposal_elevators.c.elevator_id == row.id)
            .order_by(Proposal.id)
        )
        found += [("elevator_has_policies", list(policies))]
        found += [("elevator_in_proposals", [f"#{n}" for n in proposals])]
    elif kind == "policy":
        claims = db.session.scalars(
            sa.select(Claim.number).where(Claim.policy_id == row.id).order_by(Claim.reported_at)
        )
        found += [("policy_has_claims", list(claims))]
    return [(code, numbers) for code, numbers in found if numbers]


def delete(kind: str, row: Any, reason: str, user: Any, district: District) -> Correction:
    """Delete `row` if nothing refers to it; the caller commits."""
    why = _reason(reason)
    if found := referring(kind, row):
        code, numbers = found[0]
        raise KeyCorrectionError(code, numbers=_joined(numbers))
    changes = {"number": [row.number, ""]}
    changes |= {name: [text_of(getattr(row, name)), ""] for name in FIELDS[kind]}
    if kind == "policy":
        changes["elevator"] = [row.elevator.number, ""]
    label = label_of(kind, row)
    correction = _keep(kind, row, changes, why, user, district, "register.delete", label)
    db.session.delete(row)
    db.session.flush()
    return correction


def is_deletion(correction: Correction) -> bool:
    """Whether a correction deleted its row: only a deletion empties the number."""
    number: list[str] = correction.changes.get("number") or []
    return len(number) == 2 and number[1] == ""
