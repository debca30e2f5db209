"""The evaluate spec, parsed and checked into frozen dataclasses (see docs/scoring-format.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from scoring._check import (
    fail,
    integer,
    mapping,
    number,
    sequence,
    show,
    text,
    unknown_keys,
)
from scoring.rulecheck import rule_problems

PRICE_RULES = frozenset({"price", "price_deviation"})
TIE_BREAK_KEYS = frozenset({"price", "subjective"})


@dataclass(frozen=True)
class Rule:
    type: str
    bands: tuple[tuple[float, float], ...] = ()
    per_unit: float = 0.0
    better: str = "higher"
    items: tuple[tuple[str, float], ...] = ()
    levels: tuple[float, ...] | None = None
    k: float = 0.0
    # price_deviation: (end, per_point) segments in percentage points, the last end infinite
    above: tuple[tuple[float, float], ...] = ()
    below: tuple[tuple[float, float], ...] = ()
    trim: tuple[int, int, int] | None = None  # (min_bids, drop_high, drop_low)
    deviation_decimals: int | None = None


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    group: str
    max_points: float
    rule: Rule

    @property
    def subjective(self) -> bool:
        return self.rule.type == "subjective"


@dataclass(frozen=True)
class Bid:
    id: str
    bidder: str
    price: float
    compliant: bool
    reason: str
    values: dict[str, Any] = field(hash=False, compare=False)


@dataclass(frozen=True)
class Sensitivity:
    samples: int
    seed: int
    concentration: float


@dataclass(frozen=True)
class Spec:
    decimals: int
    criteria: tuple[Criterion, ...]
    bids: tuple[Bid, ...]
    members: tuple[str, ...]
    # scores[member][bid][criterion] for compliant bids and subjective criteria only
    scores: dict[str, dict[str, dict[str, float]]] = field(hash=False, compare=False)
    replacements: tuple[tuple[str, str], ...]
    outlier_ratio: float | None
    low_ratio: float | None
    tie_break: tuple[str, ...]
    sensitivity: Sensitivity | None


def _rule(raw: Any, path: str, max_points: float) -> Rule:
    problems = rule_problems(raw, max_points)
    if problems:  # the engine stops at the first; applications show them all
        first = problems[0]
        raise fail(f"{path}.{first['path']}" if first["path"] else path, first["message"])
    kind = raw["type"]
    if kind in {"price", "relative"}:
        return Rule(kind, better=raw.get("better", "higher"))
    if kind == "bands":
        return Rule("bands", bands=tuple((float(t), float(p)) for t, p in raw["bands"]))
    if kind in {"deduct", "per_unit"}:
        return Rule(kind, per_unit=float(raw["per_unit"]))
    if kind == "checklist":
        return Rule("checklist", items=tuple((k, float(v)) for k, v in raw["items"].items()))
    if kind == "subjective":
        levels = raw.get("levels")
        return Rule("subjective", levels=None if levels is None else tuple(map(float, levels)))
    if "k" not in raw:  # checked: k_candidates are given, and the application has not drawn K
        raise fail(f"{path}.k", "not drawn: give k, the value drawn from k_candidates")
    trim = raw.get("trim")
    return Rule(
        "price_deviation",
        k=float(raw["k"]),
        above=_segments(raw["above"]),
        below=_segments(raw["below"]),
        trim=None if trim is None else (trim["min_bids"], trim["drop_high"], trim["drop_low"]),
        deviation_decimals=raw.get("deviation_decimals"),
    )


def _segments(raw: Any) -> tuple[tuple[float, float], ...]:
    """A checked `above`/`below`: a number is one open segment."""
    if not isinstance(raw, list):
        return ((math.inf, float(raw)),)
    return tuple(
        (math.inf if s["to"] is None else float(s["to"]), float(s["per_point"])) for s in raw
    )


def _criteria(raw: Any) -> tuple[Criterion, ...]:
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for index, item in enumerate(sequence(raw, "criteria", non_empty=True)):
        data = mapping(item, f"criteria[{index}]")
        cid = text(data.get("id"), f"criteria[{index}].id")
        path = f'criterion "{cid}"'
        if cid in seen:
            raise fail(path, "duplicate id")
        seen.add(cid)
        unknown_keys(data, {"id", "name", "group", "max_points", "rule"}, path)
        max_points = number(data.get("max_points"), f"{path}: max_points", positive=True)
        name = data.get("name", cid)
        group = data.get("group", "")
        if not isinstance(name, str) or not isinstance(group, str):
            raise fail(path, "name and group must be strings")
        criteria.append(
            Criterion(
                cid, name, group, max_points, _rule(data.get("rule"), f"{path}: rule", max_points)
            )
        )
    return tuple(criteria)


def _value(criterion: Criterion, raw: Any, path: str) -> Any:
    rule = criterion.rule
    if rule.type == "checklist":
        items = sequence(raw, path)
        known = {key for key, _points in rule.items}
        for item in items:
            if item not in known:
                raise fail(path, f"unknown checklist item {show(item)}")
        if len(set(items)) != len(items):
            raise fail(path, "lists an item twice")
        return items
    minimum = 0.0 if rule.type in {"deduct", "per_unit", "relative"} else None
    return number(raw, path, minimum=minimum)


def _bids(raw: Any, criteria: tuple[Criterion, ...]) -> tuple[Bid, ...]:
    bids: list[Bid] = []
    seen: set[str] = set()
    measured = [c for c in criteria if not c.subjective and c.rule.type not in PRICE_RULES]
    for index, item in enumerate(sequence(raw, "bids", non_empty=True)):
        data = mapping(item, f"bids[{index}]")
        bid_id = text(data.get("id"), f"bids[{index}].id")
        path = f'bid "{bid_id}"'
        if bid_id in seen:
            raise fail(path, "duplicate id")
        seen.add(bid_id)
        unknown_keys(data, {"id", "bidder", "price", "compliant", "reason", "values"}, path)
        compliant = data.get("compliant", True)
        if not isinstance(compliant, bool):
            raise fail(f"{path}: compliant", f"must be true or false, got {show(compliant)}")
        bidder = data.get("bidder", bid_id)
        reason = data.get("reason", "non_compliant")
        if not isinstance(bidder, str) or not isinstance(reason, str):
            raise fail(path, "bidder and reason must be strings")
        price = number(data.get("price"), f"{path}: price", positive=True)
        values: dict[str, Any] = {}
        raw_values = mapping(data.get("values", {}), f"{path}: values")
        known = {c.id for c in measured}
        for key in raw_values:
            if key not in known:
                raise fail(f"{path}: values", f"unknown or non-measured criterion {show(key)}")
        if compliant:
            for criterion in measured:
                if criterion.id not in raw_values:
                    raise fail(f"{path}: values", f'missing a value for criterion "{criterion.id}"')
                values[criterion.id] = _value(
                    criterion, raw_values[criterion.id], f"{path}: values.{criterion.id}"
                )
        bids.append(Bid(bid_id, bidder, price, compliant, reason, values))
    if not any(bid.compliant for bid in bids):
        raise fail("bids", "every bid is excluded (compliant: false): nothing to rank")
    return tuple(bids)


def _scores(
    raw: Any, criteria: tuple[Criterion, ...], bids: tuple[Bid, ...]
) -> tuple[tuple[str, ...], dict[str, dict[str, dict[str, float]]]]:
    subjective = {c.id: c for c in criteria if c.subjective}
    data = mapping(raw if raw is not None else {}, "scores")
    if subjective and not data:
        raise fail("scores", "no member scored the subjective criteria")
    bid_ids = {bid.id for bid in bids}
    compliant = [bid.id for bid in bids if bid.compliant]
    scores: dict[str, dict[str, dict[str, float]]] = {}
    for member, by_bid in data.items():
        member_path = f'member "{member}"'
        by_bid = mapping(by_bid, member_path)
        for bid_id in by_bid:
            if bid_id not in bid_ids:
                raise fail(member_path, f"scores an unknown bid {show(bid_id)}")
        sheet: dict[str, dict[str, float]] = {}
        for bid_id in compliant:
            if bid_id not in by_bid:
                raise fail(member_path, f'did not score bid "{bid_id}"')
            row = mapping(by_bid[bid_id], f'{member_path}, bid "{bid_id}"')
            for key in row:
                if key not in subjective:
                    raise fail(
                        f'{member_path}, bid "{bid_id}"',
                        f"unknown or objective criterion {show(key)}",
                    )
            points: dict[str, float] = {}
            for cid, criterion in subjective.items():
                where = f'{member_path}, bid "{bid_id}", criterion "{cid}"'
                if cid not in row:
                    raise fail(where, "missing points")
                value = number(row[cid], where, minimum=0)
                if value > criterion.max_points:
                    raise fail(where, f"{value:g} exceeds max_points {criterion.max_points:g}")
                levels = criterion.rule.levels
                if levels is not None and value not in levels:
                    allowed = ", ".join(f"{level:g}" for level in levels)
                    raise fail(where, f"{value:g} is not one of the levels {allowed}")
                points[cid] = value
            sheet[bid_id] = points
        scores[str(member)] = sheet
    return tuple(scores), scores


def parse(spec: Any) -> Spec:
    data = mapping(spec, "spec")
    unknown_keys(
        data,
        {"decimals", "criteria", "bids", "scores", "replacements", "outliers", "abnormally_low",
         "tie_break", "sensitivity"},
        "spec",
    )  # fmt: skip
    decimals = integer(data.get("decimals", 2), "decimals", minimum=0, maximum=6)
    criteria = _criteria(data.get("criteria"))
    bids = _bids(data.get("bids"), criteria)
    members, scores = _scores(data.get("scores"), criteria, bids)
    compliant = {bid.id for bid in bids if bid.compliant}
    replacements: list[tuple[str, str]] = []
    for index, item in enumerate(sequence(data.get("replacements", []), "replacements")):
        entry = mapping(item, f"replacements[{index}]")
        member, bid = entry.get("member"), entry.get("bid")
        if member not in scores:
            raise fail(f"replacements[{index}]", f"unknown member {show(member)}")
        if bid not in compliant:
            raise fail(f"replacements[{index}]", f"unknown or excluded bid {show(bid)}")
        if len(members) < 2:
            raise fail(f"replacements[{index}]", "needs at least two members")
        replacements.append((str(member), str(bid)))
    outlier_ratio = None
    if data.get("outliers") is not None:
        outliers = mapping(data["outliers"], "outliers")
        unknown_keys(outliers, {"ratio"}, "outliers")
        outlier_ratio = number(outliers.get("ratio"), "outliers.ratio", minimum=0)
    low_ratio = None
    if data.get("abnormally_low") is not None:
        low = mapping(data["abnormally_low"], "abnormally_low")
        unknown_keys(low, {"mean_ratio"}, "abnormally_low")
        low_ratio = number(low.get("mean_ratio"), "abnormally_low.mean_ratio", positive=True)
    tie_break = sequence(data.get("tie_break", ["price"]), "tie_break")
    for key in tie_break:
        if key not in TIE_BREAK_KEYS:
            raise fail("tie_break", f'keys are "price" or "subjective", got {show(key)}')
    sensitivity = None
    if data.get("sensitivity") is not None:
        raw = mapping(data["sensitivity"], "sensitivity")
        unknown_keys(raw, {"samples", "seed", "concentration"}, "sensitivity")
        sensitivity = Sensitivity(
            samples=integer(
                raw.get("samples", 10000), "sensitivity.samples", minimum=1, maximum=1_000_000
            ),
            seed=integer(raw.get("seed", 0), "sensitivity.seed", minimum=0, maximum=2**63 - 1),
            concentration=number(
                raw.get("concentration", 200), "sensitivity.concentration", positive=True
            ),
        )
    return Spec(
        decimals=decimals,
        criteria=criteria,
        bids=bids,
        members=members,
        scores=scores,
        replacements=tuple(replacements),
        outlier_ratio=outlier_ratio,
        low_ratio=low_ratio,
        tie_break=tuple(tie_break),
        sensitivity=sensitivity,
    )
