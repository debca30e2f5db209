"""The city regulator's page: which of its districts have submitted their annual report (latest
version, time, SHA-256) and the city roll-up of 附件1, computed over the whole city's register."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_login import current_user

from procurement import clock
from procurement.accounts.models import Role
from procurement.queryargs import int_arg
from procurement.register import annexes, queries, reports
from procurement.register.blueprint import bp
from procurement.security import roles


@bp.route("/pilot/city/")
@roles(Role.SUPERVISOR)
def city_home() -> Any:
    city = queries.city_office_district(current_user)
    if city is None:
        abort(404)
    year = int_arg("year", default=clock.to_local(clock.now()).year, low=2000, high=2100)
    rows = [(d, reports.versions(d, year)) for d in queries.districts_under(city)]
    return render_template(
        "register/city.html", city=city, year=year, rows=rows,
        one=annexes.annex1(city, year), due=reports.due_on(year),
    )  # fmt: skip
