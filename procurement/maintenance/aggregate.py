"""Company indicators from elevator records, vectorised with numpy (one pass per indicator).

- elevators: number of elevators the company maintains
- entrapment_rate: entrapments ÷ (elevators × months), in % per elevator-month (困人故障率)
- failure_rate: failures ÷ (elevators × months), per elevator-month
- repeat_failures: total repeat failures
- mean_arrival_minutes: mean emergency arrival time, weighted by the number of arrivals
- share_within_30: arrivals within 30 minutes ÷ arrivals, in %
- first_pass_rate: elevators passing the periodic inspection ÷ elevators inspected, in %
- complaints_per_100: verified complaints per 100 elevators
A company with no arrival or no inspection gets None for those indicators (nothing to measure).
`district_totals` holds the same totals per district a company serves: the credibility weighting
compares a company with its districts' rates (credibility.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from procurement.maintenance.records import INDICATORS, Records

__all__ = ["INDICATORS", "aggregate"]


def aggregate(records: Records, months: int) -> dict[str, dict[str, Any]]:
    if months < 1:
        raise ValueError("months must be at least 1")

    def column(key: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.asarray(records.numbers[key], dtype=np.float64)

    companies, index = np.unique(np.asarray(records.company), return_inverse=True)
    count = companies.size

    def total(key: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.bincount(index, weights=column(key), minlength=count).astype(np.float64)

    elevators = np.bincount(index, minlength=count).astype(np.float64)
    arrivals = total("arrivals")
    minutes = np.bincount(index, weights=column("arrival_minutes") * column("arrivals"),
                          minlength=count)  # fmt: skip
    inspection = np.asarray([-1 if v is None else int(v) for v in records.inspection])
    inspected = np.bincount(index, weights=(inspection >= 0).astype(float), minlength=count)
    passed = np.bincount(index, weights=(inspection == 1).astype(float), minlength=count)
    exposure = elevators * months
    entrapments, failures, repeats = (
        total("entrapments"),
        total("failures"),
        total("repeat_failures"),
    )
    within, complaints = total("arrivals_within_30"), total("complaints")
    districts: dict[str, set[str]] = {}
    for company, district in set(zip(records.company, records.district, strict=True)):
        districts.setdefault(company, set()).add(district)
    by_district = _district_totals(records, companies, index, inspection, months)
    numbers: dict[str, list[str]] = {}
    for company, elevator in zip(records.company, records.elevator_no, strict=True):
        numbers.setdefault(company, []).append(elevator)
    result = {}
    for i, company in enumerate(companies.tolist()):
        result[company] = {
            "elevators": int(elevators[i]),
            "districts": sorted(districts[company]),
            "totals": {
                "entrapments": int(entrapments[i]),
                "failures": int(failures[i]),
                "arrivals": int(arrivals[i]),
                "arrivals_within_30": int(within[i]),
                "inspected": int(inspected[i]),
                "passed": int(passed[i]),
                "complaints": int(complaints[i]),
                "elevator_months": int(exposure[i]),
            },
            "entrapment_rate": float(entrapments[i] / exposure[i] * 100),
            "failure_rate": float(failures[i] / exposure[i]),
            "repeat_failures": int(repeats[i]),
            "mean_arrival_minutes": float(minutes[i] / arrivals[i]) if arrivals[i] else None,
            "share_within_30": float(within[i] / arrivals[i] * 100) if arrivals[i] else None,
            "first_pass_rate": float(passed[i] / inspected[i] * 100) if inspected[i] else None,
            "complaints_per_100": float(complaints[i] / elevators[i] * 100),
            "district_totals": by_district[company],
            "elevator_nos": numbers[company],
        }
    return result


TOTALS = ("entrapments", "failures", "arrivals", "arrivals_within_30", "complaints")


def _district_totals(
    records: Records,
    companies: np.ndarray[Any, Any],
    index: np.ndarray[Any, Any],
    inspection: np.ndarray[Any, Any],
    months: int,
) -> dict[str, dict[str, dict[str, int]]]:
    """company → district → the totals of its elevators there, one bincount per total."""
    names, place = np.unique(np.asarray(records.district), return_inverse=True)
    cell = index * names.size + place
    cells, inverse = np.unique(cell, return_inverse=True)
    columns = {key: np.asarray(records.numbers[key], dtype=np.float64) for key in TOTALS}
    columns["inspected"] = (inspection >= 0).astype(np.float64)
    columns["passed"] = (inspection == 1).astype(np.float64)
    sums = {
        key: np.bincount(inverse, weights=v, minlength=cells.size) for key, v in columns.items()
    }
    elevators = np.bincount(inverse, minlength=cells.size)
    result: dict[str, dict[str, dict[str, int]]] = {}
    for j, code in enumerate(cells.tolist()):
        company, district = str(companies[code // names.size]), str(names[code % names.size])
        totals = {key: int(sums[key][j]) for key in sums}
        totals["elevator_months"] = int(elevators[j]) * months
        result.setdefault(company, {})[district] = totals
    return result
