"""Setting pilot targets, and each target's progress: elevators insured today in its district and
the divisions under it, against the number and the date; a city's target also shows each district
directly under it (with that district's own target, if one is set for the same date)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.organisations.models import District
from procurement.organisations.queries import district_by_code_or_name
from procurement.register.pilot_queries import insured_by_district
from procurement.register.target_models import PilotTarget

MAX_ELEVATORS = 1_000_000


class TargetError(DomainError):
    messages = {
        "unknown_district": _l("No loaded division has the code or name %(value)s."),
        "elevators_range": _l("A whole number from 1 to 1,000,000."),
        "due_past": _l("The date has passed."),
    }


def set_target(district_text: str, elevators: int, due_on: date, user: User) -> PilotTarget:
    """Set (or change) the target of a district for a date; audited."""
    district = district_by_code_or_name(district_text)
    if district is None:
        raise TargetError("unknown_district", "district", value=district_text.strip())
    if not 1 <= elevators <= MAX_ELEVATORS:
        raise TargetError("elevators_range", "elevators")
    if due_on < clock.to_local(clock.now()).date():
        raise TargetError("due_past", "due_on")
    target = db.session.scalar(
        sa.select(PilotTarget).where(
            PilotTarget.district_id == district.id, PilotTarget.due_on == due_on
        )
    )
    if target is None:
        target = PilotTarget(district_id=district.id, due_on=due_on)
        db.session.add(target)
    target.elevators, target.set_by, target.set_at = elevators, user, clock.now()
    db.session.flush()
    record(
        "register.target_set",
        object_type="register_target",
        object_id=str(target.id),
        details={"district": district.code, "elevators": elevators, "due_on": due_on.isoformat()},
    )
    return target


def remove_target(target: PilotTarget) -> None:
    record(
        "register.target_removed",
        object_type="register_target",
        object_id=str(target.id),
        details={"district": target.district.code, "due_on": target.due_on.isoformat()},
    )
    db.session.delete(target)
    db.session.flush()


@dataclass
class Progress:
    district: District
    insured: int
    target: PilotTarget | None = None
    parts: list[Progress] = field(default_factory=list)  # the districts under a city

    @property
    def percent(self) -> float | None:
        return None if self.target is None else 100.0 * self.insured / self.target.elevators

    def state(self, today: date) -> str:
        """met, open (still before or on the date) or missed."""
        if self.target is None:
            return ""
        if self.insured >= self.target.elevators:
            return "met"
        return "open" if today <= self.target.due_on else "missed"


def targets() -> list[PilotTarget]:
    return list(
        db.session.scalars(
            sa.select(PilotTarget).order_by(PilotTarget.due_on, PilotTarget.district_id)
        )
    )


def progress(today: date) -> list[Progress]:
    """Every target with the elevators insured today under it; a city's with its districts."""
    divisions = list(db.session.scalars(sa.select(District).order_by(District.code)))
    parent = {d.id: d.parent_id for d in divisions}
    totals: dict[int, int] = defaultdict(int)  # insured in a division and those under it
    for district_id, count in insured_by_district(today).items():
        node: int | None = district_id
        while node is not None:
            totals[node] += count
            node = parent.get(node)
    by_key = {(t.district_id, t.due_on): t for t in targets()}
    rows = []
    for target in by_key.values():
        parts = [
            Progress(d, totals[d.id], by_key.get((d.id, target.due_on)))
            for d in divisions
            if d.parent_id == target.district_id
        ]
        rows.append(Progress(target.district, totals[target.district_id], target, parts))
    return rows
