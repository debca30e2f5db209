"""The working-day calendar, maintained by administrators."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from procurement import clock
from procurement.accounts.models import Role
from procurement.queryargs import EARLIEST_DATE, LATEST_DATE, int_arg
from procurement.security import roles
from procurement.web import attempt, form_status
from procurement.workdays import operations, queries
from procurement.workdays.forms import CalendarDayForm

bp = Blueprint("workdays", __name__, url_prefix="/calendar")


@bp.route("/", methods=["GET", "POST"])
@roles(Role.ADMIN)
def index() -> Any:
    year = int_arg("year", clock.to_local(clock.now()).year, EARLIEST_DATE.year, LATEST_DATE.year)
    form = CalendarDayForm()
    if form.validate_on_submit() and form.day.data is not None:
        day = form.day.data
        done = attempt(operations.set_day, day, form.kind.data == "workday", form.name.data or "")
        if done.ok:
            flash(_("%(day)s saved.", day=day.isoformat()), "success")
            return redirect(url_for("workdays.index", year=day.year))
        done.place_on(form)
    days = queries.days_of(year)
    return render_template("workdays/index.html", form=form, days=days, year=year), form_status()


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@bp.post("/<day>/remove")
@roles(Role.ADMIN)
def remove(day: str) -> Any:
    done = attempt(operations.remove_day, _iso_date(day))
    if not done.ok:
        done.flash_problems()
        return redirect(url_for("workdays.index"))
    flash(_("%(day)s removed: it follows the weekend rule again.", day=day), "success")
    return redirect(url_for("workdays.index", year=day[:4]))
