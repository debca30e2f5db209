"""An insurer's performance in the register: its claims and how fast it handled them, against what
its winning bid promised; the user units' satisfaction; its policies continued or surrendered.

A period is [start, end) in Beijing dates. A claim counts when it was **reported** in the period; a
step's hours run from 报案时间 to that step's time (查勘, 定损, 支付) over the claims that reached the
step (a claim not yet paid is left out of the payment hours and counted as open). Percentiles are
numpy's default, linear interpolation between the closest ranks (Hyndman and Fan's type 7, as
Excel's PERCENTILE.INC): for sorted hours x₀…xₙ₋₁ the p-th percentile is at rank (n−1)·p/100.
Figures are rounded to one decimal, half-up.

Vectorised: one query per period fetches every claim of the period (all insurers at once for the
opening), numpy does the rest. numpy is imported inside the functions (not at the app's start).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa

from procurement.clock import LOCAL_ZONE
from procurement.extensions import db
from procurement.register.models import Claim, Policy, PolicyStatus, Survey

STEPS = ("survey", "assessment", "payment")
STEP_COLUMNS = {
    "survey": Claim.surveyed_at,
    "assessment": Claim.assessed_at,
    "payment": Claim.paid_at,
}
TENTH = Decimal("0.1")


def one_decimal(value: float) -> Decimal:
    """Half-up to one decimal (the float first cut to 9 places, so 12.25 stays 12.25)."""
    return Decimal(f"{value:.9f}").quantize(TENTH, ROUND_HALF_UP)


def year_before(day: date) -> tuple[date, date]:
    """The 12 months before `day`: [same day a year earlier, day); 29 February gives 28 February."""
    try:
        start = day.replace(year=day.year - 1)
    except ValueError:
        start = day.replace(year=day.year - 1, day=28)
    return start, day


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LOCAL_ZONE).astimezone(UTC)


def _seconds(column: Any) -> Any:
    """Seconds from 报案时间 to `column`, computed by the database (NULL when the step has none)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return (sa.func.julianday(column) - sa.func.julianday(Claim.reported_at)) * 86400.0
    return sa.extract("epoch", column - Claim.reported_at)


def claim_hours(start: date, end: date, insurer_ids: list[int] | None = None) -> dict[int, Any]:
    """{insurer id: {"claims": n reported, step: hours of the claims that reached it (ndarray)}}
    for the claims reported in [start, end) (Beijing dates). The database subtracts the times;
    numpy rounds to whole seconds (SQLite's julianday carries about a millisecond of error)."""
    import numpy as np

    query = (
        sa.select(Policy.insurer_id, *(_seconds(c) for c in STEP_COLUMNS.values()))
        .join(Policy, Claim.policy_id == Policy.id)
        .where(Claim.reported_at >= _utc(start), Claim.reported_at < _utc(end))
    )
    if insurer_ids is not None:
        query = query.where(Policy.insurer_id.in_(insurer_ids))
    rows = db.session.connection().execute(query).fetchall()  # core rows: no ORM loading
    if not rows:
        return {}
    table = np.array([tuple(row) for row in rows], dtype=np.float64)  # NULL becomes NaN
    insurers = table[:, 0].astype(np.int64)
    hours = np.round(table[:, 1:]) / 3600.0
    result: dict[int, Any] = {}
    for insurer in np.unique(insurers):
        mine = insurers == insurer
        entry: dict[str, Any] = {"claims": int(mine.sum())}
        for index, step in enumerate(STEPS):
            values = hours[mine, index]
            entry[step] = values[~np.isnan(values)]
        result[int(insurer)] = entry
    return result


def percentile(hours: Any, p: float) -> Decimal | None:
    """The p-th percentile (linear interpolation), one decimal half-up; None for no claims."""
    import numpy as np

    if len(hours) == 0:
        return None
    return one_decimal(float(np.percentile(hours, p, method="linear")))


@dataclass
class Step:
    n: int = 0  # claims that reached the step
    median: Decimal | None = None
    p90: Decimal | None = None
    promised: float | None = None  # hours, from the winning bid
    within: int | None = None  # claims within the promise


@dataclass
class Performance:
    start: date
    end: date
    claims: int = 0
    steps: dict[str, Step] = field(default_factory=dict)
    ratings: int = 0
    satisfaction: Decimal | None = None
    policies: dict[PolicyStatus, int] = field(default_factory=dict)
    promise: Any = None  # (tender, fields) of the winning bid whose promises are compared

    @property
    def continued(self) -> int:
        return self.policies.get(PolicyStatus.RENEWED, 0) + self.policies.get(
            PolicyStatus.CONTINUED, 0
        )

    @property
    def surrendered(self) -> int:
        return self.policies.get(PolicyStatus.SURRENDERED, 0)


def steps_of(entry: dict[str, Any] | None, promises: Mapping[str, float]) -> dict[str, Step]:
    import numpy as np

    steps = {}
    for step in STEPS:
        hours = np.asarray(entry[step] if entry else [], dtype=np.float64)
        promised = promises.get(step)
        within = None if promised is None else int(np.count_nonzero(hours <= promised))
        steps[step] = Step(
            len(hours), percentile(hours, 50), percentile(hours, 90), promised, within
        )
    return steps


def satisfaction(insurer_id: int, start: date, end: date) -> tuple[int, Decimal | None]:
    """The number of ratings dated in [start, end) and their mean, one decimal half-up."""
    count, total = db.session.execute(
        sa.select(sa.func.count(Survey.id), sa.func.sum(Survey.score)).where(
            Survey.insurer_id == insurer_id, Survey.rated_on >= start, Survey.rated_on < end
        )
    ).one()
    if not count:
        return 0, None
    return count, (Decimal(total) / count).quantize(TENTH, ROUND_HALF_UP)


def policy_states(insurer_id: int, start: date, end: date) -> dict[PolicyStatus, int]:
    """Policies (one per elevator covered) in force at some time in [start, end), by status."""
    rows = db.session.execute(
        sa.select(Policy.status, sa.func.count(Policy.id))
        .where(Policy.insurer_id == insurer_id, Policy.starts_on < end, Policy.ends_on >= start)
        .group_by(Policy.status)
    ).all()
    return {PolicyStatus(status): count for status, count in rows}


def performance(insurer_id: int, start: date, end: date) -> Performance:
    """Everything the insurer's public page shows for the period."""
    from procurement.register.promises import latest_promise

    promise = latest_promise(insurer_id)
    promises = promise[1] if promise else {}
    entry = claim_hours(start, end, [insurer_id]).get(insurer_id)
    ratings, mean = satisfaction(insurer_id, start, end)
    return Performance(
        start, end, claims=entry["claims"] if entry else 0, steps=steps_of(entry, promises),
        ratings=ratings, satisfaction=mean, policies=policy_states(insurer_id, start, end),
        promise=promise,
    )  # fmt: skip


def overview(insurers: list[Any], start: date, end: date) -> list[tuple[Any, int, Step]]:
    """(insurer, claims reported, payment step) for each insurer, from one query over all."""
    hours = claim_hours(start, end)
    rows = []
    for insurer in insurers:
        entry = hours.get(insurer.id)
        rows.append((insurer, entry["claims"] if entry else 0, steps_of(entry, {})["payment"]))
    return rows
