"""The command line, the weights helpers, and the engine's lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from scoring import ConsistencyError, SpecError, ahp_weights, objective_weights
from tests.scoring.conftest import BASE


def run(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args], input=stdin, capture_output=True, text=True
    )


def test_cli_evaluates_a_file(tmp_path):
    path = tmp_path / "tender.json"
    path.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8")
    done = run("evaluate", str(path))
    assert done.returncode == 0, done.stderr
    assert [r["bid"] for r in json.loads(done.stdout)["ranking"]][0] in {"B1", "B2"}


def test_cli_reads_stdin_for_mcda():
    spec = {"method": "wsm", "alternatives": ["U1", "U2"], "criteria": ["a"],
            "objectives": ["max"], "weights": [1], "matrix": [[1], [2]]}  # fmt: skip
    done = run("mcda", "-", stdin=json.dumps(spec))
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"scores": [0.0, 1.0], "ranks": [2, 1]}


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ("{not json", "invalid JSON"),
        ('{"bids": [], "criteria": [{"id": "p", "max_points": NaN, "rule": {"type": "price"}}]}', "NaN is not valid JSON"),
        (json.dumps({**BASE, "bids": []}), "bids: must not be empty"),
    ],
)  # fmt: skip
def test_cli_reports_bad_input_on_one_line_with_status_2(stdin, expected):
    done = run("evaluate", "-", stdin=stdin)
    assert done.returncode == 2
    assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_cli_reports_a_missing_file():
    done = run("evaluate", "/no/such/file.json")
    assert done.returncode == 2 and "cannot read" in done.stderr


def test_ahp_weights_of_a_consistent_matrix():
    # b is twice as important as a, c four times: weights 1/7, 2/7, 4/7 exactly
    result = ahp_weights(
        {"criteria": ["a", "b", "c"], "matrix": [[1, 0.5, 0.25], [2, 1, 0.5], [4, 2, 1]]}
    )
    assert result["weights"] == pytest.approx({"a": 1 / 7, "b": 2 / 7, "c": 4 / 7})
    assert result["consistency_ratio"] == pytest.approx(0, abs=1e-9)


def test_ahp_refuses_inconsistent_or_malformed_judgements():
    with pytest.raises(ConsistencyError, match=r"consistency ratio [0-9.]+ exceeds 0.1"):
        ahp_weights(
            {"criteria": ["a", "b", "c"], "matrix": [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]}
        )
    with pytest.raises(SpecError, match="must be reciprocal"):
        ahp_weights({"criteria": ["a", "b"], "matrix": [[1, 3], [3, 1]]})
    with pytest.raises(SpecError, match="must be 2×2"):
        ahp_weights({"criteria": ["a", "b"], "matrix": [[1, 3]]})


@pytest.mark.parametrize("method", ["entropy", "critic"])
def test_objective_weights_favour_the_criterion_that_separates(method):
    result = objective_weights(
        {
            "method": method,
            "criteria": ["spread", "flat"],
            "objectives": ["max", "min"],
            "matrix": [[1, 10], [50, 10.1], [99, 10.2], [20, 10.05]],
        }
    )
    weights = result["weights"]
    assert abs(sum(weights.values()) - 1) < 1e-9
    assert all(w >= 0 for w in weights.values())


def test_importing_the_engine_does_not_import_scikit_criteria():
    code = "import sys, scoring; print(sorted(m for m in ('skcriteria', 'pandas', 'matplotlib') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
