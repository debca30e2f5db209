"""Robustness of a ranking to its weights: seeded Dirichlet perturbations, fully vectorised.

Weights `w_i = max_i / Σ max` are perturbed as `w' ~ Dirichlet(concentration × w)`; each sample
rescales criterion i by `w'_i / w_i` and re-ranks. Within a sample, equal totals are ordered by the
legal ranking, so each sample is a permutation and the shares of each rank sum to 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]
Totals = Callable[[Matrix], Matrix]


def additive(points: Matrix, base_weights: Matrix) -> Totals:
    """Totals for additive scores: criterion i's points rescaled by w'_i / w_i, summed."""

    def totals(draws: Matrix) -> Matrix:
        result: Matrix = (draws / base_weights) @ points.T
        return result

    return totals


def draw_weights(base_weights: Matrix, samples: int, seed: int, concentration: float) -> Matrix:
    """`samples` weight vectors from Dirichlet(concentration × w), seeded."""
    rng = np.random.default_rng(seed)
    # Dirichlet draws as normalised gamma variates: the same distribution, and faster in numpy.
    draws = rng.standard_gamma(concentration * base_weights, size=(samples, base_weights.size))
    draws /= draws.sum(axis=1, keepdims=True)
    return draws


def analyse(
    totals_of: Totals,
    base_weights: Matrix,
    legal_order: list[int],
    ids: list[str],
    *,
    samples: int,
    seed: int,
    concentration: float,
) -> dict[str, Any]:
    """`totals_of` maps weight draws (samples × criteria) to totals (samples × alternatives);
    `legal_order` lists alternative indices, best first (it settles equal totals in a sample)."""
    count = len(ids)
    draws = draw_weights(base_weights, samples, seed, concentration)
    totals = totals_of(draws)
    # Columns in legal order, then a stable sort: equal totals keep the legal order.
    legal = np.asarray(legal_order, dtype=np.int64)
    order = legal[np.argsort(-totals[:, legal], axis=1, kind="stable")]
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(count)[None, :], axis=1)  # 0-based ranks
    cells = (np.arange(count)[None, :] * count + ranks).ravel()
    acceptability = np.bincount(cells, minlength=count * count).reshape(count, count) / samples
    mean_rank = ranks.mean(axis=0) + 1
    return {
        "samples": samples,
        "first_share": {ids[i]: float(acceptability[i, 0]) for i in range(count)},
        "mean_rank": {ids[i]: float(mean_rank[i]) for i in range(count)},
        "acceptability": {ids[i]: [float(x) for x in acceptability[i]] for i in range(count)},
    }
