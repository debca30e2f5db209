"""The documented examples validate against the schemas and give the numbers the document states."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scoring import evaluate, mcda

DOCS = Path(__file__).resolve().parents[2] / "docs"


def load(name):
    return json.loads((DOCS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["evaluate", "mcda"])
def test_examples_validate_against_their_schema(kind):
    schema = load(f"schemas/{kind}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(load(f"examples/{kind}.json"), schema, cls=jsonschema.Draft202012Validator)


def test_results_validate_against_the_result_schema(spec_with_everything):
    schema = load("schemas/evaluate-result.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    for spec in (load("examples/evaluate.json"), spec_with_everything):
        result = evaluate(spec)
        jsonschema.validate(result, schema, cls=jsonschema.Draft202012Validator)


def test_the_result_schema_refuses_the_old_outlier_row():
    schema = load("schemas/evaluate-result.schema.json")
    result = evaluate(load("examples/evaluate.json"))
    result["outliers"][0]["others_mean"] = result["outliers"][0].pop("others_median")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(result, schema, cls=jsonschema.Draft202012Validator)


@pytest.fixture
def spec_with_everything(spec):
    spec["outliers"] = {"ratio": 0.3}
    spec["abnormally_low"] = {"mean_ratio": 0.9}
    spec["sensitivity"] = {"samples": 200, "seed": 1}
    return spec


def test_the_schema_refuses_what_the_engine_refuses():
    schema = load("schemas/evaluate.schema.json")
    bad = load("examples/evaluate.json")
    bad["bids"][0]["price"] = -5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


def test_the_worked_example_gives_the_documented_numbers():
    result = evaluate(load("examples/evaluate.json"))
    a, b = result["ranking"]
    assert (a["bid"], a["rank"], a["total"]) == ("A", 1, 93.33)
    assert a["points"] == {"price": 40.0, "solvency": 30.0, "plan": 23.33}
    assert (b["bid"], b["rank"], b["total"]) == ("B", 2, 73.67)
    assert b["points"] == {"price": 32.0, "solvency": 15.0, "plan": 26.67}
    assert result["excluded"] == [{"bid": "C", "reason": "资格性审查不合格"}]
    assert result["outliers"] == [
        {"member": "M2", "bid": "A", "criterion": "plan", "points": 30.0, "others_median": 20.0},
        {"member": "M3", "bid": "B", "criterion": "plan", "points": 20.0, "others_median": 30.0},
    ]


def test_the_mcda_example_gives_the_documented_numbers():
    result = mcda(load("examples/mcda.json"))
    assert result["scores"] == pytest.approx([0.4, 0.6])
    assert result["ranks"] == [2, 1]
