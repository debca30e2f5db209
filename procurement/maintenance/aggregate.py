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
        }
    return result
