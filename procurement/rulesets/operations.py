"""An administrator's edits of the rule data (audited): a rule's value, unit, citation, whether
it is confirmed against the text, and a note; or the edit removed, back to the shipped file."""

from __future__ import annotations

import re
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.rulesets import catalogue
from procurement.rulesets.catalogue import COUNT, PERIOD, RANGE
from procurement.rulesets.models import RuleOverride
from procurement.rulesets.queries import CACHE


class RuleSetError(DomainError):
    messages = {
        "unknown": _l("No such rule."),
        "days": _l("Give a whole number of days from 0 to 365, or nothing if the law sets none."),
        "unit": _l("Choose calendar days or working days."),
        "count": _l("Give a whole number from 1 to 20."),
        "range": _l("Give the lowest and highest percentage, e.g. 10-30, within 0 and 100."),
        "choice": _l("Choose how an abnormal score is handled."),
        "citation": _l("Give the citation: the law and its article."),
        "not_edited": _l("This rule has no edit to remove."),
    }


def parse_value(kind: str, text: str) -> Any:
    """A rule's value as written in the edit form ("20", "10-30", "replace", "" for no rule)."""
    text = text.strip()
    if kind == PERIOD:
        if not text:
            return None
        if not re.fullmatch(r"\d{1,3}", text):
            raise RuleSetError("days", "value")
        return int(text)
    if kind == COUNT:
        if not re.fullmatch(r"\d{1,2}", text):
            raise RuleSetError("count", "value")
        return int(text)
    if kind == RANGE:
        match = re.fullmatch(r"(\d{1,3})\s*[-–~～至]\s*(\d{1,3})", text)
        if match is None:
            raise RuleSetError("range", "value")
        return [int(match.group(1)), int(match.group(2))]
    return text


def edit_rule(
    jurisdiction: str, route: str, key: str, values: dict[str, Any], admin: User
) -> RuleOverride:
    if (jurisdiction, route) not in catalogue.set_keys() or key not in catalogue.KINDS:
        raise RuleSetError("unknown")
    kind = catalogue.KINDS[key]
    value = parse_value(kind, values["value"])
    unit = values.get("unit") if kind == PERIOD else ("percent" if kind == RANGE else None)
    problem = catalogue.check_value(kind, value, unit)
    if problem is not None:
        raise RuleSetError(problem, "unit" if problem == "unit" else "value")
    citation = values["citation"].strip()
    if not citation:
        raise RuleSetError("citation", "citation")
    row = db.session.get(RuleOverride, (jurisdiction, route, key))
    before = catalogue.own_rules(jurisdiction, route).get(key)
    before_details = _details(row) if row is not None else _file_details(before)
    if row is None:
        row = RuleOverride(jurisdiction=jurisdiction, route=route, key=key)
        db.session.add(row)
    row.value, row.unit, row.citation = value, unit, citation
    row.confirmed, row.note = bool(values["confirmed"]), values.get("note", "").strip()
    row.updated_by_id, row.updated_at = admin.id, clock.now()
    db.session.flush()
    g.pop(CACHE, None)
    record(
        "rules.edit",
        object_type="rule_overrides",
        object_id=f"{jurisdiction}/{route}/{key}",
        details={"before": before_details, "after": _details(row)},
    )
    return row


def remove_edit(jurisdiction: str, route: str, key: str) -> None:
    row = db.session.get(RuleOverride, (jurisdiction, route, key))
    if row is None:
        raise RuleSetError("not_edited")
    details = _details(row)
    db.session.delete(row)
    db.session.flush()
    g.pop(CACHE, None)
    record(
        "rules.remove_edit",
        object_type="rule_overrides",
        object_id=f"{jurisdiction}/{route}/{key}",
        details={"before": details},
    )


def _file_details(rule: catalogue.Rule | None) -> dict[str, Any] | None:
    if rule is None:
        return None
    return {"value": rule.value, "unit": rule.unit, "citation": rule.citation,
            "confirmed": rule.confirmed, "note": rule.note, "from": "file"}  # fmt: skip


def _details(row: RuleOverride) -> dict[str, Any]:
    return {"value": row.value, "unit": row.unit, "citation": row.citation,
            "confirmed": row.confirmed, "note": row.note}  # fmt: skip
