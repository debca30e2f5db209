"""The rule sets shipped as data files (procurement/rulesets/data/*.toml), read and merged.

A tender names a jurisdiction (a code: "national", "500000" 重庆市, "440200" 韶关市 …) and a legal
route. Its rule set is the national set of the route, with the additions of the jurisdiction's
province file for that route laid over it, rule by rule. Every rule carries its citation; a rule
the law does not fix has no value. `confirmed = false` marks a rule to check against the text.
Administrators' edits are kept in the database (models.RuleOverride) and laid over the files by
queries.rule_set. Nothing here touches the database: the files are read once per process.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
NATIONAL = "national"
ROUTES = ("government_procurement", "tendering_law")
METHODS = ("open_tender", "competitive_consultation")

# Every rule a set has, and the kind of value it takes (checked when files load and on edits).
PERIOD, COUNT, RANGE, CHOICE = "period", "count", "range", "choice"
KINDS: dict[str, str] = {
    **{f"bidding_period.{m}": PERIOD for m in METHODS},
    **{f"amendment_period.{m}": PERIOD for m in METHODS},
    "notice": PERIOD,
    "objection_window": PERIOD,
    "objection_reply": PERIOD,
    "award_deadline": PERIOD,
    "candidates": COUNT,
    "consultation_suppliers": COUNT,
    **{f"price_weight.{m}": RANGE for m in METHODS},
    "outlier": CHOICE,
}
UNITS = ("calendar_days", "working_days")
OUTLIER_HANDLING = ("replace", "explain")  # by the others' mean; the member explains or corrects


@dataclass(frozen=True)
class Rule:
    key: str
    value: Any  # int (days, count), [low, high] (percent), "replace"/"explain", or None: no rule
    unit: str | None
    citation: str
    confirmed: bool = True
    note: str = ""
    source: str = NATIONAL  # the jurisdiction whose file (or edit) gave it
    edited: bool = False  # an administrator's edit overrides the file

    @property
    def days(self) -> int | None:
        return None if self.value is None else int(self.value)


@dataclass(frozen=True)
class RuleSet:
    jurisdiction: str
    route: str
    title: str
    rules: dict[str, Rule]

    def __getitem__(self, key: str) -> Rule:
        return self.rules[key]

    @property
    def unconfirmed(self) -> list[Rule]:
        return [rule for rule in self.rules.values() if not rule.confirmed]


class CatalogueError(ValueError):
    """A broken data file: a bug to fix in the file, found when the files are first read."""


def check_value(kind: str, value: Any, unit: str | None) -> str | None:
    """What is wrong with a rule's value for its kind, as a code, or None."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if kind == PERIOD:
        if value is None:
            return None  # the law sets no such period
        if not whole or not 0 <= value <= 365:
            return "days"
        return None if unit in UNITS else "unit"
    if kind == COUNT:
        return None if whole and 1 <= value <= 20 else "count"
    if kind == RANGE:
        if not (isinstance(value, list) and len(value) == 2):
            return "range"
        low, high = value
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        return None if numbers and 0 <= low <= high <= 100 else "range"
    return None if value in OUTLIER_HANDLING else "choice"


def _rule(key: str, raw: dict[str, Any], source: str, file: str) -> Rule:
    if key not in KINDS:
        raise CatalogueError(f"{file}: unknown rule {key!r}")
    extra = set(raw) - {"value", "unit", "citation", "confirmed", "note"}
    if extra or not str(raw.get("citation", "")).strip():
        raise CatalogueError(f"{file}: rule {key!r} needs a citation and no other fields")
    problem = check_value(KINDS[key], raw.get("value"), raw.get("unit"))
    if problem is not None:
        raise CatalogueError(f"{file}: rule {key!r}: bad {problem}")
    return Rule(
        key, raw.get("value"), raw.get("unit"), raw["citation"], bool(raw.get("confirmed", True)),
        raw.get("note", ""), source,
    )  # fmt: skip


@cache
def _files() -> tuple[dict[str, RuleSet], dict[str, dict[str, dict[str, Rule]]], dict[str, str]]:
    """(national sets by route, additions by jurisdiction and route, place names by code)."""
    national: dict[str, RuleSet] = {}
    additions: dict[str, dict[str, dict[str, Rule]]] = {}
    places: dict[str, str] = {}
    for path in sorted(DATA.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        code = data["jurisdiction"]
        if code == NATIONAL:
            route = data["route"]
            rules = {k: _rule(k, v, NATIONAL, path.name) for k, v in data["rules"].items()}
            if set(rules) != set(KINDS):
                missing = sorted(set(KINDS) - set(rules))
                raise CatalogueError(f"{path.name}: the national set lacks {missing}")
            national[route] = RuleSet(NATIONAL, route, data["title"], rules)
            continue
        places.update(data["places"])
        additions[code] = {
            route: {k: _rule(k, v, code, path.name) for k, v in data.get(route, {}).items()}
            for route in ROUTES
        }
    if set(national) != set(ROUTES):
        raise CatalogueError("a national rule set per route is required")
    return national, additions, places


def places() -> dict[str, str]:
    """Every jurisdiction a tender may name: code → name, the nation first."""
    return {NATIONAL: "全国", **_files()[2]}


def province_of(jurisdiction: str) -> str | None:
    """The code of the province file that holds a jurisdiction's additions, or None."""
    additions = _files()[1]
    if jurisdiction in additions:
        return jurisdiction
    province = jurisdiction[:2] + "0000"
    return province if province in additions else None


def file_rule_set(jurisdiction: str, route: str) -> RuleSet:
    """The rule set of the files alone (without administrators' edits)."""
    national, additions, names = _files()
    base = national[route]
    province = province_of(jurisdiction)
    rules = dict(base.rules)
    if province is not None:
        rules.update(additions[province][route])
    title = base.title if province is None else f"{base.title} + {names.get(province, province)}"
    return replace(base, jurisdiction=jurisdiction, title=title, rules=rules)


def set_keys() -> list[tuple[str, str]]:
    """(jurisdiction, route) of every set an administrator may edit: the national ones and each
    province's additions."""
    keys = [(NATIONAL, route) for route in ROUTES]
    keys += [(code, route) for code in sorted(_files()[1]) for route in ROUTES]
    return keys


def own_rules(jurisdiction: str, route: str) -> dict[str, Rule]:
    """The rules a file itself states (a province: only its additions)."""
    national, additions, _names = _files()
    if jurisdiction == NATIONAL:
        return dict(national[route].rules)
    return dict(additions[jurisdiction][route])
