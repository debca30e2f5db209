"""The maintenance evaluation's reads: the officer's lists and counts, the registry, a period's draft
result; published results with search, filters and sorting, history, peers and league tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from procurement.districts import administrative_order
from procurement.extensions import db
from procurement.maintenance.inputs import collect
from procurement.maintenance.models import (
    CompanyData,
    CompanyResult,
    DataImport,
    EvaluationPeriod,
    ImportKind,
    ImportStatus,
    MaintenanceCompany,
    Publication,
    SpotCheck,
)
from procurement.maintenance.scoring import Company, score
from procurement.maintenance.template import grade_names


def _current_publications() -> sa.Select[EvaluationPeriod, Publication]:
    """Each published period with its current publication, newest period first."""
    latest = (
        sa.select(Publication.period_id, sa.func.max(Publication.number).label("number"))
        .group_by(Publication.period_id)
        .subquery()
    )
    return (
        sa.select(EvaluationPeriod, Publication)
        .join(Publication, Publication.period_id == EvaluationPeriod.id)
        .join(
            latest,
            sa.and_(
                latest.c.period_id == Publication.period_id, latest.c.number == Publication.number
            ),
        )
        .order_by(EvaluationPeriod.ends_on.desc(), EvaluationPeriod.id.desc())
    )


def published_periods() -> list[tuple[EvaluationPeriod, Publication]]:
    """Every period with a publication, newest period first, each with its current publication."""
    return [(row[0], row[1]) for row in db.session.execute(_current_publications())]


def publication_of(
    code: str, number: int | None = None
) -> tuple[EvaluationPeriod, Publication] | None:
    """A published period and its current publication (or the one numbered `number`)."""
    query = (
        sa.select(EvaluationPeriod, Publication)
        .join(Publication, Publication.period_id == EvaluationPeriod.id)
        .where(EvaluationPeriod.code == code)
    )
    if number is not None:
        query = query.where(Publication.number == number)
    row = db.session.execute(query.order_by(Publication.number.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def publications(period: EvaluationPeriod) -> list[Publication]:
    return list(
        db.session.scalars(
            sa.select(Publication)
            .where(Publication.period_id == period.id)
            .order_by(Publication.number)
        )
    )


def lines(publication: Publication) -> list[CompanyResult]:
    """Every line of a publication in published order: ranked first, then vetoed companies."""
    rows = db.session.scalars(
        sa.select(CompanyResult).where(CompanyResult.publication_id == publication.id)
    )
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, -r.total, r.uscc))


def company_line(rows: list[CompanyResult], uscc: str) -> CompanyResult | None:
    return next((r for r in rows if r.uscc == uscc), None)


@dataclass
class Selection:
    q: str = ""
    district: str = ""
    grade: str = ""
    sort: str = ""
    order: str = ""


def select(
    rows: list[CompanyResult], template: dict[str, Any], choice: Selection
) -> list[CompanyResult]:
    """Filter and sort in memory: a period has a few thousand lines at most, and pages are cached."""
    q = choice.q.strip().lower()
    chosen = [
        r
        for r in rows
        if (not q or q in r.name.lower() or q == r.uscc.lower())
        and (not choice.district or choice.district in r.districts)
        and (not choice.grade or r.grade == choice.grade)
    ]
    better = {i["id"]: i["better"] for i in template["indicators"]}
    if choice.sort in better:
        ident = choice.sort
        have = [r for r in chosen if r.values.get(ident) is not None]
        descending = choice.order == "desc" or (not choice.order and better[ident] == "higher")
        have.sort(key=lambda r: _number(r.values[ident]), reverse=descending)
        return have + [r for r in chosen if r.values.get(ident) is None]  # no data: always last
    if choice.sort == "name":
        return sorted(chosen, key=lambda r: r.name, reverse=choice.order == "desc")
    if choice.order == "asc":
        return list(reversed(chosen))
    return chosen  # by rank (= total score), best first


def _number(value: Any) -> float:
    return float(len(value)) if isinstance(value, list) else float(value)


def districts_of(rows: list[CompanyResult]) -> list[str]:
    """The districts served, in the administrative order (万州区, 涪陵区, 渝中区, …)."""
    return administrative_order(d for r in rows for d in r.districts)


def district_ranks(
    rows: list[CompanyResult], line: CompanyResult
) -> list[tuple[str, int | None, int]]:
    """(district, the company's rank among the ranked companies serving it, how many they are)."""
    result = []
    for district in line.districts:
        peers = [r for r in rows if district in r.districts and r.rank is not None]
        rank = None if line.rank is None else 1 + sum(1 for r in peers if r.total > line.total)
        result.append((district, rank, len(peers)))
    return result


def history(company_id: int) -> list[tuple[EvaluationPeriod, CompanyResult]]:
    """The company's line in the current publication of every published period, oldest first."""
    query = (
        _current_publications()
        .add_columns(CompanyResult)
        .join(CompanyResult, CompanyResult.publication_id == Publication.id)
        .where(CompanyResult.company_id == company_id)
    )
    return [(row[0], row[2]) for row in reversed(db.session.execute(query).all())]


def latest_results(company_ids: list[int]) -> dict[int, tuple[EvaluationPeriod, CompanyResult]]:
    """Each company's line in the current publication of the newest period that published it."""
    query = (
        _current_publications()
        .add_columns(CompanyResult)
        .join(CompanyResult, CompanyResult.publication_id == Publication.id)
        .where(CompanyResult.company_id.in_(company_ids))
    )
    found: dict[int, tuple[EvaluationPeriod, CompanyResult]] = {}
    for period, _publication, line in db.session.execute(query):  # newest period first
        found.setdefault(line.company_id, (period, line))
    return found


# The league tables published with every period: worst first, as the Chongqing notice asks.
DURATION_UNITS = ("分钟", "小时", "天", "minutes", "hours", "days")

LEAGUES = (
    ("entrapment_rate", "desc"),
    ("failure_rate", "desc"),
    ("complaints_per_100", "desc"),
    ("mean_arrival_minutes", "desc"),
)


def _league_title(indicator: dict[str, Any]) -> str:
    if indicator.get("unit") in DURATION_UNITS:  # a time is 最长, not 最高
        return _("The ten longest: %(name)s", name=indicator["name"])
    return _("The ten highest: %(name)s", name=indicator["name"])


def leagues(
    rows: list[CompanyResult], template: dict[str, Any], size: int = 10
) -> list[dict[str, Any]]:
    indicators = {i["id"]: i for i in template["indicators"]}
    tables = [
        {
            "indicator": None,
            "title": _("The ten best companies by total score"),
            "rows": [r for r in rows if r.rank is not None][:size],
        }
    ]
    for ident, order in LEAGUES:
        if ident not in indicators:
            continue
        chosen = select(rows, template, Selection(sort=ident, order=order))
        tables.append(
            {
                "indicator": indicators[ident],
                "title": _league_title(indicators[ident]),
                "rows": [r for r in chosen if r.values.get(ident) is not None][:size],
            }
        )
    return tables


# --- the officer's pages --------------------------------------------------------------------------


def periods(organisation_id: int | None) -> list[EvaluationPeriod]:
    """The periods of an office, latest first (none for an account without one)."""
    return list(
        db.session.scalars(
            sa.select(EvaluationPeriod)
            .where(EvaluationPeriod.organisation_id.is_not(None))
            .where(EvaluationPeriod.organisation_id == organisation_id)
            .order_by(EvaluationPeriod.ends_on.desc())
        )
    )


def company_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceCompany)) or 0


