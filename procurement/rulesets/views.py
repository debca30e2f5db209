"""The rule data for administrators: every set with its citations, and the edit of one rule."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.rulesets import catalogue, operations, queries
from procurement.rulesets.display import RULE_LABELS, in_words, value_text
from procurement.rulesets.forms import RuleForm
from procurement.security import roles
from procurement.web import attempt, form_status

bp = Blueprint("rulesets", __name__, url_prefix="/rules")


@bp.get("/")
@roles(Role.ADMIN)
def index() -> Any:
    sets = [
        (code, route, queries.place_name(code), queries.own_set(code, route))
        for code, route in catalogue.set_keys()
    ]
    return render_template("rulesets/index.html", sets=sets, labels=RULE_LABELS, words=in_words)


def _rule_of(jurisdiction: str, route: str, key: str) -> catalogue.Rule | None:
    """The rule as the set states it now, or None for a rule a province does not add yet;
    404 for a set or a rule that does not exist."""
    if (jurisdiction, route) not in catalogue.set_keys() or key not in catalogue.KINDS:
        abort(404)
    return queries.own_set(jurisdiction, route).get(key)


@bp.route("/<jurisdiction>/<route>/<key>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit(jurisdiction: str, route: str, key: str) -> Any:
    rule = _rule_of(jurisdiction, route, key)
    form = RuleForm(obj=rule)
    if rule is not None and not form.is_submitted():
        form.value.data, form.unit.data = value_text(rule), rule.unit or "calendar_days"
    if form.validate_on_submit():
        done = attempt(operations.edit_rule, jurisdiction, route, key, form.values(), current_user)
        if done.ok:
            flash(_("Rule saved."), "success")
            return redirect(url_for("rulesets.index"))
        done.place_on(form)
    return render_template(
        "rulesets/edit.html", form=form, rule=rule, key=key, label=RULE_LABELS[key],
        place=queries.place_name(jurisdiction), jurisdiction=jurisdiction, route=route,
    ), form_status()  # fmt: skip


@bp.post("/<jurisdiction>/<route>/<key>/remove")
@roles(Role.ADMIN)
def remove(jurisdiction: str, route: str, key: str) -> Any:
    _rule_of(jurisdiction, route, key)
    done = attempt(operations.remove_edit, jurisdiction, route, key)
    if done.ok:
        flash(_("Edit removed: the rule follows the shipped data again."), "success")
    else:
        done.flash_problems()
    return redirect(url_for("rulesets.index"))


@bp.app_context_processor
def rule_words() -> dict[str, Any]:
    """For the tender pages that show the rules a tender follows, with their citations."""
    return {
        "place_name": queries.place_name,
        "legal_rule_labels": RULE_LABELS,
        "legal_rule_words": in_words,
    }
