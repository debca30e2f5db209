"""Rates fair to small companies: credibility-weighted rates computed by hand, in plain Python, from
the rows of a small generated period, and compared with the draft result; the minimum exposure."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sqlalchemy as sa

from procurement.maintenance import credibility, generate, queries
from procurement.maintenance import operations as ops
from procurement.maintenance.models import ImportKind
from tests.factories import make_period, register_companies

RATES = {  # indicator: (events column, exposure column or None for elevator-months, scale, kind)
    "entrapment_rate": (4, None, 100, "poisson"),
    "failure_rate": (5, None, 1, "poisson"),
    "complaints_per_100": (12, None, 100 * 12, "poisson"),
    "share_within_30": (9, 7, 100, "binomial"),
}


def by_hand(rows, months, ident):
    """company → (own, reference, n, k, Z, weighted), from the records' rows, one loop at a time."""
    events_at, exposure_col, scale, kind = RATES[ident]
    cells = {}  # (company, district) → [events, exposure]
    for row in rows:
        exposure = months if exposure_col is None else int(row[exposure_col])
        cell = cells.setdefault((row[1], row[2]), [0, 0])
        cell[0] += int(row[events_at])
        cell[1] += exposure
    companies = sorted({c for c, _d in cells})
    own = {c: [0, 0] for c in companies}
    district = {}
    for (c, d), (e, n) in cells.items():
        own[c][0] += e
        own[c][1] += n
        district.setdefault(d, [0, 0])
        district[d][0] += e
        district[d][1] += n
    m = sum(n for _e, n in own.values())
    mean = sum(e for e, _n in own.values()) / m
    s2 = mean if kind == "poisson" else mean * (1 - mean)
    spread = sum(n * (e / n - mean) ** 2 for e, n in own.values() if n)
    active = [n for _e, n in own.values() if n]
    a = (spread - (len(active) - 1) * s2) / (m - sum(n * n for n in active) / m)
    k = s2 / a if a > 0 else math.inf
    result = {}
    for c in companies:
        e, n = own[c]
        if not n:
            continue
        expected = sum(
            cn * (district[d][0] / district[d][1] if district[d][1] else mean)
            for (cc, d), (_ce, cn) in cells.items()
            if cc == c
        )
        reference = expected / n
        z = n / (n + k) if k != math.inf else 0.0
        result[c] = (
            e / n * scale,
            reference * scale,
            n,
            k,
            z,
            (z * e / n + (1 - z) * reference) * scale,
        )
    return result


@pytest.fixture
def small_period(db):
    items = register_companies(6, seed=9)
    period = make_period()
    rows = generate.record_rows(items, 240, period.starts_on, period.months, seed=4)
    ops.apply_file(ImportKind.RECORDS, period, "records.csv", generate.records_file(rows))
    db.session.commit()
    return period, rows


@pytest.mark.parametrize("ident", sorted(RATES))
def test_weighted_rates_match_a_computation_by_hand(small_period, ident):
    period, rows = small_period
    expected = by_hand(rows, period.months, ident)
    draft = {row["company"]: row for row in queries.draft(period)}
    assert set(expected) == {c for c, row in draft.items() if ident in row["credibility"]}
    for company, (own, reference, n, k, z, weighted) in expected.items():
        facts = draft[company]["credibility"][ident]
        assert facts["own"] == pytest.approx(own)
        assert facts["reference"] == pytest.approx(reference)
        assert facts["exposure"] == n
        assert (facts["k"] is None) == (k == math.inf)
        if facts["k"] is not None:
            assert facts["k"] == pytest.approx(k)
        assert facts["z"] == pytest.approx(z)
        assert facts["weighted"] == pytest.approx(weighted)
        assert draft[company]["values"][ident] == pytest.approx(weighted)  # the value scored


