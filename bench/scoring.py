"""The scoring engine's budgets, measured side by side with scikit-criteria in one run.

- mcda 1,000 × 12 and 100,000 × 12 (WSM and TOPSIS) against the same pipelines in scikit-criteria;
  budget: 1,000 × 12 at least 5× faster than scikit-criteria.
- evaluate: 30 bids × 20 criteria × 9 members with 10,000 sensitivity samples; budget: under 30 ms.
- mcda 2,000 × 12 with 10,000 sensitivity samples (reported).

usage: uv run python bench/scoring.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring import evaluate, mcda  # noqa: E402  # after the path set-up above


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def mcda_spec(rng: np.random.Generator, rows: int, columns: int, method: str) -> dict[str, Any]:
    return {
        "method": method,
        "alternatives": [f"A{i}" for i in range(rows)],
        "criteria": [f"C{j}" for j in range(columns)],
        "objectives": ["max" if j % 3 else "min" for j in range(columns)],
        "weights": rng.uniform(0.5, 2, columns).tolist(),
        "matrix": rng.uniform(1, 100, (rows, columns)).tolist(),
    }


def skcriteria_runner(spec: dict[str, Any]) -> Callable[[], Any]:
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import MinMaxInverter, NegateMinimize
    from skcriteria.preprocessing.scalers import SumScaler, VectorScaler

    if spec["method"] == "wsm":
        pipe = mkpipe(MinMaxInverter(), SumScaler(target="weights"), WeightedSumModel())
    else:
        pipe = mkpipe(
            NegateMinimize(), VectorScaler(target="matrix"), SumScaler(target="weights"), TOPSIS()
        )

    def run() -> Any:
        # the same work as ours: from the JSON-shaped lists to ranks
        dm = skc.mkdm(spec["matrix"], spec["objectives"], weights=spec["weights"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pipe.evaluate(dm)

    return run


def tender_spec(rng: np.random.Generator, bids: int, criteria: int, members: int) -> dict[str, Any]:
    kinds = ["bands", "deduct", "per_unit", "relative", "checklist", "subjective", "subjective"]
    spec_criteria: list[dict[str, Any]] = [
        {"id": "price", "max_points": 20, "rule": {"type": "price"}}
    ]
    for j in range(1, criteria):
        kind = kinds[j % len(kinds)]
        rule: dict[str, Any] = {"type": kind}
        if kind == "bands":
            rule["bands"] = [[80, 4], [50, 2], [20, 1]]
        elif kind in {"deduct", "per_unit"}:
            rule["per_unit"] = 1
        elif kind == "relative":
            rule["better"] = "higher"
        elif kind == "checklist":
            rule["items"] = {"a": 1, "b": 1, "c": 2}
        spec_criteria.append({"id": f"c{j}", "max_points": 4, "rule": rule})
    measured = [c for c in spec_criteria[1:] if c["rule"]["type"] != "subjective"]
    subjective = [c for c in spec_criteria if c["rule"]["type"] == "subjective"]
    spec_bids = []
    for b in range(bids):
        values: dict[str, Any] = {}
        for c in measured:
            values[c["id"]] = (
                ["a", "c"] if c["rule"]["type"] == "checklist" else float(rng.uniform(0, 100))
            )
        spec_bids.append({"id": f"B{b}", "price": float(rng.uniform(1500, 3000)), "values": values})
    scores = {
        f"M{m}": {
            f"B{b}": {c["id"]: float(rng.integers(0, 5)) for c in subjective} for b in range(bids)
        }
        for m in range(members)
    }
    return {
        "criteria": spec_criteria,
        "bids": spec_bids,
        "scores": scores,
        "outliers": {"ratio": 0.3},
        "abnormally_low": {"mean_ratio": 0.5},
        "tie_break": ["price", "subjective"],
        "sensitivity": {"samples": 10000, "seed": 7, "concentration": 200},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    failed = False

    print("mcda against scikit-criteria (median ms, ours vs theirs, ratio = theirs / ours)")
    for rows in (1_000, 100_000):
        for method in ("wsm", "topsis"):
            spec = mcda_spec(rng, rows, 12, method)
            repeat = args.repeat if rows <= 1_000 else 3
            ours = median_ms(lambda spec=spec: mcda(spec), repeat)
            theirs = median_ms(skcriteria_runner(spec), repeat)
            ratio = theirs / ours
            verdict = ""
            if rows == 1_000:
                verdict = "PASS" if ratio >= 5 else "FAIL"
                failed |= verdict == "FAIL"
            print(f"  {method:<6} {rows:>7} × 12  ours {ours:9.2f}  skcriteria {theirs:9.2f}  "
                  f"×{ratio:6.1f}  {verdict and 'budget ≥ 5× ' + verdict}")  # fmt: skip

    spec = tender_spec(rng, 30, 20, 9)
    elapsed = median_ms(lambda: evaluate(spec), args.repeat)
    verdict = "PASS" if elapsed < 30 else "FAIL"
    failed |= verdict == "FAIL"
    no_sensitivity = {k: v for k, v in spec.items() if k != "sensitivity"}
    base = median_ms(lambda: evaluate(no_sensitivity), args.repeat)
    print(f"evaluate 30 bids × 20 criteria × 9 members + 10,000 samples: {elapsed:.2f} ms "
          f"(without sensitivity {base:.2f} ms)  budget < 30 ms {verdict}")  # fmt: skip

    spec = mcda_spec(rng, 2_000, 12, "topsis")
    spec["sensitivity"] = {"samples": 10000, "seed": 7}
    elapsed = median_ms(lambda: mcda(spec), 3)
    wsm = {**spec, "method": "wsm"}
    elapsed_wsm = median_ms(lambda: mcda(wsm), 3)
    print(f"mcda 2,000 × 12 with 10,000 samples: topsis {elapsed:.0f} ms, wsm {elapsed_wsm:.0f} ms")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
