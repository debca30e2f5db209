"""The one rule validator: what is wrong with a criterion's rule, as coded problems.

`rule_problems(rule, max_points)` checks one rule of the evaluate spec (docs/scoring-format.md,
"Rules") and returns every problem it finds, in the order the spec is read, each as a code, the
path of the field at fault inside the rule and the engine's own English message::

    >>> rule_problems({"type": "bands", "bands": [[100, 3], [225, 12]]}, 10)
    [{'code': 'too_large', 'path': 'bands[1][1]', 'message': '12 points exceed max_points 10'},
     {'code': 'band_order', 'path': 'bands[1]', 'message': 'bands must be listed from the highest
     threshold down'}]

The engine refuses a spec with the first problem (`SpecError`); applications show every problem
in their user's language by its code and path, never by the English message.
"""

from __future__ import annotations

from typing import Any, TypedDict

from scoring._check import integer_problem, number_problem, show

RULE_TYPES = (
    "price",
    "price_deviation",
    "bands",
    "deduct",
    "per_unit",
    "relative",
    "checklist",
    "subjective",
)

# The fields each rule type takes besides "type".
FIELDS: dict[str, tuple[str, ...]] = {
    "price": (),
    "bands": ("bands",),
    "deduct": ("per_unit",),
    "per_unit": ("per_unit",),
    "relative": ("better",),
    "checklist": ("items",),
    "subjective": ("levels",),
    "price_deviation": ("k", "k_candidates", "above", "below", "trim", "deviation_decimals"),
}

CODES = (
    "not_object",  # the rule (or trim) is not an object
    "unknown_type",  # type is not one of RULE_TYPES
    "unknown_field",  # a field the rule type does not take; the path is the field
    "not_list",  # bands, a band or levels is not a list
    "empty",  # bands, items or levels is empty
    "not_pair",  # a band is not a [threshold, points] pair
    "not_number",  # not a number (booleans and strings are not numbers)
    "not_finite",  # NaN or ±infinity
    "not_positive",  # must be greater than 0 (per_unit, checklist points)
    "too_small",  # below 0 (band points, levels, k, above, below)
    "too_large",  # above max_points (band points, levels), k of 1 or more
    "band_order",  # thresholds not strictly falling from the first band to the last
    "not_better",  # better is neither "higher" nor "lower"
    "not_text",  # a checklist item's name is empty
    "not_whole",  # a trim count is not a whole number
    "out_of_range",  # a trim count outside its range
    "trim_too_few",  # trim.min_bids does not exceed drop_high + drop_low
    "segment_order",  # a price segment's "to" does not exceed the previous segment's
    "open_end",  # only the last price segment, and always the last, has "to": null
    "duplicate",  # a K candidate listed twice
    "too_many",  # more than MAX_K_CANDIDATES K candidates
    "not_candidate",  # k given with k_candidates but not one of them
)

MAX_K_CANDIDATES = 100


class RuleProblem(TypedDict):
    code: str  # one of CODES
    path: str  # inside the rule, e.g. "bands[1][1]", "per_unit", "trim.min_bids"; "" for the rule
    message: str  # the engine's English wording, for its own errors and the command line


class _Found:
    def __init__(self) -> None:
        self.problems: list[RuleProblem] = []

    def add(self, code: str, path: str, message: str) -> None:
        self.problems.append({"code": code, "path": path, "message": message})

    def number(
        self, value: Any, path: str, *, minimum: float | None = None, positive: bool = False
    ) -> float | None:
        problem = number_problem(value, minimum=minimum, positive=positive)
        if problem is not None:
            self.add(problem[0], path, problem[1])
            return None
        return float(value)

    def integer(self, value: Any, path: str, *, minimum: int, maximum: int) -> int | None:
        problem = integer_problem(value, minimum=minimum, maximum=maximum)
        if problem is not None:
            self.add(problem[0], path, problem[1])
            return None
        return int(value)

    def unknown_fields(self, data: dict[str, Any], allowed: set[str]) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.add("unknown_field", str(key), f"unknown field {show(key)}")


def rule_problems(rule: Any, max_points: float) -> list[RuleProblem]:
    """Every problem of `rule` for a criterion worth `max_points` (a positive number); [] if none."""
    found = _Found()
    if not isinstance(rule, dict):
        found.add("not_object", "", f"must be an object, got {show(rule)}")
        return found.problems
    kind = rule.get("type")
    if kind not in RULE_TYPES:
        found.add(
            "unknown_type", "type", f"must be one of {', '.join(RULE_TYPES)}, got {show(kind)}"
        )
        return found.problems
    found.unknown_fields(rule, {"type", *FIELDS[kind]})
    if kind == "bands":
        _bands(found, rule.get("bands"), max_points)
    elif kind in {"deduct", "per_unit"}:
        found.number(rule.get("per_unit"), "per_unit", positive=True)
    elif kind == "relative":
        better = rule.get("better")
        if better not in {"higher", "lower"}:
            found.add("not_better", "better", f'must be "higher" or "lower", got {show(better)}')
    elif kind == "checklist":
        _items(found, rule.get("items"))
    elif kind == "subjective":
        _levels(found, rule.get("levels"), max_points)
    elif kind == "price_deviation":
        _price_deviation(found, rule)
    return found.problems


