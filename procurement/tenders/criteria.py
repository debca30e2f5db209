"""The legal and structural rules a tender's criteria must meet before publication.

The scoring engine checks that criteria are computable; these are the procurement rules on top:
100 points in all, a price weight in the range the route and method allow, the benchmark-price method
only on the tendering-law route, each objective criterion reading a bid value of a matching kind.
Messages are in the user's language and name the criterion at fault.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from procurement.bids.fields import NO_RECORD_LABELS, REGISTER_SOURCES, SOURCES_BY_KEY
from procurement.rulesets.queries import rule_set
from procurement.tenders.models import LegalRoute, TenderMethod
from procurement.tenders.template import GROUPS

if TYPE_CHECKING:
    from scoring import RuleProblem

RULE_TYPES = ("price", "price_deviation", "bands", "deduct", "per_unit", "relative", "checklist",
              "subjective")  # fmt: skip
NUMERIC_RULES = {"bands", "deduct", "per_unit", "relative"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def price_weight_range(
    route: LegalRoute, method: TenderMethod, jurisdiction: str
) -> tuple[float, float, str]:
    """(lowest, highest) share of the 100 points that price may carry, and the citation, from the
    tender's rule set (procurement/rulesets)."""
    rule = rule_set(jurisdiction, route.value)[f"price_weight.{method.value}"]
    low, high = rule.value
    return float(low), float(high), rule.citation


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


# The engine's rule problems (scoring.rule_problems) in the user's words, by the rule's parameter
# at fault and, where one parameter has several, by code.
RULE_MESSAGES: dict[str, Any] = {
    "type": _l("%(name)s: unknown scoring rule."),
    "bands": _l("%(name)s: give bands as threshold:points pairs."),
    "bands/band_order": _l("%(name)s: list bands from the highest threshold down."),
    "bands/too_small": _l("%(name)s: band points must lie within 0 and the maximum."),
    "bands/too_large": _l("%(name)s: band points must lie within 0 and the maximum."),
    "per_unit": _l("%(name)s: points per unit must be a positive number."),
    "better": _l("%(name)s: say whether higher or lower is better."),
    "items": _l("%(name)s: give checklist items with positive points."),
    "levels": _l("%(name)s: levels must lie within 0 and the maximum."),
    "k": _l("%(name)s: %(key)s must be a number ≥ 0."),
    "k/too_large": _l("%(name)s: k must be below 1."),
    "k/not_candidate": _l("%(name)s: k must be one of the candidate values of K."),
    "k_candidates": _l("%(name)s: each candidate value of K must be a number from 0 to below 1."),
    "k_candidates/not_list": _l("%(name)s: list the candidate values of K."),
    "k_candidates/empty": _l("%(name)s: list the candidate values of K."),
    "k_candidates/duplicate": _l("%(name)s: a candidate value of K is listed twice."),
    "k_candidates/too_many": _l("%(name)s: K may have at most 100 candidate values."),
    "above": _l("%(name)s: %(key)s must be a number ≥ 0."),
    "below": _l("%(name)s: %(key)s must be a number ≥ 0."),
    "above/segment_order": _l("%(name)s: the ends of the price segments must rise."),
    "below/segment_order": _l("%(name)s: the ends of the price segments must rise."),
    "deviation_decimals": _l("%(name)s: deviation_decimals must be a whole number from 0 to 6."),
    "trim": _l("%(name)s: write trim as minimum bids/highest dropped/lowest dropped, dropping fewer "
               "than the minimum."),
    "unknown_field": _l("%(name)s: the rule has no parameter %(key)s."),
}  # fmt: skip


def _rule_message(name: str, problem: RuleProblem) -> str:
    parameter = re.split(r"[.\[]", problem["path"], maxsplit=1)[0]
    if problem["code"] == "unknown_field":
        template = RULE_MESSAGES["unknown_field"]
    elif problem["code"] in {"not_object", "unknown_type"} and parameter in {"", "type"}:
        template = RULE_MESSAGES["type"]
    else:
        template = RULE_MESSAGES.get(f"{parameter}/{problem['code']}", RULE_MESSAGES[parameter])
    return str(template) % {"name": name, "key": problem["path"] or parameter}