def test_a_k_given_in_the_template_is_used_and_z_follows_the_exposure(db, small_period):
    period, rows = small_period
    template = dict(period.template)
    template["credibility"] = {
        "method": "credibility",
        "reference": "city",
        "k": {"entrapment_rate": 600},
    }
    ops.update_template(period, template)
    db.session.commit()
    entrapments = sum(int(r[4]) for r in rows)
    city = entrapments / (len(rows) * 12) * 100
    for row in queries.draft(period):
        facts = row["credibility"]["entrapment_rate"]
        n = row["elevators"] * 12
        assert facts["k"] == 600 and facts["z"] == pytest.approx(n / (n + 600))
        assert facts["reference"] == pytest.approx(city)
        assert facts["weighted"] == pytest.approx(
            facts["z"] * facts["own"] + (1 - facts["z"]) * city
        )


def test_below_the_minimum_exposure_the_rates_are_not_scored_and_the_total_is_scaled(
    db, small_period
):
    period, _rows = small_period
    template = dict(period.template)
    template["credibility"] = {"method": "minimum", "min_exposure": 480}
    ops.update_template(period, template)
    db.session.commit()
    draft = queries.draft(period)
    small = [r for r in draft if r["elevators"] * 12 < 480]
    large = [r for r in draft if r["elevators"] * 12 >= 480]
    assert small and large
    rates = {
        "entrapment_rate",
        "failure_rate",
        "complaints_per_100",
        "share_within_30",
        "first_pass_rate",
    }
    indicators = {i["id"]: i["max_points"] for i in period.template["indicators"]}
    for row in small:
        # every rate is either not scored (样本不足) or without data (no arrival: no arrival share)
        assert set(row["insufficient"]) <= rates
        assert set(row["insufficient"]) | set(row["missing"]) >= rates & set(indicators)
        assert "entrapment_rate" in row["insufficient"]
        assert all(row["credibility"][i]["insufficient"] for i in row["insufficient"])
        scored = sum(row["points"].values())
        left = 100 - sum(indicators[i] for i in row["insufficient"])
        assert row["total"] == pytest.approx(round(scored * 100 / left, 2))
    for row in large:
        assert row["insufficient"] == []


def test_estimate_k_is_infinite_when_companies_differ_no_more_than_chance():
    events = np.array([10.0, 20.0, 30.0])
    exposure = np.array([1000.0, 2000.0, 3000.0])  # the same rate everywhere
    assert credibility.estimate_k(events, exposure, "poisson") == math.inf
    assert credibility.estimate_k(np.array([1.0]), np.array([10.0]), "poisson") == math.inf


def test_the_worked_example_of_the_documentation():
    """docs/maintenance.md, "A worked example": four companies' entrapments."""
    events = np.array([0.0, 6.0, 30.0, 60.0])
    exposure = np.array([60.0, 1200.0, 2400.0, 3600.0])
    k = credibility.estimate_k(events, exposure, "poisson")
    assert round(k, 1) == 618.0
    z = exposure / (exposure + k)
    assert [round(v, 4) for v in z] == [0.0885, 0.6601, 0.7952, 0.8535]
    city = events.sum() / exposure.sum()
    weighted = (z * events / exposure + (1 - z) * city) * 100
    assert [round(v, 4) for v in weighted] == [1.2053, 0.7795, 1.2648, 1.6162]


def test_the_public_company_page_shows_own_rate_reference_n_k_z_and_weighted_rate(client, db):
    from procurement.maintenance.models import CompanyResult
    from tests.factories import make_published_period

    period = make_published_period(companies=6)
    line = db.session.scalars(sa.select(CompanyResult).order_by(CompanyResult.elevators)).first()
    facts = line.credibility["entrapment_rate"]
    page = client.get(f"/maintenance/periods/{period.code}/companies/{line.uscc}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "按可信度加权的比率" in text
    for figure in (facts["own"], facts["reference"], facts["z"], facts["weighted"]):
        assert f"{figure:.4f}" in text
    assert f"{facts['exposure']:.0f}" in text
    # reproducible by hand: the weighted rate from the figures shown, the total from the points
    assert facts["weighted"] == pytest.approx(
        facts["z"] * facts["own"] + (1 - facts["z"]) * facts["reference"]
    )
    assert line.values["entrapment_rate"] == facts["weighted"]
    assert line.total == pytest.approx(sum(line.points.values()))
