"""Scoring a period's companies with the engine: points per indicator, total, grade, rank.

The engine's `evaluate` computes the points of the measured rules (bands, deduct, per_unit, relative,
checklist) and rounds them; an `mcda` indicator is first turned into a score in [0, 1] by `scoring.mcda`
(WSM or TOPSIS over the companies that have every value it needs) and then given `max_points × score`
through the engine's `per_unit` rule, so every point is rounded the same way.

A company without a value for an indicator gets 0 points for it, and the breakdown says "no data".
An indicator the company has too few elevators for (credibility.py, the minimum method) is not
scored: the company is shown as 样本不足 for it and its total is scaled to the full points,
total = points scored × 100 ÷ (100 − the points of the indicators not scored).
A vetoed company keeps its points (the public sees them) but takes the lowest grade and no rank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from procurement.maintenance.template import grade_of


@dataclass
class Company:
    key: str  # the unified social credit code
    name: str
    values: dict[str, Any]
    vetoes: list[str] = field(default_factory=list)  # reasons, in words
    insufficient: list[str] = field(default_factory=list)  # indicators not scored: 样本不足


def _placeholder(indicator: dict[str, Any]) -> Any:
    """A value that earns no points and moves no relative best (the points are zeroed afterwards)."""
    rule = indicator["rule"]
    if rule["type"] == "checklist":
        return []
    if rule["type"] == "bands":
        return min(t for t, _p in rule["bands"]) - 1
    if rule["type"] == "deduct":
        return indicator["max_points"] / rule["per_unit"] if rule["per_unit"] else 0
    if rule["type"] == "relative" and rule.get("better") == "lower":
        return 1e300
    return 0


def _mcda_scores(
    template: dict[str, Any], indicator: dict[str, Any], companies: list[Company]
) -> list[float]:
    from scoring import mcda

    by_id = {i["id"]: i for i in template["indicators"]}
    parts = indicator["rule"].get("criteria") or [{"indicator": indicator["id"], "weight": 1}]
    ids = [part["indicator"] for part in parts]
    rows = [n for n, c in enumerate(companies) if all(c.values.get(i) is not None for i in ids)]
    scores = [0.0] * len(companies)
    if len(rows) < 2:
        return scores  # nothing to compare with: no relative points
    result = mcda(
        {
            "method": indicator["rule"].get("method", "wsm"),
            "alternatives": [companies[n].key for n in rows],
            "criteria": ids,
            "objectives": ["max" if by_id[i]["better"] == "higher" else "min" for i in ids],
            "weights": [float(part.get("weight", 1)) for part in parts],
            "matrix": [[float(companies[n].values[i]) for i in ids] for n in rows],
        }
    )
    for n, value in zip(rows, result["scores"], strict=True):
        scores[n] = float(value)
    return scores


def score(template: dict[str, Any], companies: list[Company]) -> list[dict[str, Any]]:
    """One result per company, ranked: highest total first, vetoed companies last and unranked."""
    from scoring import evaluate

    if not companies:
        return []
    indicators = template["indicators"]
    criteria, values = [], [dict[str, Any]() for _ in companies]
    missing: list[list[str]] = [[] for _ in companies]
    for indicator in indicators:
        rule = indicator["rule"]
        if rule["type"] == "mcda":
            rule = {"type": "per_unit", "per_unit": indicator["max_points"]}
            column: list[Any] = _mcda_scores(template, indicator, companies)
            sources = indicator["rule"].get("criteria") or [{"indicator": indicator["id"]}]
            for n, company in enumerate(companies):
                if any(company.values.get(part["indicator"]) is None for part in sources):
                    missing[n].append(indicator["id"])
        else:
            column = []
            for n, company in enumerate(companies):
                value = company.values.get(indicator["id"])
                if value is None:
                    missing[n].append(indicator["id"])
                    value = _placeholder(indicator)
                column.append(value)
        criteria.append({"id": indicator["id"], "group": indicator["group"],
                         "max_points": indicator["max_points"], "rule": rule})  # fmt: skip
        for n, value in enumerate(column):
            values[n][indicator["id"]] = value
    result = evaluate(
        {
            "decimals": template.get("decimals", 2),
            "criteria": criteria,
            "bids": [
                {"id": str(n), "price": 1, "values": values[n]} for n in range(len(companies))
            ],
            "tie_break": [],
        }
    )
    scored: list[dict[str, Any]] = []
    for entry in result["ranking"]:
        n = int(entry["bid"])
        company = companies[n]
        points = dict(entry["points"])
        for ident in missing[n]:
            points[ident] = 0.0
        total = float(sum((Decimal(str(p)) for p in points.values()), Decimal(0)))
        unscored = [i for i in missing[n] if i in company.insufficient]
        if unscored:
            full = sum(Decimal(str(i["max_points"])) for i in indicators)
            left = full - sum(
                Decimal(str(i["max_points"])) for i in indicators if i["id"] in unscored
            )
            step = Decimal(1).scaleb(-int(template.get("decimals", 2)))
            total = (
                float((Decimal(str(total)) * full / left).quantize(step, ROUND_HALF_UP))
                if left
                else 0.0
            )
        scored.append(
            {
                "company": company.key,
                "name": company.name,
                "total": total,
                "grade": grade_of(template, total, bool(company.vetoes)),
                "points": points,
                "missing": [i for i in missing[n] if i not in unscored],
                "insufficient": unscored,
                "vetoes": list(company.vetoes),
            }
        )
    scored.sort(key=lambda r: (bool(r["vetoes"]), -r["total"], r["company"]))
    rank, previous = 0, None
    for position, row in enumerate(scored, start=1):
        if row["vetoes"]:
            row["rank"] = None
            continue
        if row["total"] != previous:
            rank, previous = position, row["total"]
        row["rank"] = rank
    return scored
