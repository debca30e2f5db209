"""`mcda`: ranking many alternatives on raw indicators (WSM or TOPSIS), vectorised with numpy.

Both methods agree with scikit-criteria's pipelines to 1e-9 (tests/scoring/test_agreement.py):
wsm  = MinMaxInverter → SumScaler(target="weights") → WeightedSumModel
topsis = NegateMinimize → VectorScaler(target="matrix") → SumScaler(target="weights") → TOPSIS
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._check import fail, integer, mapping, number, sequence, show, text, unknown_keys
from scoring.errors import SpecError
from scoring.sensitivity import Totals, additive, analyse

Matrix = npt.NDArray[np.float64]
METHODS = ("wsm", "topsis")


def _names(raw: Any, path: str) -> list[str]:
    items = sequence(raw, path, non_empty=True)
    if set(map(type, items)) <= {str} and all(map(str.strip, items)):
        names: list[str] = items  # the common case, checked at C speed
    else:
        names = [text(item, f"{path}[{i}]") for i, item in enumerate(items)]
    if len(set(names)) != len(names):
        duplicate = next(name for name in names if names.count(name) > 1)
        raise fail(path, f"duplicate name {show(duplicate)}")
    return names


def _matrix(raw: Any, rows: list[str], columns: int) -> Matrix:
    data = sequence(raw, "matrix")
    if len(data) != len(rows):
        raise fail("matrix", f"has {len(data)} rows for {len(rows)} alternatives")
    try:
        # Without a dtype, numpy keeps strings and None visible (a str or object array).
        parsed = np.array(data)
    except ValueError:  # ragged rows
        parsed = None
    if (
        parsed is None
        or parsed.ndim != 2
        or parsed.shape[1] != columns
        or parsed.dtype.kind not in "biuf"
    ):
        for index, row in enumerate(data):
            if not isinstance(row, list) or len(row) != columns:
                raise fail(f'matrix row {index} (alternative "{rows[index]}")',
                           f"must be a list of {columns} numbers")  # fmt: skip
            for column, value in enumerate(row):
                number(value, f'matrix row {index} (alternative "{rows[index]}"), column {column}')
        raise fail("matrix", "must hold numbers only")
    matrix: Matrix = parsed.astype(np.float64, copy=False)
    # numpy turns booleans into 0 and 1 silently; JSON's true and false are not numbers here.
    # Only a matrix holding some 0 or 1 can hide one, so only then are the types read one by one.
    if np.any((matrix == 0) | (matrix == 1)) and not set(
        map(type, itertools.chain.from_iterable(data))
    ) <= {int, float}:
        raise fail("matrix", "must hold numbers only (not true or false)")
    bad = np.argwhere(~np.isfinite(matrix))
    if bad.size:
        row, column = (int(x) for x in bad[0])
        raise fail(
            f'matrix row {row} (alternative "{rows[row]}"), column {column}',
            f"must be a finite number, got {matrix[row, column]!r}",
        )
    return matrix


def normalise_weights(raw: Any, count: int) -> npt.NDArray[np.float64]:
    weights = sequence(raw, "weights", non_empty=True)
    if len(weights) != count:
        raise fail("weights", f"has {len(weights)} entries for {count} criteria")
    array = np.array([number(w, f"weights[{i}]", minimum=0) for i, w in enumerate(weights)])
    if array.sum() <= 0:
        raise fail("weights", "are all zero")
    normalised: Matrix = array / array.sum()
    return normalised


def wsm_scores_by_criterion(matrix: Matrix, maximise: npt.NDArray[np.bool_]) -> Matrix:
    """Min-max normalisation per criterion, oriented so that higher is better; constant → 0."""
    low, high = matrix.min(axis=0), matrix.max(axis=0)
    span = high - low
    safe = np.where(span == 0, 1.0, span)
    scaled: Matrix = np.where(maximise, (matrix - low) / safe, (high - matrix) / safe)
    scaled[:, span == 0] = 0.0  # a constant criterion separates nothing
    return scaled


def wsm_scores(matrix: Matrix, maximise: npt.NDArray[np.bool_], weights: Matrix) -> Matrix:
    result: Matrix = wsm_scores_by_criterion(matrix, maximise) @ weights
    return result


def topsis_scores(matrix: Matrix, maximise: npt.NDArray[np.bool_], weights: Matrix) -> Matrix:
    norms = np.sqrt(np.einsum("ij,ij->j", matrix, matrix))
    weighted = matrix * (weights / np.where(norms == 0, 1.0, norms))
    high, low = weighted.max(axis=0), weighted.min(axis=0)
    gap = weighted - np.where(maximise, high, low)
    to_ideal = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    gap = weighted - np.where(maximise, low, high)
    to_anti = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    both = to_ideal + to_anti
    result: Matrix = np.divide(to_anti, both, out=np.zeros_like(both), where=both > 0)
    return result


def competition_ranks(scores: Matrix) -> list[int]:
    """1 for the highest score; equal scores share a rank (1, 2, 2, 4)."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(scores.size, dtype=np.int64)
    sorted_scores = scores[order]
    first = np.r_[True, sorted_scores[1:] != sorted_scores[:-1]]
    positions = np.arange(1, scores.size + 1)
    ranks[order] = np.maximum.accumulate(np.where(first, positions, 0))
    result: list[int] = ranks.tolist()
    return result


