"""Every rule against hand-computed points."""

from __future__ import annotations

import pytest

from scoring import evaluate
from scoring.evaluate import round_half_up
from tests.scoring.conftest import row


def test_price_is_base_over_price_times_points(spec):
    result = evaluate(spec)
    assert row(result, "B2")["points"]["price"] == 20.0  # the lowest price is the base
    assert row(result, "B1")["points"]["price"] == 16.67  # 20 × 2000 / 2400 = 16.666…
    assert row(result, "B3")["points"]["price"] == 13.33  # 20 × 2000 / 3000


def test_bands_take_the_first_threshold_reached_from_the_top(spec):
    result = evaluate(spec)
    assert row(result, "B1")["points"]["solvency"] == 10.0  # 231.5 ≥ 225
    assert row(result, "B2")["points"]["solvency"] == 7.0  # 210 ≥ 200
    assert row(result, "B3")["points"]["solvency"] == 0.0  # 99 < 100: no band


def test_band_boundaries_are_inclusive(spec):
    spec["bids"][0]["values"]["solvency"] = 225
    spec["bids"][1]["values"]["solvency"] = 100
    result = evaluate(spec)
    assert row(result, "B1")["points"]["solvency"] == 10.0
    assert row(result, "B2")["points"]["solvency"] == 3.0


def test_deduct_and_per_unit_are_clamped(spec):
    result = evaluate(spec)
    assert row(result, "B1")["points"]["penalties"] == 4.0  # 6 − 2 × 1
    assert row(result, "B3")["points"]["penalties"] == 0.0  # 6 − 2 × 5 < 0
    assert row(result, "B1")["points"]["vehicles"] == 4.0  # 2 × 2
    assert row(result, "B2")["points"]["vehicles"] == 6.0  # 2 × 4 = 8, capped at 6


def test_relative_higher_and_lower(spec):
    result = evaluate(spec)
    assert row(result, "B1")["points"]["staff"] == 6.0  # best
    assert row(result, "B2")["points"]["staff"] == 4.0  # 6 × 8 / 12
    assert row(result, "B2")["points"]["hours"] == 6.0  # fewest hours
    assert row(result, "B1")["points"]["hours"] == 3.0  # 6 × 24 / 48
    assert row(result, "B3")["points"]["hours"] == 1.5  # 6 × 24 / 96


def test_relative_edge_cases_with_zero(spec):
    for bid in spec["bids"]:
        bid["values"]["staff"] = 0
    spec["bids"][0]["values"]["hours"] = 0
    result = evaluate(spec)
    assert all(r["points"]["staff"] == 0.0 for r in result["ranking"])  # best is 0: nobody scores
    assert row(result, "B1")["points"]["hours"] == 6.0  # zero hours is unbeatable
    assert row(result, "B2")["points"]["hours"] == 0.0


def test_checklist_sums_the_items_present(spec):
    result = evaluate(spec)
    assert row(result, "B1")["points"]["platform"] == 4.0
    assert row(result, "B2")["points"]["platform"] == 2.0
    assert row(result, "B3")["points"]["platform"] == 0.0


def test_subjective_is_the_members_mean(spec):
    result = evaluate(spec)
    assert row(result, "B1")["points"]["claims_plan"] == 4.67  # (6 + 8 + 0) / 3
    assert row(result, "B1")["points"]["risk_service"] == 10.17  # (9.5 + 10 + 11) / 3 = 10.1666…


def test_replacement_uses_the_other_members_mean(spec):
    spec["replacements"] = [{"member": "M3", "bid": "B1"}]
    result = evaluate(spec)
    # M3's 0 becomes (6 + 8) / 2 = 7, so the mean is (6 + 8 + 7) / 3 = 7
    assert row(result, "B1")["points"]["claims_plan"] == 7.0
    # M3's 11 becomes (9.5 + 10) / 2 = 9.75; mean (9.5 + 10 + 9.75) / 3 = 9.75
    assert row(result, "B1")["points"]["risk_service"] == 9.75
    assert row(result, "B2")["points"]["claims_plan"] == 6.67  # other bids untouched