def _bands(found: _Found, bands: Any, max_points: float) -> None:
    if not isinstance(bands, list):
        found.add("not_list", "bands", f"must be a list, got {show(bands)}")
        return
    if not bands:
        found.add("empty", "bands", "must not be empty")
        return
    previous: float | None = None
    for index, band in enumerate(bands):
        where = f"bands[{index}]"
        if not isinstance(band, list):
            found.add("not_list", where, f"must be a list, got {show(band)}")
            continue
        if len(band) != 2:
            found.add("not_pair", where, "must be a [threshold, points] pair")
            continue
        threshold = found.number(band[0], f"{where}[0]")
        points = found.number(band[1], f"{where}[1]", minimum=0)
        if points is not None and points > max_points:
            found.add(
                "too_large", f"{where}[1]", f"{points:g} points exceed max_points {max_points:g}"
            )
        if threshold is not None and previous is not None and threshold >= previous:
            found.add("band_order", where, "bands must be listed from the highest threshold down")
        if threshold is not None:
            previous = threshold


def _items(found: _Found, items: Any) -> None:
    if not isinstance(items, dict):
        found.add("not_object", "items", f"must be an object, got {show(items)}")
        return
    if not items:
        found.add("empty", "items", "must not be empty")
        return
    for key, points in items.items():
        if not isinstance(key, str) or not key.strip():
            found.add("not_text", "items", f"must be a non-empty string, got {show(key)}")
            continue
        found.number(points, f"items.{key}", positive=True)


def _levels(found: _Found, levels: Any, max_points: float) -> None:
    if levels is None:
        return  # free points from 0 to max_points
    if not isinstance(levels, list):
        found.add("not_list", "levels", f"must be a list, got {show(levels)}")
        return
    if not levels:
        found.add("empty", "levels", "must not be empty")
        return
    for index, level in enumerate(levels):
        value = found.number(level, f"levels[{index}]", minimum=0)
        if value is not None and value > max_points:
            found.add(
                "too_large", f"levels[{index}]", f"{value:g} exceeds max_points {max_points:g}"
            )


def _price_deviation(found: _Found, rule: dict[str, Any]) -> None:
    candidates = _k_candidates(found, rule["k_candidates"]) if "k_candidates" in rule else None
    if "k_candidates" not in rule or "k" in rule:  # with candidates, k is drawn at opening
        k = _k(found, rule.get("k"), "k")
        if k is not None and candidates and k not in candidates:
            found.add("not_candidate", "k", f"must be one of k_candidates, got {k:g}")
    trim = rule.get("trim")
    if trim is not None:
        _trim(found, trim)
    for side in ("above", "below"):
        value = rule.get(side)
        if isinstance(value, list):
            _segments(found, value, side)
        else:
            found.number(value, side, minimum=0)
    if "deviation_decimals" in rule:
        found.integer(rule["deviation_decimals"], "deviation_decimals", minimum=0, maximum=6)


def _k(found: _Found, value: Any, path: str) -> float | None:
    k = found.number(value, path, minimum=0)
    if k is not None and k >= 1:
        found.add("too_large", path, f"must be below 1, got {k:g}")
        return None
    return k


def _k_candidates(found: _Found, candidates: Any) -> list[float] | None:
    """`k_candidates`: the values of K published with the tender, one drawn at opening (下浮系数)."""
    if not isinstance(candidates, list):
        found.add("not_list", "k_candidates", f"must be a list, got {show(candidates)}")
        return None
    if not candidates:
        found.add("empty", "k_candidates", "must not be empty")
        return None
    if len(candidates) > MAX_K_CANDIDATES:
        found.add("too_many", "k_candidates", f"at most {MAX_K_CANDIDATES} values")
        return None
    seen: list[float] = []
    for index, value in enumerate(candidates):
        k = _k(found, value, f"k_candidates[{index}]")
        if k is not None and k in seen:
            found.add("duplicate", f"k_candidates[{index}]", f"{k:g} is listed twice")
        elif k is not None:
            seen.append(k)
    return seen


def _segments(found: _Found, segments: list[Any], side: str) -> None:
    """`above`/`below` as segments `[{"to": 8, "per_point": 1}, {"to": null, "per_point": 4}]`:
    ends rising, in percentage points of deviation; the last one open."""
    if not segments:
        found.add("empty", side, "must not be empty")
        return
    previous = 0.0
    for index, segment in enumerate(segments):
        where = f"{side}[{index}]"
        if not isinstance(segment, dict):
            found.add("not_object", where, f"must be an object, got {show(segment)}")
            continue
        for key in sorted(set(segment) - {"to", "per_point"}, key=str):
            found.add("unknown_field", f"{where}.{key}", f"unknown field {show(key)}")
        found.number(segment.get("per_point"), f"{where}.per_point", minimum=0)
        last = index == len(segments) - 1
        end = segment.get("to")
        if end is None:
            if not last:
                found.add("open_end", f"{where}.to", "only the last segment may have no end")
            continue
        if last:
            found.add("open_end", f"{where}.to", "the last segment must have no end (null)")
        value = found.number(end, f"{where}.to", positive=True)
        if value is not None:
            if value <= previous:
                found.add("segment_order", f"{where}.to", "must exceed the previous segment's end")
            previous = value


def _trim(found: _Found, trim: Any) -> None:
    if not isinstance(trim, dict):
        found.add("not_object", "trim", f"must be an object, got {show(trim)}")
        return
    for key in sorted(set(trim) - {"min_bids", "drop_high", "drop_low"}, key=str):
        found.add("unknown_field", f"trim.{key}", f"unknown field {show(key)}")
    drop_high = found.integer(trim.get("drop_high"), "trim.drop_high", minimum=0, maximum=100)
    drop_low = found.integer(trim.get("drop_low"), "trim.drop_low", minimum=0, maximum=100)
    min_bids = found.integer(trim.get("min_bids"), "trim.min_bids", minimum=1, maximum=10000)
    if drop_high is None or drop_low is None or min_bids is None:
        return
    if min_bids <= drop_high + drop_low:
        found.add("trim_too_few", "trim.min_bids", "must exceed drop_high + drop_low")
