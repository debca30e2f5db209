"""The officer's pages of the company registry (list, search, upload, add and edit a company) and the
template files for the three imports, on the maintenance blueprint (blueprint.py)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from procurement.accounts.models import Role
from procurement.downloads import CSV, XLSX, send_download
from procurement.extensions import db
from procurement.maintenance import operations as ops
from procurement.maintenance import queries, sheets
from procurement.maintenance.blueprint import (
    ERROR_LIMIT,
    UPLOAD_LIMIT,
    bp,
    form_problems,
    load_company,
    load_period,
    problem_text,
    stage_upload,
)
from procurement.maintenance.forms import CompanyForm, CompanySearchForm, UploadForm
from procurement.maintenance.models import ImportKind
from procurement.maintenance.records import HEADERS
from procurement.queryargs import paginate
from procurement.security import roles, upload_limit
from procurement.spreadsheets import table
from procurement.web import attempt, form_status

FORMATS = {"csv": CSV, "xlsx": XLSX}

# The template files: headers, one example row, the sheet's title and the file's name.
TEMPLATE_FILES = {
    "records": (
        HEADERS,
        ["50010500012025000001", "915001000000000012", "渝中区", "12", "1", "5", "0", "2", "11.5",
         "2", "合格", "2025-06-18", "0"],
        "电梯记录",
        "elevator-records",
    ),
    "companies": (
        sheets.REGISTRY_HEADERS,
        ["915001000000000012", "重庆某某电梯工程有限公司", "TS3450000001", "2027-12-31",
         "渝中区、江北区"],
        "维保单位",
        "maintenance-companies",
    ),
}  # fmt: skip


@bp.route("/manage/maintenance/companies", methods=["GET", "POST"])
@roles(Role.OFFICER)
@upload_limit(UPLOAD_LIMIT)
def companies() -> Any:
    search = CompanySearchForm(request.args)
    upload_form = UploadForm(prefix="companies")
    upload_errors, problem = None, None
    if request.method == "POST":
        if not upload_form.validate_on_submit():
            problem = form_problems(upload_form)
        else:
            staged, upload_errors, problem = stage_upload(ImportKind.COMPANIES, None, upload_form)
            if staged is not None:
                return staged
    term = search.q.data if search.validate() and search.q.data else ""
    page = paginate(queries.registry(term), error_out=False)
    return render_template(
        "maintenance/companies.html", page=page, search=search, upload_form=upload_form,
        upload_errors=upload_errors, problem=problem, error_limit=ERROR_LIMIT,
    ), form_status()  # fmt: skip


@bp.route("/manage/maintenance/companies/new", methods=["GET", "POST"])
@bp.route("/manage/maintenance/companies/<int:company_id>", methods=["GET", "POST"])
@roles(Role.OFFICER)
def company_form(company_id: int | None = None) -> Any:
    company = load_company(company_id)
    form = CompanyForm(obj=company)
    if request.method == "GET" and company is not None:
        form.districts.data = "、".join(company.districts)
    problem = None
    if form.validate_on_submit():
        done = attempt(ops.save_company, company, **_company_fields(form))
        if done.ok:
            flash(_("The company is saved."), "success")
            return redirect(url_for("maintenance.companies"))
        problem = problem_text(done.place_on(form))
    return render_template(
        "maintenance/company_form.html", form=form, company=company, problem=problem
    ), form_status()


def _company_fields(form: CompanyForm) -> dict[str, Any]:
    return {
        "uscc": form.uscc.data,
        "name": (form.name.data or "").strip(),
        "licence_no": (form.licence_no.data or "").strip(),
        "licence_expires_on": form.licence_expires_on.data,
        "in_city_since": form.in_city_since.data,
        "districts": sheets.split_districts(form.districts.data or ""),
    }


@bp.get("/manage/maintenance/template-files/<kind>.<fmt>")
@roles(Role.OFFICER)
def template_file(kind: str, fmt: str) -> Any:
    if fmt not in FORMATS or kind not in TEMPLATE_FILES:
        abort(404)
    headers, example, title, name = TEMPLATE_FILES[kind]
    data = table(headers, [example], fmt, title)
    return send_download(data, f"{name}.{fmt}", mimetype=FORMATS[fmt])


@bp.get("/manage/maintenance/periods/<int:period_id>/indicators.<fmt>")
@roles(Role.OFFICER)
def indicators_file(period_id: int, fmt: str) -> Any:
    """The indicator file of a period, one row per registered company, ready to fill in."""
    period = load_period(period_id)
    if fmt not in FORMATS:
        abort(404)
    headers = sheets.indicator_headers(period.template)
    blank = [""] * (len(headers) - 2)
    rows = [[c.uscc, c.name, *blank] for c in db.session.scalars(queries.registry())]
    data = table(headers, rows, fmt, "单位指标")
    return send_download(data, f"indicators-{period.code}.{fmt}", mimetype=FORMATS[fmt])