def test_outliers_are_flagged_on_entered_points_even_when_replaced(spec):
    spec["outliers"] = {"ratio": 0.3}
    spec["replacements"] = [{"member": "M3", "bid": "B1"}]
    result = evaluate(spec)
    flagged = {(o["member"], o["bid"], o["criterion"]) for o in result["outliers"]}
    # claims_plan max 8, threshold 2.4: M3's 0 vs median(6, 8) = 7; M2's 8 vs median(6, 0) = 3
    assert flagged == {("M3", "B1", "claims_plan"), ("M2", "B1", "claims_plan")}
    m3 = next(o for o in result["outliers"] if o["member"] == "M3")
    assert m3["points"] == 0.0 and m3["others_median"] == 7.0
    assert "others_mean" not in m3


def five_members(spec, claims_plan_b1):
    """The base tender scored by five members, who agree everywhere except claims_plan on B1."""
    spec["scores"] = {
        f"M{m + 1}": {bid: dict(points) for bid, points in spec["scores"]["M1"].items()}
        for m in range(5)
    }
    for member, points in zip(spec["scores"].values(), claims_plan_b1, strict=True):
        member["B1"]["claims_plan"] = points
    return spec


def test_only_the_extreme_score_is_flagged_not_the_majority_it_drags(spec):
    # 6/8/8/0/8 on an 8-point criterion, ratio 0.25 (threshold 2): the 0 is 8 from the others'
    # median 8; each 8 is 1 from its others' median 7 (the mean, 5.5, would have flagged them).
    spec = five_members(spec, [6, 8, 8, 0, 8])
    spec["outliers"] = {"ratio": 0.25}
    result = evaluate(spec)
    assert result["outliers"] == [
        {
            "member": "M4",
            "bid": "B1",
            "criterion": "claims_plan",
            "points": 0.0,
            "others_median": 8.0,
        }
    ]


def test_a_difference_of_exactly_the_threshold_is_not_flagged(spec):
    # M1's 6 is exactly 2 (= 0.25 × 8) from the others' median 8
    spec = five_members(spec, [6, 8, 8, 0, 8])
    spec["outliers"] = {"ratio": 0.25}
    assert ("M1", "B1") not in {(o["member"], o["bid"]) for o in evaluate(spec)["outliers"]}


def test_the_median_of_an_even_number_of_others_is_the_mean_of_the_middle_two(spec):
    spec = five_members(spec, [0, 0, 4, 6, 8])
    spec["outliers"] = {"ratio": 0.25}
    flags = {o["member"]: o["others_median"] for o in evaluate(spec)["outliers"]}
    # threshold 2. M1, M2: others 0, 4, 6, 8 → 5; M3: 0, 0, 6, 8 → 3 (1, kept);
    # M4: 0, 0, 4, 8 → 2; M5: 0, 0, 4, 6 → 2
    assert flags == {"M1": 5.0, "M2": 5.0, "M4": 2.0, "M5": 2.0}


def test_no_outlier_key_means_no_flags(spec):
    assert evaluate(spec)["outliers"] == []


def test_abnormally_low_price_is_flagged_not_changed(spec):
    spec["abnormally_low"] = {"mean_ratio": 0.5}
    spec["bids"][1]["price"] = 1000  # others' mean (2400 + 3000) / 2 = 2700; 1000 < 1350
    result = evaluate(spec)
    assert row(result, "B2")["flags"] == ["abnormally_low"]
    assert row(result, "B1")["flags"] == []
    assert row(result, "B2")["points"]["price"] == 20.0


