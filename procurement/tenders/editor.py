"""Between the criteria editor's rows and the engine's criteria: one text box per rule's parameters.

Written by hand because the parameters are a small notation of our own (e.g. bands `225:10, 200:7`),
chosen so that an officer can edit a whole rubric on one keyboard-friendly page without scripts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

SPLIT = re.compile(r"[,，;；]+")


class ParameterError(ValueError):
    pass


def _num(text: str) -> float | int:
    try:
        value = Decimal(text.strip())
    except InvalidOperation as error:
        raise ParameterError(_("“%(text)s” is not a number.", text=text.strip())) from error
    if not value.is_finite():
        raise ParameterError(_("“%(text)s” is not a number.", text=text.strip()))
    return int(value) if value == value.to_integral_value() else float(value)


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
        bands = [[_num(threshold), _num(points)] for threshold, points in _pairs(text, ":")]
        if not bands:
            raise ParameterError(_("Give at least one band, e.g. 225:10, 200:7."))
        return {"type": "bands", "bands": bands}
    if rule_type in {"deduct", "per_unit"}:
        if not text:
            raise ParameterError(_("Give the points per unit, e.g. 2."))
        return {"type": rule_type, "per_unit": _num(text)}
    if rule_type == "relative":
        if text not in {"higher", "lower"}:
            raise ParameterError(_("Write higher or lower."))
        return {"type": "relative", "better": text}
    if rule_type == "checklist":
        items = {key: _num(points) for key, points in _pairs(text, ":")}
        if not items:
            raise ParameterError(_("Give the items and their points, e.g. iot:2, paperless:2."))
        return {"type": "checklist", "items": items}
    if rule_type == "subjective":
        if not text:
            return {"type": "subjective"}
        return {"type": "subjective", "levels": [_num(p) for p in SPLIT.split(text) if p.strip()]}
    if rule_type == "price_deviation":
        rule: dict[str, Any] = {"type": "price_deviation"}
        for key, value in _pairs(text, "="):
            if key in {"k", "above", "below"}:
                rule[key] = _num(value)
            elif key == "trim":
                parts = value.split("/")
                if len(parts) != 3:
                    raise ParameterError(
                        _("Write trim as minimum bids/highest dropped/lowest dropped.")
                    )
                min_bids, drop_high, drop_low = (int(_num(p)) for p in parts)
                rule["trim"] = {"min_bids": min_bids, "drop_high": drop_high, "drop_low": drop_low}
            else:
                raise ParameterError(_("Unknown parameter %(key)s.", key=key))
        for key in ("k", "above", "below"):
            if key not in rule:
                raise ParameterError(_("Give %(key)s.", key=key))
        return rule
    raise ParameterError(_("Unknown rule."))


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
        text = f"k={_fmt(rule['k'])}, above={_fmt(rule['above'])}, below={_fmt(rule['below'])}"
        if "trim" in rule:
            trim = rule["trim"]
            text += f", trim={trim['min_bids']}/{trim['drop_high']}/{trim['drop_low']}"
        return text
    return ""


def rule_and_points(
    row: Any, parse: Callable[[str, str], dict[str, Any]] = parse_rule
) -> tuple[dict[str, Any], Decimal] | None:
    """An editor row's rule and points; None, with the problem attached to the field, if either is
    missing or malformed. Shared with the maintenance template editor."""
    try:
        rule = parse(row.rule_type.data, row.parameters.data)
    except ParameterError as error:
        row.parameters.errors = [*row.parameters.errors, str(error)]
        return None
    if row.max_points.data is None:
        row.max_points.errors = [*row.max_points.errors, _("Give the points.")]
        return None
    return rule, row.max_points.data


def fill_form(
    form: Any, criteria: list[dict[str, Any]], requirements: list[dict[str, str]]
) -> None:
    while form.criteria.entries:
        form.criteria.pop_entry()
    for criterion in criteria:
        form.criteria.append_entry(
            {
                "id": criterion["id"],
                "name": criterion.get("name", ""),
                "group": criterion.get("group"),
                "max_points": Decimal(str(criterion["max_points"])),
                "rule_type": criterion["rule"]["type"],
                "parameters": format_rule(criterion["rule"]),
                "source": criterion.get("source", ""),
                "guidance": criterion.get("guidance", ""),
            }
        )
    while form.requirements.entries:
        form.requirements.pop_entry()
    for requirement in requirements:
        form.requirements.append_entry(requirement)


def read_form(form: Any) -> tuple[list[dict[str, Any]], list[dict[str, str]], bool]:
    """The criteria and requirements of the editor; field errors are attached to the rows."""
    ok = True
    criteria = []
    for row in form.criteria.entries:
        data = row.form
        if data.remove.data:
            continue
        if (
            not any([data.id.data, data.name.data, data.parameters.data])
            and not data.max_points.data
        ):
            continue  # an empty row added by "add a criterion" and left blank
        read = rule_and_points(data)
        if read is None:
            ok = False
            continue
        rule, points = read
        criterion: dict[str, Any] = {
            "id": (data.id.data or "").strip(),
            "name": (data.name.data or "").strip(),
            "group": data.group.data,
            "max_points": int(points) if points == points.to_integral_value() else float(points),
            "rule": rule,
            "guidance": (data.guidance.data or "").strip(),
        }
        if rule["type"] != "subjective" and data.source.data:
            criterion["source"] = data.source.data
        criteria.append(criterion)
    requirements = []
    for row in form.requirements.entries:
        data = row.form
        if data.remove.data or not ((data.text.data or "").strip() or (data.id.data or "").strip()):
            continue
        requirements.append(
            {"id": (data.id.data or "").strip(), "text": (data.text.data or "").strip()}
        )
    return criteria, requirements, ok