def recent_imports(period: EvaluationPeriod, limit: int = 20) -> list[DataImport]:
    return list(
        db.session.scalars(
            sa.select(DataImport)
            .where(DataImport.period_id == period.id)
            .order_by(DataImport.id.desc())
            .limit(limit)
        )
    )


def replaced_imports(period: EvaluationPeriod) -> set[int]:
    """The applied records files of a period that a later one replaced (a records file holds the
    whole period)."""
    applied = db.session.scalars(
        sa.select(DataImport.id).where(
            DataImport.period_id == period.id,
            DataImport.kind == ImportKind.RECORDS,
            DataImport.status == ImportStatus.APPLIED,
        )
    ).all()
    return set(sorted(applied)[:-1])


def data_counts(period: EvaluationPeriod) -> tuple[int, int]:
    """(companies with data, elevators) of a period."""
    row = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(CompanyData.elevators), 0)).where(
            CompanyData.period_id == period.id
        )
    ).one()
    return int(row[0]), int(row[1])


def earlier_import(item: DataImport) -> int | None:
    """The id of an applied upload of the same file, kind and period, if there is one."""
    return db.session.scalar(
        sa.select(DataImport.id)
        .where(
            DataImport.sha256 == item.sha256,
            DataImport.status == ImportStatus.APPLIED,
            DataImport.period_id == item.period_id,
            DataImport.kind == item.kind,
        )
        .limit(1)
    )


