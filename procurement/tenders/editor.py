"""Between the criteria editor's rows and the engine's criteria: one text box per rule's parameters,
in the notation of procurement/rulenotation.py (shared with the maintenance template editor)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from procurement.bids.fields import REGISTER_SOURCES
from procurement.rulenotation import format_rule, points_total, rule_and_points

__all__ = ["fill_form", "format_rule", "points_total", "read_form"]


def _decimal(value: Any) -> Decimal | None:
    """A stored figure as the editor shows it: 48, not 48.0."""
    if value is None:
        return None
    return Decimal(int(value)) if float(value).is_integer() else Decimal(str(value))


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
                "no_record": criterion.get("no_record", "worst"),
                "no_record_value": _decimal(criterion.get("no_record_value")),
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
            "max_points": points,
            "rule": rule,
            "guidance": (data.guidance.data or "").strip(),
        }
        if rule["type"] != "subjective" and data.source.data:
            criterion["source"] = data.source.data
        if data.source.data in REGISTER_SOURCES:  # past performance: a bidder without a record
            criterion["no_record"] = data.no_record.data or "worst"
            if criterion["no_record"] == "fixed" and data.no_record_value.data is not None:
                criterion["no_record_value"] = float(data.no_record_value.data)
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
