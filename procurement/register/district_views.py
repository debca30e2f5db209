"""A district office's pages of the register: the annexes of its district for a year, on the page
and as XLSX and PDF (another office's district is not reachable: the district is the account's)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement import clock
from procurement.accounts.models import Role
from procurement.organisations.models import District
from procurement.queryargs import int_arg
from procurement.register import annexes, queries, report_views, reports
from procurement.register.blueprint import bp
from procurement.register.forms import SubmitReportForm
from procurement.security import roles
from procurement.web import attempt

SHOWN_ROWS = 200  # 附件2 rows on the page; the downloads hold them all


def district_or_404() -> District:
    district = queries.office_district(current_user)
    if district is None:
        abort(404)
    return district


def _year() -> int:
    return int_arg("year", default=clock.to_local(clock.now()).year, low=2000, high=2100)


@bp.route("/pilot/district/")
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_home() -> Any:
    district, year = district_or_404(), _year()
    one, two = annexes.annex1(district, year), annexes.annex2(district, year)
    versions = reports.versions(district, year)
    changed = bool(versions) and reports.changed_since(versions[0], district, one, two)
    return render_template(
        "register/district.html", district=district, year=year, one=one, two=two,
        shown=SHOWN_ROWS, form=SubmitReportForm(), versions=versions, changed=changed,
        due=reports.due_on(year),
    )  # fmt: skip


@bp.post("/pilot/district/submit")
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_submit() -> Any:
    district, year = district_or_404(), _year()
    form = SubmitReportForm()
    if form.validate_on_submit():
        done = attempt(reports.submit, district, year, current_user, form.reason.data or "")
        if done.ok:
            flash(_("Report submitted: version %(v)s.", v=done.value.version), "success")
        else:
            done.flash_problems()
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("register.district_home", year=year))


@bp.route("/pilot/district/annex<int:number>.<fmt>")
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_annex(number: int, fmt: str) -> Any:
    if number not in {1, 2} or fmt not in {"xlsx", "pdf"}:
        abort(404)
    return report_views.ask_live(district_or_404(), _year(), number, fmt)  # a worker renders it
