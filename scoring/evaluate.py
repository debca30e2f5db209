"""`evaluate`: one tender's comprehensive scoring (综合评分法) as DESIGN.md and docs/scoring-format.md
specify: rule points, committee means with replacements, flags, rounding, ranking, robustness."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from scoring import rules
from scoring.model import PRICE_RULES, Bid, Criterion, Spec, parse
from scoring.sensitivity import additive, analyse


def round_half_up(value: float, decimals: int) -> Decimal:
    """Decimal rounding, half away from zero (2.675 → 2.68), after removing binary noise."""
    return Decimal(f"{value:.10f}").quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _subjective_points(
    spec: Spec, criterion: Criterion, bids: list[Bid]
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.float64]]]:
    """(entered points as members × bids, the committee's mean per bid after replacements)."""
    entered = np.array(
        [[spec.scores[m][bid.id][criterion.id] for bid in bids] for m in spec.members],
        dtype=np.float64,
    ).reshape(len(spec.members), len(bids))
    used = entered.copy()
    index = {bid.id: i for i, bid in enumerate(bids)}
    for member, bid_id in spec.replacements:
        row = spec.members.index(member)
        others = np.delete(entered[:, index[bid_id]], row)
        used[row, index[bid_id]] = others.mean()
    return entered, used.mean(axis=0)


def evaluate(raw: Any) -> dict[str, Any]:
    """Score and rank one tender's bids; see docs/scoring-format.md for the input and output."""
    spec = parse(raw)
    bids = [bid for bid in spec.bids if bid.compliant]
    prices = np.array([bid.price for bid in bids], dtype=np.float64)
    raw_points = np.zeros((len(bids), len(spec.criteria)), dtype=np.float64)
    entered_by_criterion: list[tuple[Criterion, np.ndarray[Any, np.dtype[np.float64]]]] = []
    for column, criterion in enumerate(spec.criteria):
        kind = criterion.rule.type
        if kind == "price":
            raw_points[:, column] = rules.price_points(criterion, prices)
        elif kind == "price_deviation":
            raw_points[:, column] = rules.price_deviation_points(criterion, prices)
        elif kind == "subjective":
            entered, mean = _subjective_points(spec, criterion, bids)
            raw_points[:, column] = mean
            entered_by_criterion.append((criterion, entered))
        else:
            values = [bid.values[criterion.id] for bid in bids]
            raw_points[:, column] = rules.measured_points(criterion, values)

    outliers: list[dict[str, Any]] = []
    if spec.outlier_ratio is not None and len(spec.members) > 1 and entered_by_criterion and bids:
        outliers = _outliers(spec, entered_by_criterion, bids)
    rounded = [[round_half_up(x, spec.decimals) for x in row] for row in raw_points.tolist()]
    totals = [sum(row, Decimal(0)) for row in rounded]
    subjective_columns = [i for i, c in enumerate(spec.criteria) if c.subjective]
    subjective_totals = [sum((row[i] for i in subjective_columns), Decimal(0)) for row in rounded]

    low_flags = _abnormally_low(spec, prices)

    def sort_key(i: int) -> tuple[Any, ...]:
        keys: list[Any] = [-totals[i]]
        for key in spec.tie_break:
            keys.append(prices[i] if key == "price" else -subjective_totals[i])
        return tuple(keys)

    order = sorted(range(len(bids)), key=sort_key)
    ranks: dict[int, int] = {}
    ties: set[int] = set()
    for position, i in enumerate(order):
        if position and sort_key(order[position - 1]) == sort_key(i):
            ranks[i] = ranks[order[position - 1]]
            ties.update({i, order[position - 1]})
        else:
            ranks[i] = position + 1

    ranking = [
        {
            "bid": bids[i].id,
            "bidder": bids[i].bidder,
            "rank": ranks[i],
            "total": float(totals[i]),
            "price": bids[i].price,
            "points": {c.id: float(rounded[i][j]) for j, c in enumerate(spec.criteria)},
            "subjective_total": float(subjective_totals[i]),
            "flags": ["abnormally_low"] if low_flags[i] else [],
            "tie": i in ties,
        }
        for i in order
    ]
    result: dict[str, Any] = {
        "ranking": ranking,
        "excluded": [
            {"bid": bid.id, "reason": bid.reason} for bid in spec.bids if not bid.compliant
        ],
        "outliers": outliers,
    }
    if spec.sensitivity is not None:
        maxima = np.array([c.max_points for c in spec.criteria], dtype=np.float64)
        points = np.array([[float(x) for x in row] for row in rounded], dtype=np.float64)
        weights = maxima / maxima.sum()
        result["sensitivity"] = analyse(
            additive(points, weights),
            weights,
            order,
            [bid.id for bid in bids],
            samples=spec.sensitivity.samples,
            seed=spec.sensitivity.seed,
            concentration=spec.sensitivity.concentration,
        )
    return result


def _outliers(
    spec: Spec,
    entered_by_criterion: list[tuple[Criterion, np.ndarray[Any, np.dtype[np.float64]]]],
    bids: list[Bid],
) -> list[dict[str, Any]]:
    """A member's points that differ from the median of the other members' points on the same bid
    and criterion by more than ratio × max (as entered): one extreme score cannot drag the
    majority into the flags. All subjective criteria at once, as criteria × members × bids."""
    assert spec.outlier_ratio is not None  # noqa: S101  # the caller checked
    criteria = [criterion for criterion, _ in entered_by_criterion]
    entered = np.stack([points for _, points in entered_by_criterion])
    others_median = _others_median(entered)
    limits = spec.outlier_ratio * np.array([c.max_points for c in criteria], dtype=np.float64)
    flagged = np.abs(entered - others_median) > limits[:, None, None] + 1e-9
    return [
        {
            "member": spec.members[m],
            "bid": bids[b].id,
            "criterion": criteria[c].id,
            "points": float(entered[c, m, b]),
            "others_median": round(float(others_median[c, m, b]), 6),
        }
        for c, m, b in zip(*np.nonzero(flagged), strict=True)
    ]


def _others_median(
    entered: np.ndarray[Any, np.dtype[np.float64]],
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """For points shaped (…, members, bids), each cell's median of the same bid's points by the
    OTHER members (the members axis is the second last).

    Sort each bid's column once; leaving out the member at sorted position r shifts every later
    position down by one, so the k-th of the others is sorted[k] before r and sorted[k + 1] from r.
    The median of n − 1 values is the mean of the two middle ones (the same one when n − 1 is odd).
    """
    count = entered.shape[-2]
    order = np.argsort(entered, axis=-2, kind="stable")
    ordered = np.take_along_axis(entered, order, axis=-2)
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.arange(count)[:, None], axis=-2)
    lower, upper = (count - 2) // 2, (count - 1) // 2  # middle indices among the n − 1 others

    def kth_of_others(k: int) -> np.ndarray[Any, np.dtype[np.float64]]:
        # k ≤ (n − 1) // 2, so k + 1 ≤ n − 1 is always a position of the sorted column
        below, above = ordered[..., k : k + 1, :], ordered[..., k + 1 : k + 2, :]
        picked: np.ndarray[Any, np.dtype[np.float64]] = np.where(position > k, below, above)
        return picked

    median: np.ndarray[Any, np.dtype[np.float64]] = (
        kth_of_others(lower) + kth_of_others(upper)
    ) / 2
    return median


def _abnormally_low(spec: Spec, prices: np.ndarray[Any, np.dtype[np.float64]]) -> list[bool]:
    """A price below mean_ratio × the mean of the other compliant prices (87号令 第60条)."""
    if spec.low_ratio is None or prices.size < 2:
        return [False] * prices.size
    others_mean = (prices.sum() - prices) / (prices.size - 1)
    return [bool(flag) for flag in prices < spec.low_ratio * others_mean]


__all__ = ["PRICE_RULES", "evaluate", "round_half_up"]