def test_excluded_bids_set_no_base_and_no_best(spec):
    spec["bids"][1]["compliant"] = False
    spec["bids"][1]["reason"] = "资格审查不合格"
    del spec["bids"][1]["values"]
    result = evaluate(spec)
    assert [r["bid"] for r in result["ranking"]] == ["B1", "B3"]
    assert result["excluded"] == [{"bid": "B2", "reason": "资格审查不合格"}]
    assert row(result, "B1")["points"]["price"] == 20.0  # B2's lower price no longer counts
    assert row(result, "B1")["points"]["hours"] == 6.0


def test_price_deviation_with_and_without_trim(spec):
    spec["criteria"][0]["rule"] = {"type": "price_deviation", "k": 0.05, "above": 1, "below": 0.5}
    result = evaluate(spec)
    # mean (2400 + 2000 + 3000) / 3 = 2466.67; benchmark × 0.95 = 2343.33
    # B1: d = (2400 − 2343.33) / 2343.33 × 100 = 2.418 → 20 − 2.418 = 17.58
    # B2: d = −14.651 → 20 − 0.5 × 14.651 = 12.67; B3: d = 28.02 → 20 − 28.02 < 0 → 0
    assert row(result, "B1")["points"]["price"] == 17.58
    assert row(result, "B2")["points"]["price"] == 12.67
    assert row(result, "B3")["points"]["price"] == 0.0
    spec["criteria"][0]["rule"]["trim"] = {"min_bids": 3, "drop_high": 1, "drop_low": 1}
    trimmed = evaluate(spec)
    # only 2400 remains: benchmark 2280; B1 d = 5.263 → 14.74
    assert row(trimmed, "B1")["points"]["price"] == 14.74


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.675, 2, "2.68"),
        (1.005, 2, "1.01"),
        (0.125, 2, "0.13"),
        (2.5, 0, "3"),
        (16.6666, 2, "16.67"),
    ],
)
def test_rounding_is_decimal_half_up(value, decimals, expected):
    assert str(round_half_up(value, decimals)) == expected


def test_total_is_the_sum_of_rounded_points(spec):
    spec["decimals"] = 1
    result = evaluate(spec)
    for r in result["ranking"]:
        assert r["total"] == pytest.approx(sum(r["points"].values()), abs=1e-9)


def test_ties_break_by_price_then_share_a_rank(spec):
    spec["criteria"] = [spec["criteria"][0], spec["criteria"][8]]
    spec["criteria"][0]["max_points"] = 20
    for bid in spec["bids"]:
        bid["values"] = {}
    # B1 and B2 equal totals once price is equal; B3 differs
    spec["bids"][0]["price"] = spec["bids"][1]["price"] = 2000
    for member in spec["scores"].values():
        member["B1"] = {"risk_service": 9}
        member["B2"] = {"risk_service": 9}
        member["B3"] = {"risk_service": 9}
        for row_ in member.values():
            row_.pop("claims_plan", None)
    result = evaluate(spec)
    ranks = {r["bid"]: (r["rank"], r["tie"]) for r in result["ranking"]}
    assert ranks == {"B1": (1, True), "B2": (1, True), "B3": (3, False)}


def test_subjective_tie_break_orders_equal_totals(spec):
    spec["criteria"] = [spec["criteria"][2], spec["criteria"][8]]
    spec["bids"][0]["values"] = {"penalties": 0}  # 6 objective + 9 subjective = 15
    spec["bids"][1]["values"] = {"penalties": 1}  # 4 objective + 11 subjective = 15
    spec["bids"] = spec["bids"][:2]
    for member in spec["scores"].values():
        member["B1"] = {"risk_service": 9}
        member["B2"] = {"risk_service": 11}
        member.pop("B3")
    spec["bids"][1]["price"] = 2400  # equal prices, so "price" does not decide
    spec["tie_break"] = ["price", "subjective"]
    result = evaluate(spec)
    assert [(r["bid"], r["rank"], r["tie"]) for r in result["ranking"]] == [
        ("B2", 1, False),
        ("B1", 2, False),
    ]
