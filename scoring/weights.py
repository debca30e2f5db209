"""Weights for a committee: AHP pairwise comparisons (with Saaty's consistency ratio), and the
objective entropy and CRITIC weights of a decision matrix (through scikit-criteria, imported lazily)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from scoring._check import fail, mapping, number, sequence, text, unknown_keys
from scoring.errors import ConsistencyError
from scoring.mcda import _matrix, _names

# Saaty's random consistency index by matrix order (1 and 2 are always consistent).
RANDOM_INDEX = (
    0.0,
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
MAX_CR = 0.1


def ahp_weights(spec: Any) -> dict[str, Any]:
    """`{"criteria": [...], "matrix": n×n reciprocal judgements}` → weights, λmax, CI, CR.

    Refuses a matrix whose consistency ratio exceeds 0.1, naming the ratio."""
    data = mapping(spec, "spec")
    unknown_keys(data, {"criteria", "matrix"}, "spec")
    criteria = _names(data.get("criteria"), "criteria")
    n = len(criteria)
    if n > len(RANDOM_INDEX) - 1:
        raise fail("criteria", f"AHP supports at most {len(RANDOM_INDEX) - 1} criteria")
    rows = sequence(data.get("matrix"), "matrix")
    if len(rows) != n or any(not isinstance(r, list) or len(r) != n for r in rows):
        raise fail("matrix", f"must be {n}×{n}, one row and column per criterion")
    matrix = np.array(
        [[number(v, f'matrix["{criteria[i]}"]["{criteria[j]}"]', positive=True) for j, v in enumerate(row)]
         for i, row in enumerate(rows)]
    )  # fmt: skip
    for i in range(n):
        if abs(matrix[i, i] - 1) > 1e-9:
            raise fail(f'matrix["{criteria[i]}"]["{criteria[i]}"]', "must be 1")
        for j in range(i + 1, n):
            if abs(matrix[i, j] * matrix[j, i] - 1) > 1e-6:
                raise fail(
                    f'matrix["{criteria[i]}"]["{criteria[j]}"]',
                    f"and its mirror must be reciprocal, got {matrix[i, j]:g} and {matrix[j, i]:g}",
                )
    values, vectors = np.linalg.eig(matrix)
    principal = int(np.argmax(values.real))
    weights = np.abs(vectors[:, principal].real)
    weights = weights / weights.sum()
    lambda_max = float(values[principal].real)
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    cr = ci / RANDOM_INDEX[n] if n > 2 else 0.0
    if cr > MAX_CR:
        raise ConsistencyError(
            f"matrix: consistency ratio {cr:.3f} exceeds {MAX_CR}; revise the comparisons "
            "(some judgements contradict each other)"
        )
    return {
        "weights": {criterion: float(w) for criterion, w in zip(criteria, weights, strict=True)},
        "lambda_max": lambda_max,
        "consistency_index": ci,
        "consistency_ratio": cr,
    }


def objective_weights(spec: Any) -> dict[str, Any]:
    """`{"method": "entropy"|"critic", "criteria", "objectives", "matrix"}` → weights per criterion."""
    data = mapping(spec, "spec")
    unknown_keys(data, {"method", "alternatives", "criteria", "objectives", "matrix"}, "spec")
    method = text(data.get("method"), "method")
    if method not in {"entropy", "critic"}:
        raise fail("method", f'must be "entropy" or "critic", got "{method}"')
    criteria = _names(data.get("criteria"), "criteria")
    objectives = sequence(data.get("objectives"), "objectives")
    if len(objectives) != len(criteria) or any(o not in {"min", "max"} for o in objectives):
        raise fail("objectives", 'must give "min" or "max" for every criterion')
    rows = sequence(data.get("matrix"), "matrix", non_empty=True)
    names = data.get("alternatives") or [f"A{i}" for i in range(len(rows))]
    matrix = _matrix(rows, [str(n) for n in names], len(criteria))
    if matrix.shape[0] < 2:
        raise fail("matrix", "needs at least two alternatives")

    import skcriteria as skc  # lazily: it pulls in pandas and matplotlib
    from skcriteria.preprocessing.invert_objectives import MinMaxInverter
    from skcriteria.preprocessing.weighters import CRITIC, EntropyWeighter

    dm = skc.mkdm(matrix, objectives, criteria=criteria)
    with warnings.catch_warnings():
        # constant criteria are reported as zero weight; skcriteria warns about them as well
        warnings.simplefilter("ignore", UserWarning)
        if method == "entropy":
            weighted = EntropyWeighter().transform(MinMaxInverter().transform(dm))
        else:
            weighted = CRITIC().transform(MinMaxInverter().transform(dm))
    weights = np.nan_to_num(np.asarray(weighted.weights, dtype=np.float64))
    total = weights.sum()
    if total <= 0:
        raise fail("matrix", "every criterion is constant: no objective weights")
    return {"weights": {c: float(w / total) for c, w in zip(criteria, weights, strict=True)}}
