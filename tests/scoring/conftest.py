"""Spec builders for the engine tests (no app, no database)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

BASE: dict[str, Any] = {
    "decimals": 2,
    "criteria": [
        {"id": "price", "group": "price", "max_points": 20, "rule": {"type": "price"}},
        {"id": "solvency", "group": "qualification", "max_points": 10,
         "rule": {"type": "bands", "bands": [[225, 10], [200, 7], [100, 3]]}},
        {"id": "penalties", "group": "qualification", "max_points": 6,
         "rule": {"type": "deduct", "per_unit": 2}},
        {"id": "vehicles", "group": "service", "max_points": 6, "rule": {"type": "per_unit", "per_unit": 2}},
        {"id": "staff", "group": "service", "max_points": 6, "rule": {"type": "relative", "better": "higher"}},
        {"id": "hours", "group": "service", "max_points": 6, "rule": {"type": "relative", "better": "lower"}},
        {"id": "platform", "group": "platform", "max_points": 8,
         "rule": {"type": "checklist", "items": {"iot": 2, "online_claims": 2, "paperless": 2, "hotline_96333": 2}}},
        {"id": "claims_plan", "group": "service", "max_points": 8,
         "rule": {"type": "subjective", "levels": [8, 6, 4, 0]}},
        {"id": "risk_service", "group": "service", "max_points": 12, "rule": {"type": "subjective"}},
    ],
    "bids": [
        {"id": "B1", "bidder": "甲保险", "price": 2400,
         "values": {"solvency": 231.5, "penalties": 1, "vehicles": 2, "staff": 12, "hours": 48,
                    "platform": ["iot", "paperless"]}},
        {"id": "B2", "bidder": "乙保险", "price": 2000,
         "values": {"solvency": 210, "penalties": 0, "vehicles": 4, "staff": 8, "hours": 24,
                    "platform": ["iot"]}},
        {"id": "B3", "bidder": "丙保险", "price": 3000,
         "values": {"solvency": 99, "penalties": 5, "vehicles": 1, "staff": 6, "hours": 96,
                    "platform": []}},
    ],
    "scores": {
        "M1": {"B1": {"claims_plan": 6, "risk_service": 9.5}, "B2": {"claims_plan": 8, "risk_service": 10},
               "B3": {"claims_plan": 4, "risk_service": 6}},
        "M2": {"B1": {"claims_plan": 8, "risk_service": 10}, "B2": {"claims_plan": 6, "risk_service": 9},
               "B3": {"claims_plan": 4, "risk_service": 7}},
        "M3": {"B1": {"claims_plan": 0, "risk_service": 11}, "B2": {"claims_plan": 6, "risk_service": 9},
               "B3": {"claims_plan": 4, "risk_service": 5}},
    },
}  # fmt: skip


@pytest.fixture
def spec() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def row(result: dict[str, Any], bid: str) -> dict[str, Any]:
    return next(r for r in result["ranking"] if r["bid"] == bid)
