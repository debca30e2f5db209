"""The working-day calendar, maintained by administrators."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from procurement import clock
from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.security import roles
from procurement.workdays import operations
from procurement.workdays.forms import CalendarDayForm
from procurement.workdays.models import CalendarDay

bp = Blueprint("workdays", __name__, url_prefix="/calendar")


@bp.route("/", methods=["GET", "POST"])
@roles(Role.ADMIN)
def index() -> Any:
    year = request.args.get("year", type=int) or clock.to_local(clock.now()).year
    form = CalendarDayForm()
    if form.validate_on_submit():
        operations.set_day(form.day.data, form.kind.data == "workday", form.name.data)
        db.session.commit()
        flash(_("%(day)s saved.", day=form.day.data.isoformat()), "success")
        return redirect(url_for("workdays.index", year=form.day.data.year))
    days = db.session.scalars(
        sa.select(CalendarDay)
        .where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(CalendarDay.day)
    ).all()
    status = 400 if request.method == "POST" else 200
    return render_template("workdays/index.html", form=form, days=days, year=year), status


@bp.post("/<day>/remove")
@roles(Role.ADMIN)
def remove(day: str) -> Any:
    try:
        operations.remove_day(date.fromisoformat(day))
    except (ValueError, operations.CalendarError):
        flash(_("No such day in the calendar."), "error")
        return redirect(url_for("workdays.index"))
    db.session.commit()
    flash(_("%(day)s removed: it follows the weekend rule again.", day=day), "success")
    return redirect(url_for("workdays.index", year=day[:4]))
