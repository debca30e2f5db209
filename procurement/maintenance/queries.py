"""Reading published results: periods, a period's lines with search/filter/sort, history, peers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from procurement.extensions import db
from procurement.maintenance.models import CompanyResult, EvaluationPeriod, Publication


def _current_publications() -> sa.Select[tuple[EvaluationPeriod, Publication]]:
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
    return sorted({d for r in rows for d in r.districts})


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


# The league tables published with every period: worst first, as the Chongqing notice asks.
LEAGUES = (
    ("entrapment_rate", "desc"),
    ("failure_rate", "desc"),
    ("complaints_per_100", "desc"),
    ("mean_arrival_minutes", "desc"),
)


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
                "title": _("The ten highest: %(name)s", name=indicators[ident]["name"]),
                "rows": [r for r in chosen if r.values.get(ident) is not None][:size],
            }
        )
    return tables
