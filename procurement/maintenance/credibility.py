"""Rates fair to small companies: credibility weighting (Bühlmann–Straub) or a minimum exposure.

With a handful of elevators a company can have no entrapment in a year by chance; scored as it is, its
rate beats every large company's. Each rate indicator computed from elevator records is therefore
either

- **weighted**: `rate = Z × own + (1 − Z) × reference`, `Z = n / (n + k)`, n the company's exposure
  (elevator-months for the per-elevator rates, arrivals or inspections for the shares), the reference
  the rate the company's elevators would have at their districts' rates (or the city's rate), and k
  given in the template or estimated from the period's data (`estimate_k`, docs/maintenance.md); or
- **not scored** below a minimum of elevator-months: the company is shown as 样本不足 for it and its
  total is scaled to the points it could score (scoring.py).

The template's `credibility` says which: `{"method": "credibility", "reference": "district"|"city",
"k": {indicator: k, …}}` (an indicator without k has it estimated), `{"method": "minimum",
"min_exposure": elevator-months}`, or no key / `{"method": "none"}`: rates as measured.
Vectorised with numpy over the (company, district) cells of the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["RATES", "Rate", "estimate_k", "weigh"]


@dataclass(frozen=True)
class Rate:
    events: str  # the total counted (a key of record_totals)
    exposure: str  # the total it is divided by
    scale: float  # rate as published = events ÷ exposure × scale (× months: per elevator in the period)
    per_month: bool  # the scale is multiplied by the period's months
    process: str  # "poisson" (counts per unit of exposure) or "binomial" (a share of the exposure)


RATES: dict[str, Rate] = {
    "entrapment_rate": Rate("entrapments", "elevator_months", 100, False, "poisson"),
    "failure_rate": Rate("failures", "elevator_months", 1, False, "poisson"),
    "complaints_per_100": Rate("complaints", "elevator_months", 100, True, "poisson"),
    "share_within_30": Rate("arrivals_within_30", "arrivals", 100, False, "binomial"),
    "first_pass_rate": Rate("passed", "inspected", 100, False, "binomial"),
}
Array = np.ndarray[Any, np.dtype[np.float64]]


def estimate_k(events: Array, exposure: Array, process: str) -> float:
    """Bühlmann–Straub's k = s² ÷ a over the companies with exposure; infinity if the companies'
    rates vary no more than chance would make them (a ≤ 0): then Z = 0 and each gets the reference.

    X_i = events_i ÷ n_i, m = Σ n_i, X̄ = Σ events_i ÷ m; the within variance per unit of exposure
    is s² = X̄ for counts (Poisson) or X̄(1 − X̄) for shares (binomial); the between variance is
    a = (Σ n_i (X_i − X̄)² − (N − 1) s²) ÷ (m − Σ n_i² ÷ m)."""
    keep = exposure > 0
    n, x = exposure[keep], events[keep] / exposure[keep]
    if n.size < 2:
        return float("inf")
    m = n.sum()
    mean = events[keep].sum() / m
    within = mean if process == "poisson" else mean * (1 - mean)
    between = (np.sum(n * (x - mean) ** 2) - (n.size - 1) * within) / (m - np.sum(n**2) / m)
    if within <= 0 or between <= 0:
        return float("inf")
    return float(within / between)


def weigh(
    settings: dict[str, Any] | None,
    months: int,
    companies: list[tuple[dict[str, dict[str, float]], list[str]]],
) -> list[dict[str, dict[str, Any]]]:
    """For each company (its totals per district, the rate indicators to weigh), indicator → detail:
    `own`, `reference`, `exposure`, `k`, `z`, `weighted` (credibility) or `exposure`, `minimum`,
    `insufficient` (minimum). Companies and indicators not asked for get no entry."""
    method = (settings or {}).get("method", "none")
    result: list[dict[str, dict[str, Any]]] = [{} for _ in companies]
    if method == "none" or not companies:
        return result
    districts = sorted({d for cells, _w in companies for d in cells})
    where = {d: i for i, d in enumerate(districts)}
    owner = np.asarray(
        [c for c, (cells, _w) in enumerate(companies) for _d in cells], dtype=np.int64
    )
    place = np.asarray([where[d] for cells, _w in companies for d in cells], dtype=np.int64)

    def cells_of(key: str) -> Array:
        figures = [cells[d].get(key, 0) for cells, _w in companies for d in cells]
        return np.asarray(figures, dtype=np.float64)

    count = len(companies)
    elevator_months = np.bincount(owner, cells_of("elevator_months"), minlength=count).astype(float)
    wanted = {ident for _cells, asked in companies for ident in asked}
    for ident in sorted(wanted & set(RATES)):
        rate = RATES[ident]
        asked = np.asarray([ident in w for _c, w in companies])
        if method == "minimum":
            minimum = float(settings.get("min_exposure", 0)) if settings else 0.0
            for c in np.flatnonzero(asked).tolist():
                result[c][ident] = {"exposure": float(elevator_months[c]), "minimum": minimum,
                                    "insufficient": bool(elevator_months[c] < minimum)}  # fmt: skip
            continue
        events, exposure = cells_of(rate.events), cells_of(rate.exposure)
        own_events = np.bincount(owner, events, minlength=count).astype(np.float64)
        own_exposure = np.bincount(owner, exposure, minlength=count).astype(np.float64)
        city = events.sum() / exposure.sum() if exposure.sum() else 0.0
        if (settings or {}).get("reference", "district") == "city":
            reference = np.full(count, city)
        else:
            at_events = np.bincount(place, events, minlength=len(districts))
            at_exposure = np.bincount(place, exposure, minlength=len(districts))
            district_rate = np.divide(at_events, at_exposure, out=np.full(len(districts), city),
                                      where=at_exposure > 0)  # fmt: skip
            expected = np.bincount(owner, exposure * district_rate[place], minlength=count)
            reference = np.divide(expected, own_exposure, out=np.full(count, city),
                                  where=own_exposure > 0)  # fmt: skip
        given = ((settings or {}).get("k") or {}).get(ident)
        k = float(given) if given else estimate_k(own_events, own_exposure, rate.process)
        z = own_exposure / (own_exposure + k) if np.isfinite(k) else np.zeros(count)
        own = np.divide(own_events, own_exposure, out=np.zeros(count), where=own_exposure > 0)
        scale = rate.scale * (months if rate.per_month else 1)
        weighted = (z * own + (1 - z) * reference) * scale
        for c in np.flatnonzero(asked & (own_exposure > 0)).tolist():
            result[c][ident] = {
                "own": float(own[c] * scale),
                "reference": float(reference[c] * scale),
                "exposure": float(own_exposure[c]),
                "k": k if np.isfinite(k) else None,
                "z": float(z[c]),
                "weighted": float(weighted[c]),
            }
    return result
