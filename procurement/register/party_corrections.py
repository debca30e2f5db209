"""A district office corrects who a register row belongs to, with a reason: an elevator's 使用单位
(another user unit or property company of the office's district, found by 统一社会信用代码 or by
its exact name) and a policy's 保险机构 (a registered, approved insurer, by 统一社会信用代码).

A policy is every row sharing its 保单号 (one per elevator covered), and one policy has one insurer
(a file may not give a policy number two insurers), so the insurer is corrected on all of the
policy's rows; refused, nothing written, when one of them covers an elevator outside the office's
district. The policy's claims follow it to the new insurer (its performance figures, its staff's
uploads). Kept in `register_corrections` as `user_unit` or `insurer` old → new (name and code) and
audited (`register.reassign`), so a submitted report shows "changed since submission"."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement.accounts.models import Insurer, InsurerStatus
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.organisations.models import District, Organisation
from procurement.register.key_corrections import _joined, _keep
from procurement.register.models import Claim, Correction, Elevator, Policy
from procurement.register.queries import UNIT_KINDS

PARTY_TITLES = {"user_unit": "使用单位", "insurer": "保险机构"}


class PartyCorrectionError(DomainError):
    messages = {
        "reason_required": _l("Give the reason for the correction."),
        "unit_required": _l("Give the user unit's (使用单位) name or credit code."),
        "unit_unknown": _l(
            "No user unit (使用单位) has the name or credit code %(value)s. A new user unit is "
            "created by an elevators import."
        ),
        "unit_ambiguous": _l(
            "Several user units (使用单位) are named %(value)s; give the credit code instead."
        ),
        "unit_other_district": _l(
            "User unit (使用单位) %(name)s belongs to %(district)s, not to your district."
        ),
        "unit_inactive": _l("User unit (使用单位) %(name)s is deactivated."),
        "unit_same": _l("The elevator's user unit (使用单位) is already %(name)s."),
        "insurer_required": _l("Give the insurer's (保险机构) unified social credit code."),
        "insurer_unknown": _l("No registered insurer (保险机构) has the credit code %(value)s."),
        "insurer_not_approved": _l(
            "Insurer (保险机构) %(name)s is registered but not approved by the administrator."
        ),
        "insurer_same": _l("The policy's insurer (保险机构) is already %(name)s."),
        "policy_other_district": _l(
            "The insurer (保险机构) cannot be corrected here: policy %(number)s also covers "
            "elevators %(numbers)s outside your district, and a policy's insurer is corrected on all "
            "its rows at once."
        ),
    }


def _reason(reason: str) -> str:
    if not reason.strip():
        raise PartyCorrectionError("reason_required", "reason")
    return reason.strip()


def _named(name: str, code: str | None) -> str:
    return f"{name}（{code}）" if code else name


def find_unit(value: str, district: District) -> Organisation:
    """The user unit (or property company) whose credit code or exact name is `value`, in the
    office's district (or a division under it)."""
    value = value.strip()
    if not value:
        raise PartyCorrectionError("unit_required", "unit")
    units = sa.select(Organisation).where(Organisation.kind.in_(UNIT_KINDS))
    by_code = list(db.session.scalars(units.where(Organisation.uscc == value.upper())))
    found = by_code or list(db.session.scalars(units.where(Organisation.name == value)))
    if not found:
        raise PartyCorrectionError("unit_unknown", "unit", value=value)
    ours = [unit for unit in found if district.covers(unit.district)]
    if not ours:
        other = found[0]
        where = other.district.name if other.district is not None else "—"
        raise PartyCorrectionError("unit_other_district", "unit", name=other.name, district=where)
    if len({unit.id for unit in ours}) > 1 and not by_code:
        raise PartyCorrectionError("unit_ambiguous", "unit", value=value)
    return ours[0]


def reassign_unit(
    elevator: Elevator, value: str, reason: str, user: Any, district: District
) -> Correction:
    """Make the unit named by `value` the elevator's 使用单位; the caller commits."""
    why = _reason(reason)
    unit = find_unit(value, district)
    if unit.id == elevator.user_unit_id:
        raise PartyCorrectionError("unit_same", "unit", name=unit.name)
    if not unit.active:
        raise PartyCorrectionError("unit_inactive", "unit", name=unit.name)
    old = elevator.user_unit
    changes = {"user_unit": [_named(old.name, old.uscc), _named(unit.name, unit.uscc)]}
    elevator.user_unit_id = unit.id
    db.session.flush()
    db.session.expire(elevator, ["user_unit"])
    return _keep(
        "elevator", elevator, changes, why, user, district, "register.reassign",
        elevator.number,
    )  # fmt: skip


def policy_rows(policy: Policy) -> list[Policy]:
    """Every row of the policy: the rows sharing its number and insurer."""
    return list(
        db.session.scalars(
            sa.select(Policy)
            .where(Policy.number == policy.number, Policy.insurer_id == policy.insurer_id)
            .order_by(Policy.id)
        )
    )


def claim_count(rows: list[Policy]) -> int:
    ids = [row.id for row in rows]
    return (
        db.session.scalar(sa.select(sa.func.count(Claim.id)).where(Claim.policy_id.in_(ids))) or 0
    )


def reassign_insurer(
    policy: Policy, code: str, reason: str, user: Any, district: District
) -> Correction:
    """Make the insurer of credit code `code` the insurer of every row of the policy; the
    caller commits."""
    why, code = _reason(reason), code.strip().upper()
    if not code:
        raise PartyCorrectionError("insurer_required", "insurer")
    insurer = db.session.scalar(sa.select(Insurer).where(Insurer.uscc == code))
    if insurer is None:
        raise PartyCorrectionError("insurer_unknown", "insurer", value=code)
    if insurer.id == policy.insurer_id:
        raise PartyCorrectionError("insurer_same", "insurer", name=insurer.name)
    if insurer.status != InsurerStatus.APPROVED:
        raise PartyCorrectionError("insurer_not_approved", "insurer", name=insurer.name)
    rows = policy_rows(policy)
    outside = [row.elevator.number for row in rows if not district.covers(row.elevator.district)]
    if outside:
        raise PartyCorrectionError(
            "policy_other_district", "insurer", number=policy.number, numbers=_joined(outside)
        )
    old = policy.insurer
    changes = {"insurer": [_named(old.name, old.uscc), _named(insurer.name, insurer.uscc)]}
    label = f"{policy.number} / {_joined([row.elevator.number for row in rows])}"
    for row in rows:
        row.insurer_id = insurer.id
    db.session.flush()
    for row in rows:
        db.session.expire(row, ["insurer"])
    return _keep("policy", policy, changes, why, user, district, "register.reassign", label)
