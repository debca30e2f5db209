"""A user unit's page of the register (Role.COMMUNITY): its elevators, the insurers that cover
them, and its ratings of their service, with the form that adds one."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.organisations.models import Organisation
from procurement.register import queries, ratings
from procurement.register.blueprint import bp
from procurement.register.forms import RatingForm
from procurement.security import roles
from procurement.web import attempt


def _unit() -> Organisation:
    unit = queries.community_unit(current_user)
    if unit is None:
        abort(404)
    return unit


@bp.route("/pilot/unit/", methods=["GET", "POST"])
@roles(Role.COMMUNITY)
def unit_home() -> Any:
    unit = _unit()
    form = RatingForm()
    form.insurer.choices = queries.unit_insurers(unit.id)
    status, problems = 200, list[str]()
    if form.validate_on_submit():
        score, comments = int(form.score.data or 0), form.comments.data or ""
        done = attempt(ratings.rate, unit, form.insurer.data, score, comments)
        if done.ok:
            flash(_("Thank you: your rating is recorded."), "success")
            return redirect(url_for("register.unit_home"))
        problems = done.place_on(form)
    if form.errors or problems:
        status = 400
    return render_template(
        "register/unit.html", unit=unit, form=form, problems=problems,
        elevators=queries.unit_elevators(unit.id), surveys=queries.unit_surveys(unit.id),
    ), status  # fmt: skip
