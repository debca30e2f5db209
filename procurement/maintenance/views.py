"""The officer's pages of the maintenance evaluation: periods, registry, imports, template, review,
publication and corrections. The public pages are in public.py, on the same blueprint."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.maintenance import display, queries, sheets
from procurement.maintenance import operations as ops
from procurement.maintenance import template as tpl
from procurement.maintenance.forms import (
    TEMPLATE_HINT,
    CompanyForm,
    CompanySearchForm,
    ConfirmForm,
    CorrectionForm,
    PeriodForm,
    TemplateEditorForm,
    TemplateForm,
    UploadForm,
)
from procurement.maintenance.models import (
    CompanyData,
    DataImport,
    EvaluationPeriod,
    ImportKind,
    ImportStatus,
    MaintenanceCompany,
)
from procurement.maintenance.records import HEADERS, FileProblem
from procurement.security import roles, upload_limit

bp = Blueprint("maintenance", __name__)

# A city's elevator records run to tens of MB: these uploads may exceed the app-wide limit.
UPLOAD_LIMIT = ops.MAX_FILE_BYTES + 1024 * 1024  # the file and the rest of the form

bp.app_context_processor(display.helpers)

# --- officer: periods --------------------------------------------------------------------------------


@bp.route("/manage/maintenance/", methods=["GET", "POST"])
@roles(Role.OFFICER)
def manage() -> Any:
    form = PeriodForm()
    problem = None
    if form.validate_on_submit():
        try:
            period = ops.create_period(
                form.code.data, form.name.data, form.starts_on.data, form.ends_on.data
            )
        except ops.MaintenanceError as error:
            db.session.rollback()
            problem = display.MESSAGES[error.code]()
        else:
            db.session.commit()
            flash(
                _("Period %(name)s created with the built-in template.", name=period.name),
                "success",
            )
            return redirect(url_for("maintenance.period", period_id=period.id))
    periods = db.session.scalars(
        sa.select(EvaluationPeriod).order_by(EvaluationPeriod.ends_on.desc())
    ).all()
    companies = db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceCompany))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "maintenance/manage.html", form=form, periods=periods, companies=companies, problem=problem
    ), status


def _period(period_id: int) -> EvaluationPeriod:
    return db.get_or_404(EvaluationPeriod, period_id)


def _period_page(
    period: EvaluationPeriod,
    *,
    upload_errors: Any = None,
    upload_kind: str | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Any:
    imports = db.session.scalars(
        sa.select(DataImport)
        .where(DataImport.period_id == period.id)
        .order_by(DataImport.id.desc())
        .limit(20)
    ).all()
    counts = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(CompanyData.elevators), 0)).where(
            CompanyData.period_id == period.id
        )
    ).one()
    return render_template(
        "maintenance/period.html",
        period=period,
        imports=imports,
        companies=counts[0],
        elevators=counts[1],
        publications=queries.publications(period),
        records_form=UploadForm(prefix="records"),
        indicators_form=UploadForm(prefix="indicators"),
        confirm_form=ConfirmForm(),
        correction_form=CorrectionForm(),
        upload_errors=upload_errors,
        upload_kind=upload_kind,
        problem=problem,
        error_limit=ERROR_LIMIT,
    ), status


ERROR_LIMIT = 1000  # errors listed on the page; the count says how many there are in all


@bp.get("/manage/maintenance/periods/<int:period_id>")
@roles(Role.OFFICER)
def period(period_id: int) -> Any:
    return _period_page(_period(period_id))


def _stage(
    kind: ImportKind, period: EvaluationPeriod | None, form: UploadForm
) -> tuple[Any, Any, str | None]:
    """(pending import or None, row errors, a file-level problem)."""
    upload = form.file.data
    data = upload.read()
    try:
        pending, checked = ops.stage(kind, period, upload.filename or "upload", data, current_user)
    except (ops.MaintenanceError, FileProblem) as error:
        db.session.rollback()
        return None, None, display.problem_message(error)
    if pending is None:
        db.session.rollback()
        return None, checked, None
    db.session.commit()
    return pending, None, None


@bp.post("/manage/maintenance/periods/<int:period_id>/upload/<kind>")
@roles(Role.OFFICER)
@upload_limit(UPLOAD_LIMIT)
def upload(period_id: int, kind: str) -> Any:
    period = _period(period_id)
    if kind not in {"records", "indicators"}:
        abort(404)
    form = UploadForm(prefix=kind)
    if not form.validate_on_submit():
        problem = "；".join(e for errors in form.errors.values() for e in errors)
        return _period_page(period, problem=problem, upload_kind=kind, status=400)
    pending, checked, problem = _stage(ImportKind(kind), period, form)
    if pending is not None:
        return redirect(url_for("maintenance.pending", import_id=pending.id))
    return _period_page(
        period, upload_errors=checked, upload_kind=kind, problem=problem, status=400
    )


@bp.route("/manage/maintenance/imports/<int:import_id>", methods=["GET", "POST"])
@roles(Role.OFFICER)
def pending(import_id: int) -> Any:
    item = db.get_or_404(DataImport, import_id)
    form = ConfirmForm()
    back = (
        url_for("maintenance.period", period_id=item.period_id)
        if item.period_id
        else url_for("maintenance.companies")
    )
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "discard":
                ops.discard(item)
                message = _("The upload was discarded; nothing was imported.")
            else:
                checked = ops.confirm(item)
                message = _(
                    "Imported %(rows)s rows for %(companies)s companies.",
                    rows=checked.rows,
                    companies=checked.companies,
                )
        except (ops.MaintenanceError, FileProblem) as error:
            db.session.rollback()
            flash(display.problem_message(error), "error")
            return redirect(url_for("maintenance.pending", import_id=item.id))
        db.session.commit()
        flash(message, "success")
        return redirect(back)
    template = item.period.template if item.period else None
    repeat = db.session.scalar(
        sa.select(DataImport.id)
        .where(
            DataImport.sha256 == item.sha256,
            DataImport.status == ImportStatus.APPLIED,
            DataImport.period_id == item.period_id,
            DataImport.kind == item.kind,
        )
        .limit(1)
    )
    return render_template(
        "maintenance/pending.html",
        item=item,
        form=form,
        template=template,
        back=back,
        repeat=repeat,
    )


@bp.route("/manage/maintenance/periods/<int:period_id>/template", methods=["GET", "POST"])
@roles(Role.OFFICER)
def edit_template(period_id: int) -> Any:
    """The template as a table of indicators, veto items and grades; or, for experts, as JSON."""
    from procurement.maintenance import editor

    period = _period(period_id)
    form, json_form = TemplateEditorForm(), TemplateForm(prefix="json")
    action = request.form.get("action", "save")
    problem, saved, shown = None, False, period.template
    if request.method == "GET":
        editor.fill_form(form, period.template)
    elif action == "reset" and ConfirmForm().validate_on_submit():
        shown = tpl.built_in()
        editor.fill_form(form, shown)
        flash(_("The built-in template is loaded below; save it to use it."), "info")
    elif action == "save_json":
        editor.fill_form(form, period.template)
        if json_form.validate_on_submit():
            problem = _save_template(period, json_form.template.parsed)
            saved = problem is None
    elif form.validate_on_submit():
        if action in ADD_ROW:
            getattr(form, ADD_ROW[action]).append_entry()
        else:
            template, ok = editor.read_form(form)
            if ok:
                problem = _save_template(period, template)
                saved = problem is None
            else:
                problem = _("Some rows need attention; see the messages below them.")
    if saved:
        return redirect(url_for("maintenance.period", period_id=period.id))
    if not json_form.template.data:
        json_form.template.data = json.dumps(shown, ensure_ascii=False, indent=2)
    total = editor.points_total(form)
    status = 400 if problem or form.errors or json_form.errors else 200
    return render_template(
        "maintenance/template.html", period=period, form=form, json_form=json_form, problem=problem,
        reset_form=ConfirmForm(), total=total, hint=TEMPLATE_HINT,
    ), status  # fmt: skip


ADD_ROW = {"add_indicator": "indicators", "add_veto": "vetoes", "add_grade": "grades"}


def _save_template(period: EvaluationPeriod, template: Any) -> str | None:
    """Save and commit; return the problem in words if the template is refused."""
    try:
        ops.update_template(period, template)
    except (tpl.TemplateError, ops.MaintenanceError) as error:
        db.session.rollback()
        return (
            display.problem_message(error)
            if isinstance(error, ops.MaintenanceError)
            else str(error)
        )
    db.session.commit()
    flash(_("The template is saved."), "success")
    return None


@bp.get("/manage/maintenance/periods/<int:period_id>/draft")
@roles(Role.OFFICER)
def draft(period_id: int) -> Any:
    period = _period(period_id)
    rows = ops.draft(period)
    q = request.args.get("q", "").strip().lower()
    shown = [r for r in rows if not q or q in r["name"].lower() or q == r["company"].lower()]
    counts: dict[str, int] = {g: 0 for g in tpl.grade_names(period.template)}
    for row in rows:
        counts[row["grade"]] = counts.get(row["grade"], 0) + 1
    from procurement import charts

    return render_template(
        "maintenance/draft.html",
        period=period,
        page=display.paged(shown, current_app.config["PAGE_SIZE"]),
        total=len(rows),
        counts=counts,
        chart=charts.grade_bars(counts),
        q=request.args.get("q", ""),
        confirm_form=ConfirmForm(),
    )


@bp.get("/manage/maintenance/periods/<int:period_id>/draft/<uscc>")
@roles(Role.OFFICER)
def draft_company(period_id: int, uscc: str) -> Any:
    period = _period(period_id)
    rows = ops.draft(period)
    row = next((r for r in rows if r["company"] == uscc), None)
    if row is None:
        abort(404)
    return render_template(
        "maintenance/breakdown.html", period=period, row=row, template=period.template
    )


@bp.post("/manage/maintenance/periods/<int:period_id>/publish")
@roles(Role.OFFICER)
def publish(period_id: int) -> Any:
    period = _period(period_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        publication = ops.publish(period, current_user)
    except ops.MaintenanceError as error:
        db.session.rollback()
        flash(display.MESSAGES[error.code](), "error")
        return redirect(url_for("maintenance.period", period_id=period.id))
    db.session.commit()
    flash(
        _(
            "The results of %(name)s are published (publication %(n)s).",
            name=period.name,
            n=publication.number,
        ),
        "success",
    )
    return redirect(url_for("maintenance.results", code=period.code))


@bp.post("/manage/maintenance/periods/<int:period_id>/correction")
@roles(Role.OFFICER)
def correction(period_id: int) -> Any:
    period = _period(period_id)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _period_page(period, problem=_("Give the reason for the correction."), status=400)
    try:
        ops.start_correction(period, form.reason.data)
    except ops.MaintenanceError as error:
        db.session.rollback()
        flash(display.MESSAGES[error.code](), "error")
        return redirect(url_for("maintenance.period", period_id=period.id))
    db.session.commit()
    flash(
        _("Correction started: import the corrected data, review the draft and publish again."),
        "success",
    )
    return redirect(url_for("maintenance.period", period_id=period.id))


# --- officer: registry -------------------------------------------------------------------------------


@bp.route("/manage/maintenance/companies", methods=["GET", "POST"])
@roles(Role.OFFICER)
@upload_limit(UPLOAD_LIMIT)
def companies() -> Any:
    search = CompanySearchForm(request.args)
    upload_form = UploadForm(prefix="companies")
    upload_errors, problem = None, None
    if request.method == "POST":
        if upload_form.validate_on_submit():
            pending_import, upload_errors, problem = _stage(ImportKind.COMPANIES, None, upload_form)
            if pending_import is not None:
                return redirect(url_for("maintenance.pending", import_id=pending_import.id))
        else:
            problem = "；".join(e for errors in upload_form.errors.values() for e in errors)
    query = sa.select(MaintenanceCompany).order_by(MaintenanceCompany.name)
    if search.validate() and search.q.data:
        term = search.q.data.strip()
        query = query.where(
            sa.or_(
                MaintenanceCompany.name.contains(term, autoescape=True),
                MaintenanceCompany.uscc == term.upper(),
            )
        )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "maintenance/companies.html",
        page=page,
        search=search,
        upload_form=upload_form,
        upload_errors=upload_errors,
        problem=problem,
        error_limit=ERROR_LIMIT,
    ), status


@bp.route("/manage/maintenance/companies/new", methods=["GET", "POST"])
@bp.route("/manage/maintenance/companies/<int:company_id>", methods=["GET", "POST"])
@roles(Role.OFFICER)
def company_form(company_id: int | None = None) -> Any:
    company = db.get_or_404(MaintenanceCompany, company_id) if company_id else None
    form = CompanyForm(obj=company)
    if request.method == "GET" and company is not None:
        form.districts.data = "、".join(company.districts)
    problem = None
    if form.validate_on_submit():
        try:
            ops.save_company(
                company,
                uscc=form.uscc.data,
                name=form.name.data.strip(),
                licence_no=(form.licence_no.data or "").strip(),
                licence_expires_on=form.licence_expires_on.data,
                districts=sheets.split_districts(form.districts.data or ""),
            )
        except ops.MaintenanceError as error:
            db.session.rollback()
            problem = display.MESSAGES[error.code]()
        else:
            db.session.commit()
            flash(_("The company is saved."), "success")
            return redirect(url_for("maintenance.companies"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "maintenance/company_form.html", form=form, company=company, problem=problem
    ), status


# --- officer: template files -------------------------------------------------------------------------


@bp.get("/manage/maintenance/template-files/<kind>.<fmt>")
@roles(Role.OFFICER)
def template_file(kind: str, fmt: str) -> Any:
    if fmt not in display.FORMATS:
        abort(404)
    if kind == "records":
        example = [
            "50010500012025000001",
            "915001000000000012",
            "渝中区",
            "12",
            "1",
            "5",
            "0",
            "2",
            "11.5",
            "2",
            "合格",
            "2025-06-18",
            "0",
        ]
        return display.download(
            sheets.as_file(HEADERS, [example], fmt, "电梯记录"), fmt, f"elevator-records.{fmt}"
        )
    if kind == "companies":
        example = [
            "915001000000000012",
            "重庆某某电梯工程有限公司",
            "TS3450000001",
            "2027-12-31",
            "渝中区、江北区",
        ]
        return display.download(
            sheets.as_file(sheets.REGISTRY_HEADERS, [example], fmt, "维保单位"),
            fmt,
            f"maintenance-companies.{fmt}",
        )
    abort(404)


@bp.get("/manage/maintenance/periods/<int:period_id>/indicators.<fmt>")
@roles(Role.OFFICER)
def indicators_file(period_id: int, fmt: str) -> Any:
    period = _period(period_id)
    if fmt not in display.FORMATS:
        abort(404)
    headers = sheets.indicator_headers(period.template)
    rows = [
        [c.uscc, c.name] + [""] * (len(headers) - 2)
        for c in db.session.scalars(sa.select(MaintenanceCompany).order_by(MaintenanceCompany.name))
    ]
    return display.download(
        sheets.as_file(headers, rows, fmt, "单位指标"), fmt, f"indicators-{period.code}.{fmt}"
    )


from procurement.maintenance import public  # noqa: E402, F401  # its routes join this blueprint