def registry(term: str = "") -> sa.Select[MaintenanceCompany]:
    """The registry by name, or the companies whose name holds `term` or whose code it is."""
    query = sa.select(MaintenanceCompany).order_by(MaintenanceCompany.name)
    term = term.strip()
    if term:
        query = query.where(
            sa.or_(
                MaintenanceCompany.name.contains(term, autoescape=True),
                MaintenanceCompany.uscc == term.upper(),
            )
        )
    return query


def company_names() -> dict[str, str]:
    """The registry as code → name (the import previews name the companies)."""
    query = sa.select(MaintenanceCompany.uscc, MaintenanceCompany.name)
    return {row[0]: row[1] for row in db.session.execute(query)}


def spot_checks_of(insurer_id: int, limit: int = 200) -> list[SpotCheck]:
    """An insurer's spot checks, latest first."""
    return list(
        db.session.scalars(
            sa.select(SpotCheck)
            .where(SpotCheck.insurer_id == insurer_id)
            .order_by(SpotCheck.checked_on.desc(), SpotCheck.id.desc())
            .limit(limit)
        )
    )


def known_companies() -> dict[str, int]:
    """The registry as code → id."""
    query = sa.select(MaintenanceCompany.uscc, MaintenanceCompany.id)
    return {row[0]: row[1] for row in db.session.execute(query)}


# --- a period's draft result --------------------------------------------------------------------------


def _inputs(period: EvaluationPeriod) -> list[tuple[CompanyData, MaintenanceCompany]]:
    query = (
        sa.select(CompanyData, MaintenanceCompany)
        .join(MaintenanceCompany, CompanyData.company_id == MaintenanceCompany.id)
        .where(CompanyData.period_id == period.id)
        .order_by(MaintenanceCompany.uscc)
    )
    return [(row[0], row[1]) for row in db.session.execute(query)]


def veto_reasons(
    period: EvaluationPeriod, data: CompanyData, company: MaintenanceCompany
) -> list[str]:
    names = {v["id"]: v["name"] for v in period.template.get("vetoes", [])}
    reasons = [
        names.get(k, k) + (f"（{detail}）" if detail else "") for k, detail in data.vetoes.items()
    ]
    expires = company.licence_expires_on
    if "licence" in names and "licence" not in data.vetoes and expires and expires < period.ends_on:
        reasons.append(f"{names['licence']}（许可证有效期至 {expires.isoformat()}）")
    return reasons


def draft(period: EvaluationPeriod) -> list[dict[str, Any]]:
    """The period's result as it would be published now, with the data behind each line."""
    inputs = _inputs(period)
    found = collect(period, inputs)
    companies = [
        Company(c.uscc, c.name, f.values, veto_reasons(period, d, c), f.insufficient)
        for (d, c), f in zip(inputs, found, strict=True)
    ]
    scored = score(period.template, companies)
    by_code = {c.uscc: (d, c, f) for (d, c), f in zip(inputs, found, strict=True)}
    for row in scored:
        data, company, facts = by_code[row["company"]]
        row["company_id"] = company.id
        row["values"] = facts.values
        row["sources"] = facts.sources
        row["credibility"] = facts.credibility
        row["districts"] = administrative_order(set(company.districts) | set(data.record_districts))
        row["elevators"] = data.elevators
        row["record_totals"] = dict(data.record_totals)
        if facts.spot_checks[0]:
            checks, passed = facts.spot_checks
            row["record_totals"].update(spot_checks=checks, spot_checks_passed=passed)
    return scored


def grade_counts(template: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many companies of a draft result have each grade, every grade of the template listed."""
    counts = {g: 0 for g in grade_names(template)}
    for row in rows:
        counts[row["grade"]] = counts.get(row["grade"], 0) + 1
    return counts


def current_publication(period: EvaluationPeriod) -> Publication | None:
    return db.session.scalar(
        sa.select(Publication)
        .where(Publication.period_id == period.id)
        .order_by(Publication.number.desc())
        .limit(1)
    )
