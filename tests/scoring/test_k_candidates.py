"""下浮系数 K drawn at opening (issue 14 §2): `k_candidates` in the engine contract, hand-computed."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scoring import SpecError, evaluate, rule_problems

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs/schemas/evaluate.schema.json").read_text("utf-8")
)
PRICES = (800_000, 900_000, 960_000, 1_020_000, 1_065_000, 1_200_000)
DRAWN = {"type": "price_deviation", "k_candidates": [0.02, 0.03, 0.05], "above": 1, "below": 1,
         "trim": {"min_bids": 5, "drop_high": 1, "drop_low": 1}, "deviation_decimals": 2}  # fmt: skip


def spec_for(rule):
    return {
        "criteria": [{"id": "price", "max_points": 35, "rule": rule}],
        "bids": [{"id": f"B{p}", "price": p} for p in PRICES],
    }


def test_the_drawn_k_lowers_the_benchmark_as_the_docs_work_it_out():
    # trimmed mean 986,250 (docs/scoring-format.md); K = 0.03 drawn: benchmark 956,662.5.
    # 900,000: d = −5.9229… → −5.92 → 35 − 5.92 = 29.08; 960,000: +0.35 → 34.65;
    # 1,020,000: +6.6207… → +6.62 → 28.38
    spec = spec_for({**DRAWN, "k": 0.03})
    jsonschema.validate(spec, SCHEMA, cls=jsonschema.Draft202012Validator)
    points = {r["bid"]: r["points"]["price"] for r in evaluate(spec)["ranking"]}
    assert points["B900000"] == 29.08
    assert points["B960000"] == 34.65
    assert points["B1020000"] == 28.38


def test_the_same_rule_with_a_fixed_k_gives_the_same_points():
    drawn = evaluate(spec_for({**DRAWN, "k": 0.05}))
    fixed = {key: value for key, value in DRAWN.items() if key != "k_candidates"}
    assert evaluate(spec_for({**fixed, "k": 0.05}))["ranking"] == drawn["ranking"]


def test_a_rule_waiting_for_its_draw_is_valid_but_cannot_be_scored():
    assert rule_problems(DRAWN, 35) == []
    with pytest.raises(SpecError, match=r'criterion "price".*k: not drawn'):
        evaluate(spec_for(DRAWN))


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"k_candidates": [0.02, 1.5]}, [("too_large", "k_candidates[1]")]),
        ({"k_candidates": [0.02, -0.01]}, [("too_small", "k_candidates[1]")]),
        ({"k_candidates": [0.02, 0.02]}, [("duplicate", "k_candidates[1]")]),
        ({"k_candidates": []}, [("empty", "k_candidates")]),
        ({"k_candidates": "0.02"}, [("not_list", "k_candidates")]),
        ({"k_candidates": [0.02, "x"]}, [("not_number", "k_candidates[1]")]),
        ({"k_candidates": [i / 1000 for i in range(101)]}, [("too_many", "k_candidates")]),
        ({"k_candidates": [0.02, 0.03], "k": 0.04}, [("not_candidate", "k")]),
    ],
)
def test_bad_candidates_are_named(rule, expected):
    base = {key: value for key, value in DRAWN.items() if key != "k_candidates"}
    found = rule_problems({**base, **rule}, 35)
    assert [(p["code"], p["path"]) for p in found] == expected


def test_a_drawn_k_outside_the_candidates_is_refused():
    with pytest.raises(SpecError, match=r"k: must be one of k_candidates, got 0.04"):
        evaluate(spec_for({**DRAWN, "k": 0.04}))


def test_every_spec_without_candidates_keeps_its_meaning():
    rule = {"type": "price_deviation", "k": 0, "above": 1, "below": 1}
    assert rule_problems(rule, 35) == []
    with pytest.raises(SpecError, match="k: must be a number"):
        evaluate(spec_for({"type": "price_deviation", "above": 1, "below": 1}))
