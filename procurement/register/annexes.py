"""Chongqing's annual report (渝市监发〔2023〕70号): 附件1 重庆市电梯综合保险试点推进表 and 附件2
电梯综合保险试点明细表, computed from the register for a district (and the divisions under it) and a
year, 1 January to 31 December Beijing time.

Our reading of the figures (DOMAIN.md §4; the notice defines none): a policy counts when it is in
force at any time of the year; claims count when paid in the year; payment time runs from 报案 to
支付; 群众满意度 is the mean of user units' ratings of the insurance service dated in the year.
Money is summed exactly (Decimal) and rounded half-up, as stated on the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa

from procurement.accounts.models import Insurer
from procurement.clock import LOCAL_ZONE
from procurement.extensions import db
from procurement.organisations.models import District, Organisation
from procurement.register.models import SOURCE_NAMES, Claim, Elevator, Policy, Survey

ANNEX1_TITLE = "重庆市电梯综合保险试点推进表"
ANNEX2_TITLE = "电梯综合保险试点明细表"
ANNEX1_COLUMNS = [
    "保费来源",
    "试点电梯（台）",
    "涉及使用单位（家）",
    "参与试点保险公司（家）",
    "单台保费最低（元/年）",
    "单台保费最高（元/年）",
    "年度理赔金额（万元）",
    "群众满意度（%）",
]
ANNEX2_COLUMNS = [
    "使用单位",
    "电梯编号",
    "梯龄（年）",
    "服务居民人数（人/台）",
    "保险机构",
    "单台保费（元/年）",
    "年度理赔金额（万元）",
    "费用最短支付时间（小时）",
    "费用最长支付时间（小时）",
]
LAYOUT = {1: (ANNEX1_TITLE, ANNEX1_COLUMNS), 2: (ANNEX2_TITLE, ANNEX2_COLUMNS)}
TOTAL = "合计"
SOURCE_LABELS = {source: name for name, source in SOURCE_NAMES.items()}
CENT, TENTH, TEN_THOUSAND = Decimal("0.01"), Decimal("0.1"), Decimal(10_000)


@dataclass
class Annex:
    number: int
    title: str
    district: District
    year: int
    columns: list[str]
    rows: list[dict[str, Any]]


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """1 January 00:00 and the next 1 January 00:00, Beijing time, in UTC."""
    start = datetime(year, 1, 1, tzinfo=LOCAL_ZONE).astimezone(UTC)
    return start, datetime(year + 1, 1, 1, tzinfo=LOCAL_ZONE).astimezone(UTC)


def _district_ids(district: District) -> list[int]:
    return [d.id for d in db.session.scalars(sa.select(District)) if district.covers(d)]


def _in_force(district: District, year: int) -> Any:
    return (
        sa.select(
            Policy.id,
            Policy.elevator_id,
            Policy.insurer_id,
            Policy.premium,
            # its stored value: a StrEnum equal to its member, without SQLAlchemy's per-row lookup
            sa.type_coerce(Policy.source, sa.String).label("source"),
            Policy.starts_on,
            Policy.ends_on,
            Elevator.user_unit_id,
        )
        .join(Elevator, Elevator.id == Policy.elevator_id)
        .where(
            Elevator.district_id.in_(_district_ids(district)),
            Policy.starts_on <= date(year, 12, 31),
            Policy.ends_on >= date(year, 1, 1),
        )
    )


def _payments(policies: Any, year: int) -> list[Any]:
    """(policy id, amount, minutes from report to payment) of the claims paid in the year."""
    start, end = year_bounds(year)
    ids = policies.with_only_columns(Policy.id).scalar_subquery()
    rows = db.session.execute(
        sa.select(Claim.policy_id, Claim.amount, Claim.reported_at, Claim.paid_at).where(
            Claim.policy_id.in_(ids), Claim.paid_at >= start, Claim.paid_at < end
        )
    )
    return [
        (policy, amount or Decimal(0), int((paid - reported).total_seconds() // 60))
        for policy, amount, reported, paid in rows
        if paid is not None
    ]


def _ten_thousands(amount: Decimal) -> str:
    return str((amount / TEN_THOUSAND).quantize(CENT, ROUND_HALF_UP))


def _mean(scores: list[Decimal]) -> str:
    if not scores:
        return ""
    return str((sum(scores, Decimal(0)) / len(scores)).quantize(TENTH, ROUND_HALF_UP))


def annex1(district: District, year: int) -> Annex:
    policies = db.session.execute(_in_force(district, year)).all()
    paid: dict[int, Decimal] = {}
    for policy, amount, _minutes in _payments(_in_force(district, year), year):
        paid[policy] = paid.get(policy, Decimal(0)) + amount
    ratings = db.session.execute(
        sa.select(Survey.user_unit_id, Survey.insurer_id, Survey.score).where(
            Survey.rated_on.between(date(year, 1, 1), date(year, 12, 31))
        )
    ).all()
    groups = [(SOURCE_LABELS[s], [p for p in policies if p.source == s]) for s in SOURCE_LABELS]
    groups = [(label, group) for label, group in groups if group]
    rows = []
    for label, group in [*groups, (TOTAL, list(policies))]:
        units = {p.user_unit_id for p in group}
        insurers = {p.insurer_id for p in group}
        premiums = [p.premium for p in group]
        rows.append(
            dict(
                zip(
                    ANNEX1_COLUMNS,
                    [
                        label,
                        len({p.elevator_id for p in group}),
                        len(units),
                        len(insurers),
                        str(min(premiums).quantize(CENT)) if premiums else "",
                        str(max(premiums).quantize(CENT)) if premiums else "",
                        _ten_thousands(
                            sum((paid.get(p.id, Decimal(0)) for p in group), Decimal(0))
                        ),
                        _mean([s for u, i, s in ratings if u in units and i in insurers]),
                    ],
                    strict=True,
                )
            )
        )
    return Annex(1, ANNEX1_TITLE, district, year, ANNEX1_COLUMNS, rows)


def _hours(minutes: int) -> str:
    return str((Decimal(minutes) / 60).quantize(TENTH, ROUND_HALF_UP))


def annex2(district: District, year: int) -> Annex:
    policies = db.session.execute(_in_force(district, year).order_by(Policy.starts_on)).all()
    by_elevator: dict[int, list[Any]] = {}
    for p in policies:
        by_elevator.setdefault(p.elevator_id, []).append(p)
    elevator_of = {p.id: p.elevator_id for p in policies}
    amounts: dict[int, Decimal] = {}
    minutes: dict[int, list[int]] = {}
    for policy, amount, taken in _payments(_in_force(district, year), year):
        elevator = elevator_of[policy]
        amounts[elevator] = amounts.get(elevator, Decimal(0)) + amount
        minutes.setdefault(elevator, []).append(taken)
    insurer_names = dict(db.session.execute(sa.select(Insurer.id, Insurer.name)).all())
    elevators = db.session.execute(
        sa.select(
            Elevator.id,
            Elevator.number,
            Elevator.in_service_on,
            Elevator.residents,
            Organisation.name,
        )
        .join(Organisation, Organisation.id == Elevator.user_unit_id)
        # every insured elevator is in the district: read its elevators, not the whole register
        .where(Elevator.district_id.in_(_district_ids(district)))
        .order_by(Organisation.name, Elevator.number)
    ).all()
    last_day = date(year, 12, 31)
    rows = []
    for elevator_id, number, since, residents, unit in elevators:
        own = by_elevator.get(elevator_id)
        if own is None:
            continue
        current = next((p for p in own if p.starts_on <= last_day <= p.ends_on), own[-1])
        names = list(dict.fromkeys(insurer_names[p.insurer_id] for p in own))
        age = year - since.year  # whole years to 31 December
        spans = minutes.get(elevator_id)
        values = [
            unit,
            number,
            max(age, 0),
            residents,
            "、".join(names),
            str(current.premium.quantize(CENT)),
            _ten_thousands(amounts.get(elevator_id, Decimal(0))),
            _hours(min(spans)) if spans else "",
            _hours(max(spans)) if spans else "",
        ]
        rows.append(dict(zip(ANNEX2_COLUMNS, values, strict=True)))
    return Annex(2, ANNEX2_TITLE, district, year, ANNEX2_COLUMNS, rows)


def compute(number: int, district: District, year: int) -> Annex:
    return annex1(district, year) if number == 1 else annex2(district, year)
