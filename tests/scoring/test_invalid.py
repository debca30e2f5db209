"""Every way a hand-made spec can be wrong is refused with a message naming the place."""

from __future__ import annotations

import math

import pytest

from scoring import ScoringError, SpecError, evaluate, mcda


def broken(spec, change):
    change(spec)
    with pytest.raises(SpecError) as error:
        evaluate(spec)
    return str(error.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s["bids"][0]["values"].pop("solvency"), 'bid "B1": values: missing a value for criterion "solvency"'),
        (lambda s: s["bids"][0]["values"].update(solvency="abc"), 'bid "B1": values.solvency: must be a number, got "abc"'),
        (lambda s: s["bids"][0]["values"].update(solvency=True), "must be a number, got True"),
        (lambda s: s["bids"][0]["values"].update(solvency=math.nan), "must be a finite number"),
        (lambda s: s["bids"][0]["values"].update(vehicles=-1), 'bid "B1": values.vehicles: must be at least 0'),
        (lambda s: s["bids"][0].update(price=0), 'bid "B1": price: must be greater than 0'),
        (lambda s: s["bids"][1].update(price=-5), 'bid "B2": price: must be greater than 0, got -5'),
        (lambda s: s["bids"][1].pop("price"), 'bid "B2": price: must be a number, got None'),
        (lambda s: s["bids"][1].update(id="B1"), 'bid "B1": duplicate id'),
        (lambda s: s["criteria"][1].update(id="price"), 'criterion "price": duplicate id'),
        (lambda s: s["bids"][0]["values"].update(colour=1), 'bid "B1": values: unknown or non-measured criterion "colour"'),
        (lambda s: s["bids"][0]["values"].update(platform=["drone"]), 'values.platform: unknown checklist item "drone"'),
        (lambda s: s["bids"][0]["values"].update(platform=["iot", "iot"]), "lists an item twice"),
        (lambda s: s["scores"]["M2"]["B1"].update(claims_plan=7), 'member "M2", bid "B1", criterion "claims_plan": 7 is not one of the levels 8, 6, 4, 0'),
        (lambda s: s["scores"]["M2"]["B1"].update(risk_service=12.5), 'member "M2", bid "B1", criterion "risk_service": 12.5 exceeds max_points 12'),
        (lambda s: s["scores"]["M2"]["B1"].update(risk_service=-1), "must be at least 0"),
        (lambda s: s["scores"]["M2"].pop("B3"), 'member "M2": did not score bid "B3"'),
        (lambda s: s["scores"]["M2"]["B3"].pop("claims_plan"), 'member "M2", bid "B3", criterion "claims_plan": missing points'),
        (lambda s: s["scores"]["M2"].update(B7={}), 'member "M2": scores an unknown bid "B7"'),
        (lambda s: s["scores"]["M2"]["B1"].update(solvency=3), 'unknown or objective criterion "solvency"'),
        (lambda s: s.update(scores={}), "scores: no member scored the subjective criteria"),
        (lambda s: s.update(bids=[]), "bids: must not be empty"),
        (lambda s: [b.update(compliant=False) for b in s["bids"]], "every bid is excluded"),
        (lambda s: s["bids"][0].update(compliant="yes"), 'bid "B1": compliant: must be true or false'),
        (lambda s: s["criteria"][2]["rule"].update(type="magic"), 'criterion "penalties": rule.type: must be one of'),
        (lambda s: s["criteria"][1]["rule"].update(bands=[[100, 3], [225, 10]]), "bands must be listed from the highest threshold down"),
        (lambda s: s["criteria"][1]["rule"].update(bands=[[225, 11]]), "11 points exceed max_points 10"),
        (lambda s: s["criteria"][2].update(max_points=0), 'criterion "penalties": max_points: must be greater than 0'),
        (lambda s: s["criteria"][2].update(maxpoints=6), 'criterion "penalties": unknown field "maxpoints"'),
        (lambda s: s.update(replacements=[{"member": "M9", "bid": "B1"}]), 'replacements[0]: unknown member "M9"'),
        (lambda s: s.update(replacements=[{"member": "M1", "bid": "B9"}]), 'replacements[0]: unknown or excluded bid "B9"'),
        (lambda s: s.update(tie_break=["age"]), 'tie_break: keys are "price" or "subjective", got "age"'),
        (lambda s: s.update(decimals=9), "decimals: must be between 0 and 6"),
        (lambda s: s.update(sensitivity={"samples": 0}), "sensitivity.samples: must be between 1"),
        (lambda s: s.update(outliers={"ratio": -1}), "outliers.ratio: must be at least 0"),
        (lambda s: s.update(abnormally_low={"mean_ratio": 0}), "abnormally_low.mean_ratio: must be greater than 0"),
        (lambda s: s["criteria"][0].update(rule={"type": "price_deviation", "k": 0.05, "above": 1}), "below: must be a number"),
        (lambda s: s["criteria"][0].update(rule={"type": "price_deviation", "k": 0.05, "above": 1, "below": 1,
                                                  "trim": {"min_bids": 2, "drop_high": 1, "drop_low": 1}}), "must exceed drop_high + drop_low"),
    ],
)  # fmt: skip
def test_bad_evaluate_specs_are_named(spec, change, expected):
    message = broken(spec, change)
    assert expected in message


def test_a_non_object_spec_is_refused():
    with pytest.raises(SpecError, match="spec: must be an object"):
        evaluate([1, 2])


def test_errors_share_one_base_class():
    assert issubclass(SpecError, ScoringError) and issubclass(ScoringError, ValueError)


MCDA = {
    "method": "topsis",
    "alternatives": ["U1", "U2"],
    "criteria": ["entrapment_rate", "first_pass_rate"],
    "objectives": ["min", "max"],
    "weights": [0.4, 0.6],
    "matrix": [[0.8, 96.5], [1.2, 99.0]],
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"method": "ahp"}, 'method: must be "wsm" or "topsis"'),
        ({"weights": [-1, 2]}, "weights[0]: must be at least 0"),
        ({"weights": [0, 0]}, "weights: are all zero"),
        ({"weights": [1]}, "weights: has 1 entries for 2 criteria"),
        ({"objectives": ["min", "best"]}, 'objectives[1] (criterion "first_pass_rate"): must be "min" or "max"'),
        ({"matrix": [[0.8, 96.5]]}, "matrix: has 1 rows for 2 alternatives"),
        ({"matrix": [[0.8, 96.5], [1.2]]}, 'matrix row 1 (alternative "U2"): must be a list of 2 numbers'),
        ({"matrix": [[0.8, math.nan], [1.2, 99.0]]}, 'matrix row 0 (alternative "U1"), column 1: must be a finite number'),
        ({"matrix": [[0.8, math.inf], [1.2, 99.0]]}, "must be a finite number"),
        ({"matrix": [[0.8, "x"], [1.2, 99.0]]}, 'column 1: must be a number, got "x"'),
        ({"matrix": [[0.8, "96.5"], [1.2, 99.0]]}, 'column 1: must be a number, got "96.5"'),
        ({"matrix": [[0.8, True], [1.2, 99.0]]}, "matrix: must hold numbers only (not true or false)"),
        ({"matrix": [[0.8, None], [1.2, 99.0]]}, "column 1: must be a number, got None"),
        ({"alternatives": ["U1", "U1"]}, 'alternatives: duplicate name "U1"'),
        ({"criteria": []}, "criteria: must not be empty"),
    ],
)  # fmt: skip
def test_bad_mcda_specs_are_named(change, expected):
    with pytest.raises(SpecError) as error:
        mcda({**MCDA, **change})
    assert expected in str(error.value)
