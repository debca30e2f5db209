"""The legal and structural rules a tender's criteria must meet before publication.

The scoring engine checks that criteria are computable; these are the procurement rules on top:
100 points in all, a price weight in the range the route and method allow, the benchmark-price method
only on the tendering-law route, each objective criterion reading a bid value of a matching kind.
Messages are in the user's language and name the criterion at fault.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from procurement.bids.fields import SOURCES_BY_KEY
from procurement.tenders.models import LegalRoute, TenderMethod
from procurement.tenders.template import GROUPS

RULE_TYPES = ("price", "price_deviation", "bands", "deduct", "per_unit", "relative", "checklist",
              "subjective")  # fmt: skip
NUMERIC_RULES = {"bands", "deduct", "per_unit", "relative"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def price_weight_range(route: LegalRoute, method: TenderMethod) -> tuple[float, float]:
    """(lowest, highest) share of the 100 points that price may carry, from the configuration."""
    table = current_app.config["PRICE_WEIGHT_RANGE"]
    low, high = table[f"{route.value}/{method.value}"]
    return float(low), float(high)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _rule_problems(name: str, rule: dict[str, Any], max_points: float) -> list[str]:
    kind = rule.get("type")
    problems: list[str] = []
    if kind not in RULE_TYPES:
        return [_("%(name)s: unknown scoring rule.", name=name)]
    if kind == "bands":
        bands = rule.get("bands") or []
        if not bands or not all(
            isinstance(b, list | tuple) and len(b) == 2 and all(_number(x) for x in b)
            for b in bands
        ):
            problems.append(_("%(name)s: give bands as threshold:points pairs.", name=name))
        else:
            thresholds = [b[0] for b in bands]
            if thresholds != sorted(thresholds, reverse=True) or len(set(thresholds)) != len(bands):
                problems.append(
                    _("%(name)s: list bands from the highest threshold down.", name=name)
                )
            if any(b[1] < 0 or b[1] > max_points for b in bands):
                problems.append(
                    _("%(name)s: band points must lie within 0 and the maximum.", name=name)
                )
    elif kind in {"deduct", "per_unit"}:
        if not _number(rule.get("per_unit")) or rule["per_unit"] <= 0:
            problems.append(_("%(name)s: points per unit must be a positive number.", name=name))
    elif kind == "relative":
        if rule.get("better") not in {"higher", "lower"}:
            problems.append(_("%(name)s: say whether higher or lower is better.", name=name))
    elif kind == "checklist":
        items = rule.get("items") or {}
        if not items or not all(_number(p) and p > 0 for p in items.values()):
            problems.append(_("%(name)s: give checklist items with positive points.", name=name))
        elif sum(items.values()) > max_points + 1e-9:
            problems.append(_("%(name)s: checklist points exceed the maximum.", name=name))
    elif kind == "subjective":
        levels = rule.get("levels")
        if levels is not None and (
            not levels or not all(_number(x) and 0 <= x <= max_points for x in levels)
        ):
            problems.append(_("%(name)s: levels must lie within 0 and the maximum.", name=name))
    elif kind == "price_deviation":
        for key in ("k", "above", "below"):
            if not _number(rule.get(key)) or rule[key] < 0:
                problems.append(_("%(name)s: %(key)s must be a number ≥ 0.", name=name, key=key))
    return problems


def _source_problems(name: str, criterion: dict[str, Any]) -> list[str]:
    kind = criterion["rule"].get("type")
    source_key = criterion.get("source")
    if kind == "subjective":
        return []
    source = SOURCES_BY_KEY.get(source_key or "")
    if source is None:
        return [_("%(name)s: choose which bid value it scores.", name=name)]
    if kind in {"price", "price_deviation"} and source.key != "price":
        return [_("%(name)s: a price rule must score the price.", name=name)]
    if kind in NUMERIC_RULES and source.kind != "number":
        return [_("%(name)s: this rule needs a numeric bid value.", name=name)]
    if kind == "checklist":
        if source.kind != "checklist":
            return [_("%(name)s: a checklist rule needs a checklist bid value.", name=name)]
        known = {key for key, _label in source.items}
        unknown = sorted(set(criterion["rule"].get("items", {})) - known)
        if unknown:
            return [
                _(
                    "%(name)s: unknown checklist items %(items)s.",
                    name=name,
                    items=", ".join(unknown),
                )
            ]
    return []


def problems(
    criteria: list[dict[str, Any]],
    requirements: list[dict[str, str]],
    route: LegalRoute,
    method: TenderMethod,
) -> list[str]:
    found: list[str] = []
    if not criteria:
        return [_("Add at least one criterion.")]
    seen: set[str] = set()
    for index, criterion in enumerate(criteria, start=1):
        name = criterion.get("name") or _("Criterion %(n)s", n=index)
        cid = criterion.get("id", "")
        if not ID_PATTERN.match(cid):
            found.append(
                _("%(name)s: the code must be lower-case letters, digits or _.", name=name)
            )
        elif cid in seen:
            found.append(_("%(name)s: the code %(id)s is used twice.", name=name, id=cid))
        seen.add(cid)
        if not str(criterion.get("name", "")).strip():
            found.append(_("%(name)s: give it a name.", name=name))
        if criterion.get("group") not in GROUPS:
            found.append(_("%(name)s: choose a group.", name=name))
        max_points = criterion.get("max_points")
        if not _number(max_points) or max_points <= 0:
            found.append(_("%(name)s: the maximum must be a positive number.", name=name))
            continue
        rule = criterion.get("rule") or {}
        found.extend(_rule_problems(name, rule, max_points))
        found.extend(_source_problems(name, criterion))
        if rule.get("type") == "price_deviation" and route is not LegalRoute.TENDERING_LAW:
            found.append(
                _(
                    "%(name)s: the benchmark-price method is allowed only on the tendering-law "
                    "route; government procurement uses the lowest-price method.",
                    name=name,
                )
            )
    total = sum(c.get("max_points", 0) for c in criteria if _number(c.get("max_points")))
    if abs(total - 100) > 1e-9:
        found.append(
            _("The criteria total %(total)s points; they must total 100.", total=f"{total:g}")
        )
    price_points = sum(
        c["max_points"]
        for c in criteria
        if (c.get("rule") or {}).get("type") in {"price", "price_deviation"}
        and _number(c.get("max_points"))
    )
    if price_points == 0:
        found.append(_("Price must be scored: add a price criterion."))
    else:
        low, high = price_weight_range(route, method)
        share = price_points / total * 100 if total else 0
        if not low <= share <= high:
            found.append(
                _(
                    "Price carries %(share)s%% of the points; this route and method allow "
                    "%(low)s%% to %(high)s%%.",
                    share=f"{share:g}",
                    low=f"{low:g}",
                    high=f"{high:g}",
                )
            )
    requirement_ids: set[str] = set()
    for index, requirement in enumerate(requirements, start=1):
        if not str(requirement.get("text", "")).strip():
            found.append(_("Qualification requirement %(n)s: give its text.", n=index))
        if requirement.get("id") in requirement_ids:
            found.append(_("Qualification requirement %(n)s: its code is used twice.", n=index))
        requirement_ids.add(requirement.get("id", ""))
    return found
