"""Between the template editor's rows and a period's template JSON.

The engine's rules use the tender criteria editor's parameter notation (bands `95:10, 90:8`, deduct `2`,
relative `lower`…, see procurement/rulenotation.py); `mcda` adds its own: the method, optionally
followed by the indicators it combines with their weights, e.g. `topsis; entrapment_rate:2, failure_rate:1`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from procurement.rulenotation import (
    SPLIT,
    ParameterError,
    format_rule,
    parse_number,
    parse_rule,
    plain_number,
    points_total,
    rule_and_points,
)

__all__ = ["fill_form", "format_parameters", "parse_parameters", "points_total", "read_form"]


def parse_parameters(rule_type: str, text: str) -> dict[str, Any]:
    if rule_type != "mcda":
        return parse_rule(rule_type, text)
    method, _sep, rest = (text or "wsm").partition(";")
    method = method.strip() or "wsm"
    if method not in {"wsm", "topsis"}:
        raise ParameterError(
            _("Write wsm or topsis, then optionally ; and indicator:weight pairs.")
        )
    rule: dict[str, Any] = {"type": "mcda", "method": method}
    parts = []
    for part in SPLIT.split(rest):
        if not part.strip():
            continue
        ident, colon, weight = part.partition(":")
        parts.append({"indicator": ident.strip(), "weight": parse_number(weight) if colon else 1})
    if parts:
        rule["criteria"] = parts
    return rule


def format_parameters(rule: dict[str, Any]) -> str:
    if rule.get("type") != "mcda":
        return format_rule(rule)
    text = str(rule.get("method", "wsm"))
    if rule.get("criteria"):
        text += "; " + ", ".join(
            f"{p['indicator']}:{p.get('weight', 1):g}" for p in rule["criteria"]
        )
    return text


def fill_form(form: Any, template: dict[str, Any]) -> None:
    for name in ("indicators", "vetoes", "grades"):
        while getattr(form, name).entries:
            getattr(form, name).pop_entry()
    form.decimals.data = template.get("decimals", 2)
    fairness = template.get("credibility") or {"method": "none"}
    form.fairness.data = fairness["method"]
    form.reference.data = fairness.get("reference", "district")
    form.credibility_k.data = ", ".join(f"{k}:{v:g}" for k, v in fairness.get("k", {}).items())
    minimum = fairness.get("min_exposure")
    form.min_exposure.data = Decimal(str(minimum)) if minimum is not None else None
    form.spot_checks.data = template.get("spot_checks", "import")
    for indicator in template["indicators"]:
        form.indicators.append_entry(
            {
                **{
                    k: indicator.get(k, "")
                    for k in ("id", "name", "group", "kind", "unit", "better", "source")
                },
                "max_points": Decimal(str(indicator["max_points"])),
                "rule_type": indicator["rule"]["type"],
                "parameters": format_parameters(indicator["rule"]),
            }
        )
    for veto in template.get("vetoes", []):
        form.vetoes.append_entry(veto)
    for band in template["grades"]:
        form.grades.append_entry({"grade": band["grade"], "min": Decimal(str(band["min"]))})


def read_form(form: Any) -> tuple[dict[str, Any], bool]:
    """The template the rows describe; a row's problems are attached to its fields."""
    ok = True
    indicators = []
    for row in form.indicators.entries:
        data = row.form
        if data.remove.data or not any([data.id.data, data.name.data, data.parameters.data]):
            continue
        read = rule_and_points(data, parse_parameters)
        if read is None:
            ok = False
            continue
        rule, points = read
        indicators.append(
            {
                **{k: (data[k].data or "").strip() for k in ("id", "name", "unit", "source")},
                **{k: data[k].data for k in ("group", "kind", "better")},
                "max_points": points,
                "rule": rule,
            }
        )
    vetoes = [
        {"id": (row.form.id.data or "").strip(), "name": (row.form.name.data or "").strip()}
        for row in form.vetoes.entries
        if not row.form.remove.data and (row.form.id.data or row.form.name.data)
    ]
    grades = []
    for row in form.grades.entries:
        if not (row.form.grade.data or "").strip():
            continue
        if row.form.min.data is None:
            row.form.min.errors = [*row.form.min.errors, _("Give the minimum score.")]
            ok = False
            continue
        try:
            minimum = plain_number(row.form.min.data)
        except ParameterError as error:
            row.form.min.errors = [*row.form.min.errors, str(error)]
            ok = False
            continue
        grades.append({"grade": row.form.grade.data.strip(), "min": minimum})
    fairness, fair_ok = _fairness(form)
    template = {
        "decimals": form.decimals.data,
        "credibility": fairness,
        "spot_checks": form.spot_checks.data,
        "grades": grades,
        "vetoes": vetoes,
        "indicators": indicators,
    }
    return template, ok and fair_ok


def _fairness(form: Any) -> tuple[dict[str, Any], bool]:
    """The template's `credibility` from the editor's fields; problems are put on them."""
    method = form.fairness.data
    if method == "minimum":
        if form.min_exposure.data is None:
            form.min_exposure.errors = [*form.min_exposure.errors, _("Give the minimum exposure.")]
            return {"method": method}, False
        return {"method": method, "min_exposure": plain_number(form.min_exposure.data)}, True
    if method != "credibility":
        return {"method": "none"}, True
    k: dict[str, Any] = {}
    for part in SPLIT.split(form.credibility_k.data or ""):
        if not part.strip():
            continue
        ident, _colon, value = part.partition(":")
        try:
            k[ident.strip()] = parse_number(value)
        except ParameterError as error:
            form.credibility_k.errors = [*form.credibility_k.errors, str(error)]
            return {"method": method}, False
    return {"method": method, "reference": form.reference.data, "k": k}, True