def _rule_problems(name: str, rule: Any, max_points: float) -> list[str]:
    """The engine's verdict on the rule, in words (each message once), then the procurement rule
    that a checklist's items may not add up to more than the criterion's maximum."""
    from scoring import rule_problems  # numpy: not at the app's start

    messages = list(dict.fromkeys(_rule_message(name, p) for p in rule_problems(rule, max_points)))
    if (
        not messages
        and rule["type"] == "checklist"
        and sum(rule["items"].values()) > max_points + 1e-9
    ):
        messages.append(_("%(name)s: checklist points exceed the maximum.", name=name))
    return messages


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


def _no_record_problems(name: str, criterion: dict[str, Any]) -> list[str]:
    """A criterion taking a register figure: how a bidder without a record is scored."""
    rule = criterion.get("no_record")
    if rule is None:
        return []  # the worst figure
    if criterion.get("source") not in REGISTER_SOURCES:
        return [
            _(
                "%(name)s: only a figure from the pilot register has a rule for bidders without a record.",
                name=name,
            )
        ]
    if rule not in NO_RECORD_LABELS:
        return [_("%(name)s: choose how a bidder without a record is scored.", name=name)]
    value = criterion.get("no_record_value")
    if rule != "fixed":
        return []
    if not _number(value) or value is None or value < 0:
        return [_("%(name)s: give the fixed figure a bidder without a record is given.", name=name)]
    if criterion["source"] == "register_satisfaction" and value > 100:
        return [_("%(name)s: a satisfaction figure is at most 100.", name=name)]
    return []


def _same_no_record(criteria: list[dict[str, Any]]) -> list[str]:
    """Criteria taking the same register figure give a bidder without a record the same one."""
    rules: dict[str, set[tuple[Any, Any]]] = {}
    for c in criteria:
        if c.get("source") in REGISTER_SOURCES:
            rule = (c.get("no_record") or "worst", c.get("no_record_value"))
            rules.setdefault(str(c["source"]), set()).add(rule)
    if any(len(found) > 1 for found in rules.values()):
        return [
            _(
                "Criteria scoring the same register figure must score a bidder without a record alike."
            )
        ]
    return []


def problems(
    criteria: list[dict[str, Any]],
    requirements: list[dict[str, str]],
    route: LegalRoute,
    method: TenderMethod,
    jurisdiction: str,
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
        if not _number(max_points) or max_points is None or max_points <= 0:
            found.append(_("%(name)s: the maximum must be a positive number.", name=name))
            continue
        rule = criterion.get("rule") or {}
        found.extend(_rule_problems(name, rule, max_points))
        found.extend(_source_problems(name, criterion))
        found.extend(_no_record_problems(name, criterion))
        if rule.get("type") == "price_deviation" and route is not LegalRoute.TENDERING_LAW:
            found.append(
                _(
                    "%(name)s: the benchmark-price method is allowed only on the tendering-law "
                    "route; government procurement uses the lowest-price method.",
                    name=name,
                )
            )
    found.extend(_same_no_record(criteria))
    drawing = [c for c in criteria if "k_candidates" in (c.get("rule") or {})]
    if len(drawing) > 1:
        found.append(_("Only one criterion may draw the coefficient K at opening."))
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
        low, high, citation = price_weight_range(route, method, jurisdiction)
        share = price_points / total * 100 if total else 0
        if not low <= share <= high:
            found.append(
                _(
                    "Price carries %(share)s%% of the points; this route and method allow "
                    "%(low)s%% to %(high)s%% (%(rule)s).",
                    share=f"{share:g}",
                    low=f"{low:g}",
                    high=f"{high:g}",
                    rule=citation,
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
