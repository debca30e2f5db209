"""The one rule validator: coded problems, the same verdict as the engine's own parsing."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import SpecError, evaluate, rule_problems
from scoring.rulecheck import CODES, RULE_TYPES
from tests.scoring.conftest import BASE


def codes(rule, max_points=10):
    return [(p["code"], p["path"]) for p in rule_problems(rule, max_points)]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"type": "price"}, []),
        ({"type": "bands", "bands": [[225, 10], [200, 7]]}, []),
        ([1, 2], [("not_object", "")]),
        ({"type": "magic"}, [("unknown_type", "type")]),
        ({"type": "price", "colour": "red"}, [("unknown_field", "colour")]),
        ({"type": "bands"}, [("not_list", "bands")]),
        ({"type": "bands", "bands": []}, [("empty", "bands")]),
        ({"type": "bands", "bands": [5]}, [("not_list", "bands[0]")]),
        ({"type": "bands", "bands": [[1, 2, 3]]}, [("not_pair", "bands[0]")]),
        ({"type": "bands", "bands": [["x", 2]]}, [("not_number", "bands[0][0]")]),
        ({"type": "bands", "bands": [[1, -2]]}, [("too_small", "bands[0][1]")]),
        ({"type": "bands", "bands": [[100, 3], [225, 12]]},
         [("too_large", "bands[1][1]"), ("band_order", "bands[1]")]),
        ({"type": "bands", "bands": [[1, float("nan")]]}, [("not_finite", "bands[0][1]")]),
        ({"type": "bands", "bands": [[10**400, 1]]}, [("not_finite", "bands[0][0]")]),
        ({"type": "deduct", "per_unit": 0}, [("not_positive", "per_unit")]),
        ({"type": "per_unit", "per_unit": True}, [("not_number", "per_unit")]),
        ({"type": "relative", "better": "up"}, [("not_better", "better")]),
        ({"type": "checklist", "items": []}, [("not_object", "items")]),
        ({"type": "checklist", "items": {}}, [("empty", "items")]),
        ({"type": "checklist", "items": {"iot": 0, " ": 1}},
         [("not_positive", "items.iot"), ("not_text", "items")]),
        ({"type": "subjective"}, []),
        ({"type": "subjective", "levels": []}, [("empty", "levels")]),
        ({"type": "subjective", "levels": [12, -1]}, [("too_large", "levels[0]"), ("too_small", "levels[1]")]),
        ({"type": "price_deviation", "k": 1, "above": 1, "below": -1},
         [("too_large", "k"), ("too_small", "below")]),
        ({"type": "price_deviation", "k": 0, "above": 1, "below": 1, "trim": {"min_bids": 2, "drop_high": 1, "drop_low": 1}},
         [("trim_too_few", "trim.min_bids")]),
        ({"type": "price_deviation", "k": 0, "above": 1, "below": 1, "trim": {"min_bids": 2.5, "drop_high": 1, "drop_low": 0, "x": 1}},
         [("unknown_field", "trim.x"), ("not_whole", "trim.min_bids")]),
        ({"type": "price_deviation", "k": 0, "above": [], "deviation_decimals": -1,
          "below": [{"to": 8, "per_point": 1}, {"to": 4, "per_point": "2"}]},
         [("empty", "above"), ("not_number", "below[1].per_point"), ("open_end", "below[1].to"),
          ("segment_order", "below[1].to"), ("out_of_range", "deviation_decimals")]),
        ({"type": "price_deviation", "k": 0, "above": 1,
          "below": [{"to": None, "per_point": 1}, 3, {"to": None, "per_point": 4, "x": 0}]},
         [("open_end", "below[0].to"), ("not_object", "below[1]"), ("unknown_field", "below[2].x")]),
    ],
)  # fmt: skip
def test_each_broken_rule_has_its_code_and_path(rule, expected):
    assert codes(rule) == expected
    assert all(p["code"] in CODES and p["message"] for p in rule_problems(rule, 10))


def _evaluate_with(rule, max_points=10):
    spec = copy.deepcopy(BASE)
    spec["criteria"][1].update(rule=rule, max_points=max_points)
    return evaluate(spec)


def test_the_engine_refuses_a_rule_with_the_first_problem_and_its_path():
    rule = {"type": "bands", "bands": [[100, 3], [225, 12]]}
    with pytest.raises(SpecError) as error:
        _evaluate_with(rule)
    assert str(error.value) == (
        'criterion "solvency": rule.bands[1][1]: 12 points exceed max_points 10'
    )


numbers = st.one_of(
    st.integers(-5, 300), st.floats(allow_nan=True, allow_infinity=True), st.just("7"), st.none()
)
segments = st.lists(
    st.fixed_dictionaries(
        {"to": st.one_of(st.none(), numbers), "per_point": numbers},
        optional={"x": st.just(1)},
    ),
    max_size=3,
)
rules = st.fixed_dictionaries(
    {"type": st.sampled_from(RULE_TYPES)},
    optional={
        "bands": st.lists(st.lists(numbers, min_size=1, max_size=3), max_size=4),
        "per_unit": numbers,
        "better": st.sampled_from(["higher", "lower", "up"]),
        "items": st.dictionaries(st.sampled_from(["iot", "paperless", ""]), numbers, max_size=3),
        "levels": st.lists(numbers, max_size=4),
        "k": numbers,
        "k_candidates": st.one_of(st.lists(numbers, max_size=3), st.just([0.02, 0.03])),
        "above": st.one_of(numbers, segments),
        "below": st.one_of(numbers, segments),
        "deviation_decimals": st.one_of(st.integers(-1, 7), st.just(1.5)),
    },
)


@given(rules)
def test_the_engine_accepts_exactly_the_rules_without_problems(rule):
    spec = copy.deepcopy(BASE)
    criterion = spec["criteria"][1]
    criterion["rule"] = rule
    if rule["type"] == "subjective":
        spec["bids"] = [{**b, "values": {k: v for k, v in b["values"].items() if k != "solvency"}}
                        for b in spec["bids"]]  # fmt: skip
        for sheet in spec["scores"].values():
            for row in sheet.values():
                row["solvency"] = 0
    elif rule["type"] in {"price", "price_deviation"}:
        for bid in spec["bids"]:
            bid["values"].pop("solvency", None)
    elif rule["type"] == "checklist":
        for bid in spec["bids"]:
            bid["values"]["solvency"] = []
    problems = rule_problems(rule, criterion["max_points"])
    try:
        evaluate(spec)
    except SpecError as error:
        rule_error = 'criterion "solvency": rule' in str(error)
        # the one valid rule the engine cannot score: K to be drawn from k_candidates, not drawn
        undrawn = rule["type"] == "price_deviation" and "k_candidates" in rule and "k" not in rule
        assert rule_error == bool(problems or undrawn), (str(error), problems)
    else:
        assert problems == []
