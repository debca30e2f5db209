"""The rule parameter notation of the criteria and template editors: one text box per rule.

Written by hand because the parameters are a small notation of our own (e.g. bands `225:10, 200:7`,
deduct `2`, relative `lower`, price deviation `k=0.05, above=1, below=1|8|4, deviation_decimals=2`,
where `1|8|4` is 1 point per percentage point up to 8, then 4; `k=0.02|0.03|0.05` or
`k=0.02~0.05/0.01` publishes the candidates of a K drawn at opening), chosen so that an officer
can edit a whole rubric on one keyboard-friendly page without scripts. Both editors import it: the
tender criteria editor (procurement/tenders/editor.py) and the maintenance template editor
(procurement/maintenance/editor.py), which adds the notation of its `mcda` rule.

Every number is bounded before any arithmetic (issue 13): `1e999999999` is refused at once instead
of being expanded into a billion-digit integer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, StringField
from wtforms.validators import Length, Optional

SPLIT = re.compile(r"[,，;；]+")


class EditorRow(Form):
    """A row of an editor table: its code and a box to remove it (a sub-form: the CSRF token is the
    parent's). The tender criteria and the maintenance template editors build on it."""

    remove = BooleanField(_l("Remove"))
    id = StringField(_l("Code"), validators=[Optional(), Length(max=40)])


class ParameterError(ValueError):
    """A parameter text the notation cannot read; the message (in the user's language) says why."""


# A number in a rule has at most 15 significant digits (what a float keeps exactly) and lies below
# 10¹² (a threshold in yuan fits). Checked on the parsed Decimal before it meets any arithmetic:
# `int(Decimal("1e999999999"))` would build a billion-digit integer and hold the server for minutes.
MAX_DIGITS = 15
MAX_MAGNITUDE = 12  # powers of ten
MAX_TEXT = 40  # characters: longer is no number of ours, and is not even handed to Decimal


def _out_of_range(value: Decimal) -> bool:
    if value.is_zero():
        return False
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101  # finite values only: checked by the caller
    return len(digits) > MAX_DIGITS or value.adjusted() >= MAX_MAGNITUDE or exponent < -MAX_DIGITS


def _range_error(text: str) -> ParameterError:
    return ParameterError(
        _(
            "“%(text)s” is out of range: at most 15 digits, less than 1,000,000,000,000.",
            text=text[:MAX_TEXT],
        )
    )


def plain_number(value: Decimal) -> int | float:
    """A checked Decimal as JSON wants it: an int when whole, else a float; refuses NaN, ±∞ and
    numbers out of range (ParameterError) before doing any arithmetic on them."""
    if not value.is_finite():
        raise ParameterError(_("“%(text)s” is not a number.", text=str(value)))
    if _out_of_range(value):
        raise _range_error(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def parse_number(text: str) -> int | float:
    """A number written in an editor field (`2`, `0.5`, `95`)."""
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise _range_error(text)
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ParameterError(_("“%(text)s” is not a number.", text=text)) from error
    if not value.is_finite():
        raise ParameterError(_("“%(text)s” is not a number.", text=text))
    return plain_number(value)


def _pairs(text: str, separator: str) -> list[tuple[str, str]]:
    pairs = []
    for part in SPLIT.split(text):
        if not part.strip():
            continue
        if separator not in part:
            raise ParameterError(_("Write each entry as a%(sep)sb.", sep=separator))
        key, value = part.split(separator, 1)
        pairs.append((key.strip(), value.strip()))
    return pairs


def parse_rule(rule_type: str, text: str) -> dict[str, Any]:
    text = (text or "").strip()
    if rule_type == "price":
        return {"type": "price"}
    if rule_type == "bands":
        bands = [
            [parse_number(threshold), parse_number(points)]
            for threshold, points in _pairs(text, ":")
        ]
        if not bands:
            raise ParameterError(_("Give at least one band, e.g. 225:10, 200:7."))
        return {"type": "bands", "bands": bands}
    if rule_type in {"deduct", "per_unit"}:
        if not text:
            raise ParameterError(_("Give the points per unit, e.g. 2."))
        return {"type": rule_type, "per_unit": parse_number(text)}
    if rule_type == "relative":
        if text not in {"higher", "lower"}:
            raise ParameterError(_("Write higher or lower."))
        return {"type": "relative", "better": text}
    if rule_type == "checklist":
        items = {key: parse_number(points) for key, points in _pairs(text, ":")}
        if not items:
            raise ParameterError(_("Give the items and their points, e.g. iot:2, paperless:2."))
        return {"type": "checklist", "items": items}
    if rule_type == "subjective":
        if not text:
            return {"type": "subjective"}
        return {
            "type": "subjective",
            "levels": [parse_number(p) for p in SPLIT.split(text) if p.strip()],
        }
    if rule_type == "price_deviation":
        rule: dict[str, Any] = {"type": "price_deviation"}
        for key, value in _pairs(text, "="):
            if key == "k" and RANGE.search(value):
                rule["k_candidates"] = _parse_range(value)
            elif key == "k" and "|" in value:
                rule["k_candidates"] = [parse_number(part) for part in value.split("|")]
            elif key == "k":
                rule[key] = parse_number(value)
            elif key in {"above", "below"}:
                rule[key] = _parse_segments(value)
            elif key == "deviation_decimals":
                rule[key] = int(parse_number(value))
            elif key == "trim":
                parts = value.split("/")
                if len(parts) != 3:
                    raise ParameterError(
                        _("Write trim as minimum bids/highest dropped/lowest dropped.")
                    )
                min_bids, drop_high, drop_low = (int(parse_number(p)) for p in parts)
                rule["trim"] = {"min_bids": min_bids, "drop_high": drop_high, "drop_low": drop_low}
            else:
                raise ParameterError(_("Unknown parameter %(key)s.", key=key))
        for key in ("k", "above", "below"):
            if key not in rule and not (key == "k" and "k_candidates" in rule):
                raise ParameterError(_("Give %(key)s.", key=key))
        return rule
    raise ParameterError(_("Unknown rule."))


RANGE = re.compile(r"[~～]")
MAX_CANDIDATES = 100  # as the engine (scoring.rulecheck.MAX_K_CANDIDATES)


def _parse_range(text: str) -> list[int | float]:
    """`0.02~0.05/0.01`: K drawn at opening from 0.02, 0.03, 0.04 and 0.05 (a range and a step)."""
    bounds, _slash, step_text = text.partition("/")
    low_text, high_text = RANGE.split(bounds, maxsplit=1)
    if not step_text.strip():
        raise ParameterError(_("Write a range of K as lowest~highest/step, e.g. 0.02~0.05/0.01."))
    low, high, step = (Decimal(str(parse_number(t))) for t in (low_text, high_text, step_text))
    if step <= 0 or high < low:
        raise ParameterError(_("Write a range of K as lowest~highest/step, e.g. 0.02~0.05/0.01."))
    count = int((high - low) / step) + 1  # bounded numbers: no huge arithmetic
    if count > MAX_CANDIDATES:
        raise ParameterError(_("K may have at most %(n)s candidate values.", n=MAX_CANDIDATES))
    return [plain_number(low + step * index) for index in range(count)]


def _parse_segments(text: str) -> int | float | list[dict[str, Any]]:
    """`1` (one rate) or `1|8|4` (1 per point up to 8 points, then 4): rates and ends alternate."""
    parts = [part.strip() for part in text.split("|")]
    if len(parts) == 1:
        return parse_number(parts[0])
    if len(parts) % 2 == 0:
        raise ParameterError(
            _("Write segments as rate|end|rate, e.g. 1|8|4 (1 per point up to 8, then 4).")
        )
    numbers = [parse_number(part) for part in parts]
    ends: list[int | float | None] = [*numbers[1::2], None]
    return [{"to": end, "per_point": rate} for rate, end in zip(numbers[0::2], ends, strict=True)]


def _fmt_segments(value: Any) -> str:
    if not isinstance(value, list):
        return _fmt(value)
    parts: list[str] = []
    for segment in value:
        parts.append(_fmt(segment["per_point"]))
        if segment["to"] is not None:
            parts.append(_fmt(segment["to"]))
    return "|".join(parts)


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def format_rule(rule: dict[str, Any]) -> str:
    kind = rule.get("type")
    if kind == "bands":
        return ", ".join(f"{_fmt(t)}:{_fmt(p)}" for t, p in rule["bands"])
    if kind in {"deduct", "per_unit"}:
        return _fmt(rule["per_unit"])
    if kind == "relative":
        return str(rule["better"])
    if kind == "checklist":
        return ", ".join(f"{key}:{_fmt(points)}" for key, points in rule["items"].items())
    if kind == "subjective":
        return ", ".join(_fmt(level) for level in rule.get("levels", []))
    if kind == "price_deviation":
        k = "|".join(map(_fmt, rule["k_candidates"])) if "k_candidates" in rule else _fmt(rule["k"])
        text = f"k={k}, above={_fmt_segments(rule['above'])}, below={_fmt_segments(rule['below'])}"
        if "trim" in rule:
            trim = rule["trim"]
            text += f", trim={trim['min_bids']}/{trim['drop_high']}/{trim['drop_low']}"
        if "deviation_decimals" in rule:
            text += f", deviation_decimals={rule['deviation_decimals']}"
        return text
    return ""


def rule_and_points(
    row: Any, parse: Callable[[str, str], dict[str, Any]] = parse_rule
) -> tuple[dict[str, Any], int | float] | None:
    """An editor row's rule and points; None, with the problem attached to the field, if either is
    missing, malformed or out of range. Shared by the criteria and the template editors."""
    try:
        rule = parse(row.rule_type.data, row.parameters.data)
    except ParameterError as error:
        row.parameters.errors = [*row.parameters.errors, str(error)]
        return None
    if row.max_points.data is None:
        row.max_points.errors = [*row.max_points.errors, _("Give the points.")]
        return None
    try:
        points = plain_number(row.max_points.data)
    except ParameterError as error:
        row.max_points.errors = [*row.max_points.errors, str(error)]
        return None
    return rule, points


def points_total(rows: Any) -> float:
    """The points of an editor's rows still shown, for the running total under the table; points
    out of range count as 0 (their row carries the message), so a total never overflows."""
    total = 0.0
    for row in rows:
        if row.form.remove.data or row.form.max_points.data is None:
            continue
        try:
            total += plain_number(row.form.max_points.data)
        except ParameterError:
            continue
    return total
