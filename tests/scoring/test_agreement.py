"""`mcda` agrees with scikit-criteria's pipelines to 1e-9 (DESIGN.md names them)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from scoring import mcda


def skcriteria_scores(method, matrix, objectives, weights):
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import MinMaxInverter, NegateMinimize
    from skcriteria.preprocessing.scalers import SumScaler, VectorScaler

    dm = skc.mkdm(matrix, objectives, weights=weights)
    if method == "wsm":
        pipe = mkpipe(MinMaxInverter(), SumScaler(target="weights"), WeightedSumModel())
    else:
        pipe = mkpipe(
            NegateMinimize(), VectorScaler(target="matrix"), SumScaler(target="weights"), TOPSIS()
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skcriteria's own deprecation notices
        rank = pipe.evaluate(dm)
    if method == "wsm":
        return np.asarray(rank.e_.score), np.asarray(rank.rank_)
    return np.asarray(rank.e_.similarity), np.asarray(rank.rank_)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("seed", range(8))
def test_mcda_matches_scikit_criteria(method, seed):
    rng = np.random.default_rng(seed)
    rows, columns = int(rng.integers(3, 40)), int(rng.integers(2, 9))
    matrix = rng.uniform(1, 100, size=(rows, columns))
    objectives = [str(o) for o in rng.choice(["min", "max"], size=columns)]
    weights = rng.uniform(0.1, 5, size=columns)
    ours = mcda(
        {
            "method": method,
            "alternatives": [f"A{i}" for i in range(rows)],
            "criteria": [f"C{j}" for j in range(columns)],
            "objectives": objectives,
            "weights": weights.tolist(),
            "matrix": matrix.tolist(),
        }
    )
    scores, ranks = skcriteria_scores(method, matrix, objectives, weights)
    assert np.allclose(ours["scores"], scores, rtol=0, atol=1e-9)
    if len(set(np.round(scores, 12))) == rows:  # compare ranks only where nothing ties
        assert ours["ranks"] == [int(r) for r in ranks]


def test_skcriteria_untied_rank_is_the_inverse_permutation():
    """Why we never use untied_rank_: for rank_ [3 1 3 2] it gives [2 4 1 3], the inverse
    permutation (positions in sorted order), not an untied version of the ranks."""
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel

    dm = skc.mkdm([[1.0], [3.0], [1.0], [2.0]], ["max"], weights=[1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rank = WeightedSumModel().evaluate(dm)
    assert list(rank.rank_) == [3, 1, 3, 2]
    assert list(rank.untied_rank_) == [2, 4, 1, 3]
