"""A rule in words, for the rule pages and the tender page (the citation is shown beside it)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from procurement.rulesets.catalogue import Rule
from procurement.rulesets.forms import OUTLIER_LABELS

RULE_LABELS = {
    "bidding_period.open_tender": _l("Least bidding period, open tender"),
    "bidding_period.competitive_consultation": _l("Least bidding period, competitive consultation"),
    "amendment_period.open_tender": _l("Amendments at least this long before the deadline, open tender"),
    "amendment_period.competitive_consultation": _l(
        "Amendments at least this long before the deadline, competitive consultation"),
    "notice": _l("Notice period of the result or candidates"),
    "objection_window": _l("Objections after the notice ends"),
    "objection_reply": _l("Reply to an objection within"),
    "award_deadline": _l("Award after the objection window within"),
    "candidates": _l("Ranked candidates, at most"),
    "consultation_suppliers": _l("Suppliers in a competitive consultation, at least"),
    "price_weight.open_tender": _l("Price weight, open tender"),
    "price_weight.competitive_consultation": _l("Price weight, competitive consultation"),
    "outlier": _l("An abnormal member score is"),
}  # fmt: skip


def in_words(rule: Rule) -> str:
    if rule.value is None:
        return _("no rule")
    if rule.unit == "working_days":
        return _("%(n)s working days", n=rule.value)
    if rule.unit == "calendar_days":
        return _("%(n)s days", n=rule.value)
    if rule.unit == "percent":
        return _("%(low)s%% to %(high)s%%", low=rule.value[0], high=rule.value[1])
    if rule.key == "outlier":
        return str(OUTLIER_LABELS[rule.value])
    return str(rule.value)


def value_text(rule: Rule) -> str:
    """The value as the edit form writes it."""
    if rule.value is None:
        return ""
    if isinstance(rule.value, list):
        return f"{rule.value[0]}-{rule.value[1]}"
    return str(rule.value)
