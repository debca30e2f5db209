"""Reads of the insurers' performance pages and of the pilot dashboard."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from procurement.accounts.models import Insurer, InsurerStatus
from procurement.extensions import db
from procurement.register.models import Elevator, Policy, PolicyStatus

# A surrendered (已赎回) or lapsed (已失效) policy no longer insures its elevator, whatever its dates.
ENDED = (PolicyStatus.SURRENDERED, PolicyStatus.LAPSED)


def register_insurers() -> list[Insurer]:
    """Approved insurers holding at least one policy in the register, by name."""
    holding = sa.select(Policy.insurer_id).distinct()
    return list(
        db.session.scalars(
            sa.select(Insurer)
            .where(Insurer.id.in_(holding), Insurer.status == InsurerStatus.APPROVED)
            .order_by(Insurer.name, Insurer.id)
        )
    )


def insured_by_district(day: date) -> dict[int, int]:
    """{district id: elevators insured on `day`}: with a policy whose term covers the day (end
    date inclusive) and that is not surrendered or lapsed."""
    rows = db.session.execute(
        sa.select(Elevator.district_id, sa.func.count(sa.distinct(Elevator.id)))
        .join(Policy, Policy.elevator_id == Elevator.id)
        .where(Policy.starts_on <= day, Policy.ends_on >= day, Policy.status.not_in(ENDED))
        .group_by(Elevator.district_id)
    ).all()
    return {district_id: count for district_id, count in rows}
