"""Points of each rule for the compliant bids, as numpy vectors (one entry per compliant bid)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from scoring.model import Criterion

Vector = npt.NDArray[np.float64]


def price_points(criterion: Criterion, prices: Vector) -> Vector:
    """低价优先法: max × base / price, base = the lowest compliant price."""
    points: Vector = criterion.max_points * prices.min() / prices
    return points


def price_deviation_points(criterion: Criterion, prices: Vector) -> Vector:
    """Benchmark-price method: deviation from the (trimmed) mean × (1 − k), in percent."""
    rule = criterion.rule
    basis = np.sort(prices)
    if rule.trim is not None and prices.size >= rule.trim[0]:
        _min_bids, drop_high, drop_low = rule.trim
        basis = basis[drop_low : basis.size - drop_high]
    benchmark = float(basis.mean()) * (1 - rule.k)
    deviation = (prices - benchmark) / benchmark * 100
    if rule.deviation_decimals is not None:
        deviation = _half_up(deviation, rule.deviation_decimals)
    size = np.abs(deviation)
    points = criterion.max_points - np.where(
        deviation > 0, _deducted(size, rule.above), _deducted(size, rule.below)
    )
    return np.clip(points, 0.0, criterion.max_points)


def _deducted(size: Vector, segments: tuple[tuple[float, float], ...]) -> Vector:
    """Each segment deducts its per_point for each point of deviation that lies inside it."""
    ends = np.array([end for end, _per in segments])
    starts = np.concatenate(([0.0], ends[:-1]))
    per_point = np.array([per for _end, per in segments])
    inside = np.clip(size[:, None] - starts[None, :], 0.0, ends - starts)
    deducted: Vector = inside @ per_point
    return deducted


def _half_up(values: Vector, decimals: int) -> Vector:
    """Half away from zero, as tender documents round ("保留两位小数"), after removing binary noise
    (the same rounding as the points: scoring.evaluate.round_half_up)."""
    scale = 10.0**decimals
    cleaned = np.round(np.abs(values) * scale, 6)
    rounded: Vector = np.sign(values) * np.floor(cleaned + 0.5) / scale
    return rounded


def measured_points(criterion: Criterion, values: list[Any]) -> Vector:
    rule = criterion.rule
    top = criterion.max_points
    if rule.type == "checklist":
        item_points = dict(rule.items)
        totals = np.array([sum(item_points[item] for item in chosen) for chosen in values])
        return np.minimum(totals.astype(np.float64), top)
    array = np.asarray(values, dtype=np.float64)
    if rule.type == "bands":
        thresholds = np.array([t for t, _p in rule.bands])
        band_points = np.array([p for _t, p in rule.bands] + [0.0])
        # index of the first band (from the top) whose threshold the value reaches; len if none
        reached = array[:, None] >= thresholds[None, :]
        first = np.where(reached.any(axis=1), reached.argmax(axis=1), thresholds.size)
        return band_points[first]
    if rule.type == "deduct":
        return np.maximum(0.0, top - rule.per_unit * array)
    if rule.type == "per_unit":
        return np.minimum(top, rule.per_unit * array)
    # relative
    if rule.better == "higher":
        best = array.max()
        if best == 0:
            return np.zeros_like(array)
        higher: Vector = top * array / best
        return higher
    best = array.min()
    if best == 0:  # the best possible value: it alone takes the points
        return np.where(array == 0, top, 0.0)
    lower: Vector = top * best / array
    return lower
