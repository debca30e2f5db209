"""price_deviation with segments and a rounded deviation (issue 14 §2), against hand-computed points."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scoring import SpecError, evaluate

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs/schemas/evaluate.schema.json").read_text("utf-8")
)
ONE_THEN_FOUR = [{"to": 8, "per_point": 1}, {"to": None, "per_point": 4}]


def spec_for(rule, prices=(800_000, 900_000, 960_000, 1_020_000, 1_065_000, 1_200_000)):
    return {
        "criteria": [{"id": "price", "max_points": 35, "rule": rule}],
        "bids": [{"id": f"B{p}", "price": p} for p in prices],
    }


def points(spec):
    result = evaluate(spec)
    jsonschema.validate(spec, SCHEMA, cls=jsonschema.Draft202012Validator)
    return {r["bid"]: r["points"]["price"] for r in result["ranking"]}


def test_the_worked_example_of_the_issue():
    # six bids, the highest and lowest dropped: (900,000 + 960,000 + 1,020,000 + 1,065,000) / 4
    # = 986,250; 900,000 is −8.7452… → −8.75 points: 8 × 1 + 0.75 × 4 = 11 → 35 − 11 = 24.00
    rule = {"type": "price_deviation", "k": 0, "below": ONE_THEN_FOUR,
            "above": [{"to": 5, "per_point": 2}, {"to": None, "per_point": 3}],
            "trim": {"min_bids": 5, "drop_high": 1, "drop_low": 1}, "deviation_decimals": 2}  # fmt: skip
    got = points(spec_for(rule))
    assert got["B900000"] == 24.0
    assert got["B960000"] == 32.34  # −2.6616 → −2.66, inside the first segment: 35 − 2.66
    assert got["B1020000"] == 28.16  # +3.4221 → 3.42 × 2 = 6.84
    assert got["B1065000"] == 16.06  # +7.9848 → 7.98: 5 × 2 + 2.98 × 3 = 18.94
    assert got["B800000"] == 0.0  # −18.88: 8 + 10.88 × 4 = 51.52 > 35
    assert got["B1200000"] == 0.0  # +21.67: 10 + 16.67 × 3 = 60.01 > 35


def test_without_deviation_decimals_the_deviation_is_not_rounded():
    rule = {"type": "price_deviation", "k": 0, "below": ONE_THEN_FOUR, "above": 1,
            "trim": {"min_bids": 5, "drop_high": 1, "drop_low": 1}}  # fmt: skip
    # −8.745247…: 8 + 0.745247 × 4 = 10.98099 → 24.019… → 24.02
    assert points(spec_for(rule))["B900000"] == 24.02


@pytest.mark.parametrize(
    ("price", "decimals", "expected"),
    [
        # benchmark 1,000 (two bids 990 and 1,010; no trim); −1.0 exactly on a boundary
        (990, 2, 34.0),
        # 987.65: −1.235 → 1.24 (half up, away from zero) at 2 decimals; 1.2 at 1 decimal
        (987.65, 2, 33.52),  # 1 + 0.24 × 2 = 1.48
        (987.65, 1, 33.6),  # −1.2 → 1 + 0.2 × 2 = 1.4
        (987.65, 0, 34.0),  # −1 → 1
    ],
)
def test_boundaries_and_half_up_rounding(price, decimals, expected):
    rule = {"type": "price_deviation", "k": 0, "deviation_decimals": decimals, "above": 0,
            "below": [{"to": 1, "per_point": 1}, {"to": None, "per_point": 2}]}  # fmt: skip
    mirror = 2000 - price  # keeps the mean at 1,000
    assert points(spec_for(rule, (price, mirror)))[f"B{price}"] == expected


def test_three_segments_and_k():
    # benchmark = mean 1,000 × (1 − 0.1) = 900; 1,035 is +15 points:
    # 5 × 0.5 + (10 − 5) × 1 + 5 × 2 = 17.5 → 17.5 of 35
    rule = {"type": "price_deviation", "k": 0.1, "below": 0,
            "above": [{"to": 5, "per_point": 0.5}, {"to": 10, "per_point": 1},
                      {"to": None, "per_point": 2}]}  # fmt: skip
    got = points(spec_for(rule, (965, 1035)))
    assert got["B1035"] == 17.5
    # 965 is +7.2222…: 2.5 + 2.2222 × 1 = 4.7222 → 30.28
    assert got["B965"] == 30.28


def test_a_number_is_one_open_segment():
    as_number = {"type": "price_deviation", "k": 0.05, "above": 1, "below": 0.5}
    as_segments = {**as_number, "above": [{"to": None, "per_point": 1}],
                   "below": [{"to": None, "per_point": 0.5}]}  # fmt: skip
    assert points(spec_for(as_number)) == points(spec_for(as_segments))


@pytest.mark.parametrize(
    ("change", "message", "in_schema"),
    [
        ({"below": []}, "rule.below: must not be empty", True),
        ({"below": [{"to": 8, "per_point": 1}]},
         "rule.below[0].to: the last segment must have no end (null)", False),
        ({"below": [{"to": None, "per_point": 1}, {"to": None, "per_point": 2}]},
         "rule.below[0].to: only the last segment may have no end", False),
        ({"above": [{"to": 8, "per_point": 1}, {"to": 8, "per_point": 2}, {"to": None, "per_point": 1}]},
         "rule.above[1].to: must exceed the previous segment's end", False),
        ({"above": [{"to": 0, "per_point": 1}, {"to": None, "per_point": 1}]},
         "rule.above[0].to: must be greater than 0, got 0", True),
        ({"above": [{"to": None, "per_point": -1}]}, "rule.above[0].per_point: must be at least 0", True),
        ({"above": [{"to": None, "per_point": 1, "cap": 3}]}, 'rule.above[0].cap: unknown field "cap"', True),
        ({"above": ["x"]}, "rule.above[0]: must be an object", True),
        ({"deviation_decimals": 7}, "rule.deviation_decimals: must be between 0 and 6, got 7", True),
        ({"deviation_decimals": 1.5}, "rule.deviation_decimals: must be a whole number", True),
    ],
)  # fmt: skip
def test_broken_segments_are_refused_by_path(change, message, in_schema):
    rule = {"type": "price_deviation", "k": 0, "above": 1, "below": 1, **change}
    with pytest.raises(SpecError) as error:
        evaluate(spec_for(rule))
    assert str(error.value).startswith(f'criterion "price": {message}')
    if (
        in_schema
    ):  # the order and the open end of segments are beyond JSON Schema: the engine checks
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(spec_for(rule), SCHEMA, cls=jsonschema.Draft202012Validator)