def mcda(spec: Any) -> dict[str, Any]:
    """Rank alternatives on a raw decision matrix; see docs/scoring-format.md."""
    data = mapping(spec, "spec")
    unknown_keys(
        data,
        {"method", "alternatives", "criteria", "objectives", "weights", "matrix", "sensitivity"},
        "spec",
    )
    method = data.get("method")
    if method not in METHODS:
        raise fail("method", f'must be "wsm" or "topsis", got {show(method)}')
    alternatives = _names(data.get("alternatives"), "alternatives")
    criteria = _names(data.get("criteria"), "criteria")
    objectives = sequence(data.get("objectives"), "objectives")
    if len(objectives) != len(criteria):
        raise fail("objectives", f"has {len(objectives)} entries for {len(criteria)} criteria")
    for index, objective in enumerate(objectives):
        if objective not in {"min", "max"}:
            raise fail(f'objectives[{index}] (criterion "{criteria[index]}")',
                       f'must be "min" or "max", got {show(objective)}')  # fmt: skip
    maximise = np.array([objective == "max" for objective in objectives])
    weights = normalise_weights(data.get("weights"), len(criteria))
    matrix = _matrix(data.get("matrix"), alternatives, len(criteria))
    scorer = wsm_scores if method == "wsm" else topsis_scores
    scores = scorer(matrix, maximise, weights)
    result: dict[str, Any] = {
        "scores": scores.tolist(),
        "ranks": competition_ranks(scores),
    }
    if data.get("sensitivity") is not None:
        raw = mapping(data["sensitivity"], "sensitivity")
        unknown_keys(raw, {"samples", "seed", "concentration"}, "sensitivity")
        samples = integer(
            raw.get("samples", 10000), "sensitivity.samples", minimum=1, maximum=1_000_000
        )
        seed = integer(raw.get("seed", 0), "sensitivity.seed", minimum=0, maximum=2**63 - 1)
        concentration = number(
            raw.get("concentration", 200), "sensitivity.concentration", positive=True
        )
        if np.any(weights == 0):
            raise SpecError("sensitivity: every weight must be positive to perturb them")
        if method == "wsm":  # linear in the weights: rescale each criterion's contribution
            totals_of = additive(wsm_scores_by_criterion(matrix, maximise) * weights, weights)
        else:
            totals_of = _topsis_totals(matrix, maximise)
        legal = list(np.argsort(-scores, kind="stable"))
        result["sensitivity"] = analyse(
            totals_of,
            weights,
            [int(i) for i in legal],
            alternatives,
            samples=samples,
            seed=seed,
            concentration=concentration,
        )
    return result


def _topsis_totals(matrix: Matrix, maximise: npt.NDArray[np.bool_]) -> Totals:
    """TOPSIS closeness for every weight draw at once, exactly, with two matrix products."""
    norms = np.sqrt((matrix**2).sum(axis=0))
    scaled = matrix / np.where(norms == 0, 1.0, norms)
    high, low = scaled.max(axis=0), scaled.min(axis=0)
    ideal = np.where(maximise, high, low)
    anti = np.where(maximise, low, high)
    gap_ideal = (scaled - ideal) ** 2  # (alternatives × criteria), before weighting
    gap_anti = (scaled - anti) ** 2

    def totals(draws: Matrix) -> Matrix:
        # (w·x − w·ideal)² = w² (x − ideal)²: squared distances are linear in the squared weights.
        squared = draws**2
        to_ideal = np.sqrt(squared @ gap_ideal.T)
        to_anti = np.sqrt(squared @ gap_anti.T)
        both = to_ideal + to_anti
        result: Matrix = np.divide(to_anti, both, out=np.zeros_like(both), where=both > 0)
        return result

    return totals
