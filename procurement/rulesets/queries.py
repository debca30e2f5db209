"""The rule set a tender follows: the data files with the administrators' edits laid over them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import g

from procurement.extensions import db
from procurement.rulesets import catalogue
from procurement.rulesets.catalogue import NATIONAL, Rule, RuleSet
from procurement.rulesets.models import RuleOverride


def _edited(row: RuleOverride) -> Rule:
    return Rule(
        row.key, row.value, row.unit, row.citation, row.confirmed, row.note,
        source=row.jurisdiction, edited=True,
    )  # fmt: skip


def overrides(jurisdictions: list[str], route: str) -> dict[tuple[str, str], RuleOverride]:
    rows = db.session.scalars(
        sa.select(RuleOverride).where(
            RuleOverride.jurisdiction.in_(jurisdictions), RuleOverride.route == route
        )
    )
    return {(row.jurisdiction, row.key): row for row in rows}


CACHE = "rule_sets"  # on flask.g: a page asks for a tender's rules several times in one request


def rule_set(jurisdiction: str, route: str) -> RuleSet:
    """National file → national edits → the province's additions → the province's edits; read
    once per request (operations.edit_rule forgets the request's copy)."""
    cache: dict[tuple[str, str], RuleSet] = g.setdefault(CACHE, {})
    if (jurisdiction, route) not in cache:
        cache[(jurisdiction, route)] = _rule_set(jurisdiction, route)
    return cache[(jurisdiction, route)]


def _rule_set(jurisdiction: str, route: str) -> RuleSet:
    province = catalogue.province_of(jurisdiction)
    edits = overrides([NATIONAL] + ([province] if province else []), route)
    rules = dict(catalogue.file_rule_set(NATIONAL, route).rules)
    rules.update({key: _edited(row) for (code, key), row in edits.items() if code == NATIONAL})
    if province is not None:
        rules.update(catalogue.own_rules(province, route))
        rules.update({key: _edited(row) for (code, key), row in edits.items() if code == province})
    title = catalogue.file_rule_set(jurisdiction, route).title
    return RuleSet(jurisdiction, route, title, rules)


def rules_of(tender: Any) -> RuleSet:
    """The rule set a tender follows (its jurisdiction and route)."""
    return rule_set(tender.jurisdiction, str(tender.route))


def own_set(jurisdiction: str, route: str) -> dict[str, Rule]:
    """What one set states itself, edits included: the rules an administrator edits on its page."""
    rules = catalogue.own_rules(jurisdiction, route)
    for (_code, key), row in overrides([jurisdiction], route).items():
        rules[key] = _edited(row)
    return rules


def place_name(jurisdiction: str) -> str:
    return catalogue.places().get(jurisdiction, jurisdiction)


__all__ = ["own_set", "place_name", "rule_set", "rules_of"]
