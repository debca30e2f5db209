"""What a period scores for each company: the imported values, the insurers' spot checks, the track
record (业绩) and the rates made fair to small companies — read, never written.

Order of precedence for a value: the rates weighted (credibility.py) from the elevator records; a
value in the company file over an aggregated one; the insurers' spot checks over the company file
when the template's `spot_checks` is `insurers`; the track record computed from the records and the
registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from procurement.extensions import db
from procurement.maintenance.models import (
    CompanyData,
    EvaluationPeriod,
    MaintenanceCompany,
    SpotCheck,
)
from procurement.maintenance.records import RATE_INDICATORS

SPOT_CHECK = "insurer_spot_check"


@dataclass
class Inputs:
    values: dict[str, Any]
    sources: dict[str, str]  # indicator → records | reported | insurers | track_record
    credibility: dict[str, dict[str, Any]] = field(default_factory=dict)
    insufficient: list[str] = field(default_factory=list)
    spot_checks: tuple[int, int] = (0, 0)  # (checks, passed)


def spot_check_counts(period: EvaluationPeriod) -> dict[int, tuple[int, int]]:
    """company id → (spot checks in the period, how many passed)."""
    query = (
        sa.select(
            SpotCheck.company_id,
            sa.func.count(),
            sa.func.sum(sa.case((SpotCheck.passed, 1), else_=0)),
        )
        .where(SpotCheck.checked_on.between(period.starts_on, period.ends_on))
        .group_by(SpotCheck.company_id)
    )
    return {row[0]: (int(row[1]), int(row[2] or 0)) for row in db.session.execute(query)}


def previous_period(period: EvaluationPeriod) -> EvaluationPeriod | None:
    return db.session.scalar(
        sa.select(EvaluationPeriod)
        .where(EvaluationPeriod.ends_on < period.starts_on)
        .order_by(EvaluationPeriod.ends_on.desc())
        .limit(1)
    )


def _previous_elevators(period: EvaluationPeriod) -> dict[int, list[str]]:
    earlier = previous_period(period)
    if earlier is None:
        return {}
    query = sa.select(CompanyData.company_id, CompanyData.elevator_nos).where(
        CompanyData.period_id == earlier.id
    )
    return {row[0]: row[1] or [] for row in db.session.execute(query)}


def full_years(since: date, until: date) -> int:
    return until.year - since.year - ((until.month, until.day) < (since.month, since.day))


def collect(
    period: EvaluationPeriod, rows: list[tuple[CompanyData, MaintenanceCompany]]
) -> list[Inputs]:
    template = period.template
    ids = {i["id"] for i in template["indicators"]}
    result = []
    for data, _company in rows:
        values = data.values()
        sources = {k: ("reported" if k in data.reported else "records") for k in values}
        result.append(Inputs(values, sources))
    if template.get("spot_checks") == "insurers" and SPOT_CHECK in ids:
        counts = spot_check_counts(period)
        for item, (data, _company) in zip(result, rows, strict=True):
            checks, passed = counts.get(data.company_id, (0, 0))
            item.spot_checks = (checks, passed)
            item.values.pop(SPOT_CHECK, None)  # no spot check: no value (not the company file's)
            item.sources.pop(SPOT_CHECK, None)
            if checks:
                item.values[SPOT_CHECK] = passed / checks * 100
                item.sources[SPOT_CHECK] = "insurers"
    _track_record(period, ids, rows, result)
    _weigh(period, rows, result)
    return result


def _track_record(
    period: EvaluationPeriod,
    ids: set[str],
    rows: list[tuple[CompanyData, MaintenanceCompany]],
    result: list[Inputs],
) -> None:
    previous = _previous_elevators(period) if "kept_share" in ids else {}
    for item, (data, company) in zip(result, rows, strict=True):
        found: dict[str, Any] = {}
        if "elevators_under_contract" in ids and data.elevators:
            found["elevators_under_contract"] = data.elevators
        if "years_in_city" in ids and company.in_city_since:
            found["years_in_city"] = max(0, full_years(company.in_city_since, period.ends_on))
        earlier = previous.get(data.company_id)
        if "kept_share" in ids and earlier and data.elevators:
            kept = len(set(earlier) & set(data.elevator_nos or []))
            found["kept_share"] = kept / len(earlier) * 100
        for ident, value in found.items():
            if ident not in data.reported:
                item.values[ident] = value
                item.sources[ident] = "track_record"


def _weigh(
    period: EvaluationPeriod,
    rows: list[tuple[CompanyData, MaintenanceCompany]],
    result: list[Inputs],
) -> None:
    settings = period.template.get("credibility")
    if not settings or settings.get("method", "none") == "none":
        return
    from procurement.maintenance import credibility  # numpy: only when a result is computed

    rates = [i["id"] for i in period.template["indicators"] if i["id"] in RATE_INDICATORS]
    cells = []
    for item, (data, _company) in zip(result, rows, strict=True):
        totals = data.district_totals or ({"—": data.record_totals} if data.record_totals else {})
        asked = [r for r in rates if item.sources.get(r) == "records"]
        cells.append((totals, asked))
    details = credibility.weigh(settings, period.months, cells)
    for item, detail in zip(result, details, strict=True):
        for ident, facts in detail.items():
            item.credibility[ident] = facts
            if facts.get("insufficient"):
                item.values.pop(ident, None)
                item.insufficient.append(ident)
            elif "weighted" in facts:
                item.values[ident] = facts["weighted"]
