"""Invariants of the engine, checked with Hypothesis on generated tenders."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import evaluate, mcda
from tests.scoring.conftest import BASE

prices = st.lists(st.integers(min_value=500, max_value=5000), min_size=3, max_size=3)
points = st.lists(st.integers(min_value=0, max_value=12), min_size=9, max_size=9)


def tender(price_list, risk_points, *, sensitivity=False):
    spec = copy.deepcopy(BASE)
    for bid, price in zip(spec["bids"], price_list, strict=True):
        bid["price"] = price
    for m, member in enumerate(spec["scores"].values()):
        for b, bid in enumerate(("B1", "B2", "B3")):
            member[bid]["risk_service"] = risk_points[m * 3 + b]
    if sensitivity:
        spec["sensitivity"] = {"samples": 500, "seed": 3, "concentration": 50}
    return spec


@settings(max_examples=60, deadline=None)
@given(prices, points)
def test_the_ranking_is_a_permutation_of_the_compliant_bids(price_list, risk_points):
    result = evaluate(tender(price_list, risk_points))
    assert sorted(r["bid"] for r in result["ranking"]) == ["B1", "B2", "B3"]
    ranks = [r["rank"] for r in result["ranking"]]
    assert ranks == sorted(ranks) and ranks[0] == 1


@settings(max_examples=60, deadline=None)
@given(prices, points, st.integers(min_value=0, max_value=2), st.integers(min_value=0, max_value=2))
def test_raising_subjective_points_never_lowers_a_rank(price_list, risk_points, member, bid):
    before = evaluate(tender(price_list, risk_points))
    raised = list(risk_points)
    raised[member * 3 + bid] = min(12, raised[member * 3 + bid] + 3)
    after = evaluate(tender(price_list, raised))
    bid_id = f"B{bid + 1}"
    rank_before = next(r["rank"] for r in before["ranking"] if r["bid"] == bid_id)
    rank_after = next(r["rank"] for r in after["ranking"] if r["bid"] == bid_id)
    assert rank_after <= rank_before


@settings(max_examples=60, deadline=None)
@given(prices, points, st.integers(min_value=2, max_value=9))
def test_scaling_every_price_leaves_price_points_unchanged(price_list, risk_points, factor):
    one = evaluate(tender(price_list, risk_points))
    scaled = evaluate(tender([p * factor for p in price_list], risk_points))
    assert {r["bid"]: r["points"]["price"] for r in one["ranking"]} == {
        r["bid"]: r["points"]["price"] for r in scaled["ranking"]
    }


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=500, max_value=5000), st.integers(min_value=0, max_value=12))
def test_identical_bids_get_identical_ranks(price, risk):
    spec = tender([price] * 3, [risk] * 9)
    for bid in spec["bids"]:
        bid["values"] = dict(spec["bids"][0]["values"])
    for member in spec["scores"].values():
        for bid in ("B2", "B3"):
            member[bid] = dict(member["B1"])
    result = evaluate(spec)
    assert {r["rank"] for r in result["ranking"]} == {1}
    assert all(r["tie"] for r in result["ranking"])


@settings(max_examples=30, deadline=None)
@given(prices, points)
def test_sensitivity_shares_sum_to_one_and_repeat_with_the_seed(price_list, risk_points):
    spec = tender(price_list, risk_points, sensitivity=True)
    first = evaluate(spec)["sensitivity"]
    assert abs(sum(first["first_share"].values()) - 1) < 1e-9
    for row in first["acceptability"].values():
        assert abs(sum(row) - 1) < 1e-9
    assert evaluate(spec)["sensitivity"] == first


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(min_value=-100, max_value=100, allow_nan=False), min_size=3, max_size=3),
        min_size=2,
        max_size=8,
    ),
    st.sampled_from(["wsm", "topsis"]),
)
def test_mcda_ranks_are_competition_ranks_of_the_scores(matrix, method):
    spec = {
        "method": method,
        "alternatives": [f"A{i}" for i in range(len(matrix))],
        "criteria": ["c1", "c2", "c3"],
        "objectives": ["max", "min", "max"],
        "weights": [1, 2, 3],
        "matrix": matrix,
        "sensitivity": {"samples": 200, "seed": 1},
    }
    result = mcda(spec)
    scores = result["scores"]
    for score, rank in zip(scores, result["ranks"], strict=True):
        assert rank == 1 + sum(other > score for other in scores)
    assert abs(sum(result["sensitivity"]["first_share"].values()) - 1) < 1e-9


members = st.integers(min_value=2, max_value=9)


@settings(max_examples=80, deadline=None)
@given(
    members.flatmap(
        lambda n: st.lists(
            st.lists(st.integers(min_value=0, max_value=12), min_size=3, max_size=3),
            min_size=n,
            max_size=n,
        )
    ),
    st.sampled_from([0.0, 0.1, 0.25, 0.5]),
)
def test_outliers_are_the_points_far_from_the_median_of_the_other_members(table, ratio):
    spec = copy.deepcopy(BASE)
    spec["scores"] = {
        f"M{m + 1}": {
            bid: {"claims_plan": 0, "risk_service": points}
            for bid, points in zip(("B1", "B2", "B3"), row, strict=True)
        }
        for m, row in enumerate(table)
    }
    spec["outliers"] = {"ratio": ratio}
    result = evaluate(spec)
    expected = {}
    for m, row in enumerate(table):
        for b, points in enumerate(row):
            others = sorted(other[b] for i, other in enumerate(table) if i != m)
            middle = len(others) // 2
            median = (
                others[middle] if len(others) % 2 else (others[middle - 1] + others[middle]) / 2
            )
            if abs(points - median) > ratio * 12:
                expected[(f"M{m + 1}", f"B{b + 1}")] = median
    flagged = {
        (o["member"], o["bid"]): o["others_median"]
        for o in result["outliers"]
        if o["criterion"] == "risk_service"
    }
    assert flagged == expected


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=4, max_value=9),
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=0, max_value=12),
)
def test_one_member_alone_never_flags_a_majority_that_agrees(count, agreed, extreme):
    # count − 1 members give `agreed`, one gives `extreme`: only the extreme one can be flagged.
    # From four members on: with three, the median of the two others is their mean.
    spec = copy.deepcopy(BASE)
    spec["scores"] = {
        f"M{m + 1}": {
            bid: {"claims_plan": 0, "risk_service": extreme if m == 0 and bid == "B1" else agreed}
            for bid in ("B1", "B2", "B3")
        }
        for m in range(count)
    }
    spec["outliers"] = {"ratio": 0.25}
    flagged = {(o["member"], o["bid"]) for o in evaluate(spec)["outliers"]}
    assert flagged == ({("M1", "B1")} if abs(extreme - agreed) > 3 else set())
