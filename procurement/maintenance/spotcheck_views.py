"""The officer's pages of the insurers' spot checks in a period: the list (filtered by company,
insurer, result and day, paginated) and each spot check with its photos. Only the period's office:
another office's period is a 404 (blueprint.load_period)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request

from procurement.accounts.models import Role
from procurement.maintenance import spotcheck_queries as queries
from procurement.maintenance.blueprint import bp, load_period
from procurement.maintenance.forms import SpotCheckFilterForm
from procurement.queryargs import paginate
from procurement.security import roles

PASSED = {"pass": True, "fail": False}


@bp.get("/manage/maintenance/periods/<int:period_id>/spot-checks")
@roles(Role.OFFICER)
def period_spot_checks(period_id: int) -> Any:
    period = load_period(period_id)
    form = SpotCheckFilterForm(request.args)
    form.fill(*queries.filter_choices(period))
    valid = form.validate()
    filters: dict[str, Any] = {}
    if valid:
        filters = {
            "company": int(form.company.data) if form.company.data else None,
            "insurer": int(form.insurer.data) if form.insurer.data else None,
            "passed": PASSED.get(form.result.data or ""),
            "since": form.since.data,
            "until": form.until.data,
        }
    page = paginate(queries.period_spot_checks(period, **filters), error_out=False)
    status = 200 if valid or not request.args else 400
    return render_template(
        "maintenance/period_spot_checks.html", period=period, form=form, page=page
    ), status


@bp.get("/manage/maintenance/periods/<int:period_id>/spot-checks/<int:check_id>")
@roles(Role.OFFICER)
def period_spot_check(period_id: int, check_id: int) -> Any:
    period = load_period(period_id)
    check = queries.period_spot_check(period, check_id)
    if check is None:
        abort(404)
    return render_template("maintenance/period_spot_check.html", period=period, check=check)
