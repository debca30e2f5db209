"""Pages of the maintenance evaluation: the officer's periods, registry, imports, review and publication;
the public results, company pages, league tables and downloads."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
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
from procurement.maintenance import operations as ops
from procurement.maintenance import queries, sheets
from procurement.maintenance import template as tpl
from procurement.maintenance.forms import (
    GROUP_LABELS,
    TEMPLATE_HINT,
    CompanyForm,
    CompanySearchForm,
    ConfirmForm,
    CorrectionForm,
    PeriodForm,
    ResultsFilterForm,
    TemplateEditorForm,
    TemplateForm,
    UploadForm,
)
from procurement.maintenance.models import (
    DataImport,
    EvaluationPeriod,
    ImportKind,
    ImportStatus,
    MaintenanceCompany,
)
from procurement.maintenance.records import HEADERS, FileProblem
from procurement.maintenance.template import BUILT_IN as BUILT_IN_TEMPLATE
from procurement.pagecache import cached
from procurement.security import roles

bp = Blueprint("maintenance", __name__)

UPLOAD_ENDPOINTS = frozenset({"maintenance.upload", "maintenance.companies"})


def _larger_uploads() -> None:
    """A city's elevator records run to tens of MB: these uploads may exceed the app-wide limit.

    Runs before every other hook (CSRF protection reads the body, and would refuse it first)."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = ops.MAX_FILE_BYTES + 1024 * 1024


bp.record_once(
    lambda state: state.app.before_request_funcs.setdefault(None, []).insert(0, _larger_uploads)
)

MESSAGES = {
    "period_dates": lambda: _("The last day comes before the first day."),
    "period_code_taken": lambda: _("Another period already uses this code."),
    "company_code_taken": lambda: _("Another company in the registry has this code."),
    "published": lambda: _("This period is published and cannot change; start a correction first."),
    "not_published": lambda: _("Only a published period can be corrected."),
    "reason_required": lambda: _("Give the reason for the correction."),
    "no_data": lambda: _("There is no data to publish yet: import the period's files first."),
    "import_done": lambda: _("This upload has already been applied or discarded."),
    "row_errors": lambda: _("The file has errors; nothing was imported."),
}


def file_problem_message(problem: FileProblem) -> str:
    code = str(problem)
    if code == "empty":
        return _("The file is empty: it has no header row or no data rows.")
    if code == "not_spreadsheet":
        return _(
            "The file is not a CSV or XLSX spreadsheet (its content was checked, not its name)."
        )
    if code == "too_large":
        return _("The file is larger than 100 MB.")
    if code.startswith("unknown:"):
        return _(
            "Unknown column headers: %(names)s. Use the headers of the template file.",
            names=code[8:],
        )
    if code == "headers:order":
        return _("The columns are not in the order of the template file.")
    return _(
        "Missing column headers: %(names)s. Use the template file.", names=code.split(":", 1)[1]
    )


def _problem_message(error: Exception) -> str:
    if isinstance(error, FileProblem):
        return file_problem_message(error)
    return str(MESSAGES[getattr(error, "code", "")]())


def explain(indicator: dict[str, Any]) -> str:
    """How an indicator's points are derived, in words."""
    rule, top = indicator["rule"], indicator["max_points"]
    kind = rule["type"]
    if kind == "bands":
        if indicator["kind"] == "yn":
            return _("Yes: %(points)s points; no: 0.", points=rule["bands"][0][1])
        steps = "；".join(f"≥{t} → {p}" for t, p in rule["bands"])
        return _("By band: %(steps)s; below: 0.", steps=steps)
    if kind == "deduct":
        return _("%(top)s points, less %(each)s for each one.", top=top, each=rule["per_unit"])
    if kind == "per_unit":
        return _("%(each)s points for each one, at most %(top)s.", each=rule["per_unit"], top=top)
    if kind == "relative":
        if rule["better"] == "higher":
            return _("%(top)s × value ÷ the highest value of all companies.", top=top)
        return _("%(top)s × the lowest value of all companies ÷ value.", top=top)
    if kind == "checklist":
        items = "；".join(f"{k} {p}" for k, p in dict(rule["items"]).items())
        return _("The sum of the items present: %(items)s.", items=items)
    method = "TOPSIS" if rule.get("method") == "topsis" else "WSM"
    return _(
        "%(top)s × the relative %(method)s score among all companies (worst 0, best %(top)s).",
        top=top,
        method=method,
    )


def format_value(indicator: dict[str, Any], value: Any, unit: bool = False) -> str:
    """A value as published: 是/否, whole counts, two decimals at most; `unit` adds the unit."""
    text = _format_value(indicator, value)
    shown = indicator.get("unit") not in (None, "", "%") and indicator["kind"] != "yn"
    if unit and value is not None and shown:
        return f"{text} {indicator['unit']}"
    return text


def _format_value(indicator: dict[str, Any], value: Any) -> str:
    if value is None:
        return "—"
    if indicator["kind"] == "yn":
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value) or "—"
    if indicator["kind"] == "count":
        return str(int(value))
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text + ("%" if indicator["kind"] == "percent" and indicator.get("unit") == "%" else "")


def error_summary(errors: list[Any]) -> list[tuple[str, str, int, list[int]]]:
    """(column, reason, how many rows, the first rows) for each kind of problem, most frequent first:
    with thousands of errors, this says what is wrong with the file as a whole."""
    groups: dict[tuple[str, str], list[int]] = {}
    for error in errors:
        reason = error.reason if not error.reason.startswith("与第") else "重复"
        groups.setdefault((error.column, reason), []).append(error.row)
    ranked = sorted(groups.items(), key=lambda item: -len(item[1]))
    return [(column, reason, len(rows), rows[:5]) for (column, reason), rows in ranked]


RECORD_TOTALS = {
    "entrapments": "困人次数",
    "failures": "故障次数",
    "arrivals": "应急到场次数",
    "arrivals_within_30": "30分钟内到场次数",
    "inspected": "定期检验台数",
    "passed": "一次检验合格台数",
    "complaints": "有效投诉次数",
    "elevator_months": "电梯·月数",
}


def _column_label(key: str, template: dict[str, Any] | None) -> str:
    labels = {
        "uscc": sheets.CODE,
        "name": sheets.NAME,
        "elevators": "电梯（台）",
        "vetoes": "否决事项",
        "licence_no": "许可证编号",
        "licence_expires_on": "许可证有效期至",
        "districts": "服务区县",
    }
    if template:
        labels.update({i["id"]: i["name"] for i in template["indicators"]})
    from procurement.maintenance.template import BUILT_IN

    labels.update({i["id"]: i["name"] for i in BUILT_IN["indicators"] if i["id"] not in labels})
    return labels.get(key, key)


def _preview_cell(key: str, value: Any, template: dict[str, Any] | None) -> str:
    indicators = {i["id"]: i for i in (template or BUILT_IN_TEMPLATE)["indicators"]}
    if key in indicators:
        return format_value(indicators[key], value)
    return "—" if value in (None, "") else str(value)


def _labels(kind: str) -> Any:
    table = {
        "period": {
            "draft": _("draft"),
            "published": _("published"),
            "correcting": _("correction in progress"),
        },
        "import": {
            "records": _("elevator records"),
            "indicators": _("company indicators"),
            "companies": _("company registry"),
        },
        "status": {
            "pending": _("waiting for confirmation"),
            "applied": _("imported"),
            "discarded": _("discarded"),
        },
    }[kind]
    return lambda value: table.get(str(value), str(value))


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {
        "format_value": format_value,
        "explain_rule": explain,
        "maintenance_groups": GROUP_LABELS,
        "period_status": _labels("period"),
        "import_kind": _labels("import"),
        "import_status": _labels("status"),
        "column_label": _column_label,
        "preview_cell": _preview_cell,
        "record_total_label": lambda key: RECORD_TOTALS.get(key, key),
        "error_summary": error_summary,
    }


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
            problem = MESSAGES[error.code]()
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
        sa.text(
            "SELECT count(*), coalesce(sum(elevators), 0) FROM maintenance_company_data WHERE period_id = :p"
        ),
        {"p": period.id},
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
        return None, None, _problem_message(error)
    if pending is None:
        db.session.rollback()
        return None, checked, None
    db.session.commit()
    return pending, None, None


@bp.post("/manage/maintenance/periods/<int:period_id>/upload/<kind>")
@roles(Role.OFFICER)
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
            flash(_problem_message(error), "error")
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
    total = sum(
        (row.form.max_points.data or 0)
        for row in form.indicators.entries
        if not row.form.remove.data
    )
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
        return _problem_message(error) if isinstance(error, ops.MaintenanceError) else str(error)
    db.session.commit()
    flash(_("The template is saved."), "success")
    return None


def _paged(items: list[Any], per_page: int) -> Any:
    from flask_sqlalchemy.pagination import Pagination

    class ListPage(Pagination):
        """Flask-SQLAlchemy's pagination over a list already in memory."""

        def _query_items(self) -> list[Any]:
            start = (self.page - 1) * self.per_page
            return items[start : start + self.per_page]

        def _query_count(self) -> int:
            return len(items)

    return ListPage(page=None, per_page=per_page, error_out=False)


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
        page=_paged(shown, current_app.config["PAGE_SIZE"]),
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
        flash(MESSAGES[error.code](), "error")
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
        flash(MESSAGES[error.code](), "error")
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
            problem = MESSAGES[error.code]()
        else:
            db.session.commit()
            flash(_("The company is saved."), "success")
            return redirect(url_for("maintenance.companies"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "maintenance/company_form.html", form=form, company=company, problem=problem
    ), status


# --- officer: template files -------------------------------------------------------------------------

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(data: bytes, fmt: str, filename: str) -> Response:
    return Response(
        data,
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/manage/maintenance/template-files/<kind>.<fmt>")
@roles(Role.OFFICER)
def template_file(kind: str, fmt: str) -> Any:
    if fmt not in FORMATS:
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
        return _download(
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
        return _download(
            sheets.as_file(sheets.REGISTRY_HEADERS, [example], fmt, "维保单位"),
            fmt,
            f"maintenance-companies.{fmt}",
        )
    abort(404)


@bp.get("/manage/maintenance/periods/<int:period_id>/indicators.<fmt>")
@roles(Role.OFFICER)
def indicators_file(period_id: int, fmt: str) -> Any:
    period = _period(period_id)
    if fmt not in FORMATS:
        abort(404)
    headers = sheets.indicator_headers(period.template)
    rows = [
        [c.uscc, c.name] + [""] * (len(headers) - 2)
        for c in db.session.scalars(sa.select(MaintenanceCompany).order_by(MaintenanceCompany.name))
    ]
    return _download(
        sheets.as_file(headers, rows, fmt, "单位指标"), fmt, f"indicators-{period.code}.{fmt}"
    )


# --- public ------------------------------------------------------------------------------------------


@bp.get("/maintenance/")
@cached
def index() -> Any:
    return render_template("maintenance/index.html", periods=queries.published_periods())


def _published(code: str) -> tuple[EvaluationPeriod, Any]:
    number = request.args.get("publication", type=int)
    found = queries.publication_of(code, number)
    if found is None:
        abort(404)
    return found


def _indicator_choices(template: dict[str, Any]) -> list[tuple[str, str]]:
    return [(i["id"], i["name"]) for i in template["indicators"]]


@bp.get("/maintenance/periods/<code>")
@cached
def results(code: str) -> Any:
    period, publication = _published(code)
    rows = queries.lines(publication)
    form = ResultsFilterForm(request.args)
    form.fill(
        queries.districts_of(rows),
        tpl.grade_names(publication.template),
        _indicator_choices(publication.template),
    )
    valid = form.validate()
    choice = (
        queries.Selection(
            **{k: (form[k].data or "") for k in ("q", "district", "grade", "sort", "order")}
        )
        if valid
        else queries.Selection()
    )
    chosen = queries.select(rows, publication.template, choice)
    page = _paged(chosen, current_app.config["PAGE_SIZE"])
    from procurement import charts

    sort_indicator = next(
        (i for i in publication.template["indicators"] if i["id"] == choice.sort), None
    )
    return render_template(
        "maintenance/results.html",
        period=period,
        publication=publication,
        form=form,
        page=page,
        sort_indicator=sort_indicator,
        total=len(rows),
        matched=len(chosen),
        chart=charts.grade_bars(publication.grade_counts),
        history=queries.publications(period),
    ), 200 if valid else 400


@bp.get("/maintenance/periods/<code>/companies/<uscc>")
@cached
def company(code: str, uscc: str) -> Any:
    period, publication = _published(code)
    rows = queries.lines(publication)
    line = next((r for r in rows if r.uscc == uscc), None)
    if line is None:
        abort(404)
    from procurement import charts

    past = queries.history(line.company_id)
    return render_template(
        "maintenance/company.html",
        period=period,
        publication=publication,
        line=line,
        template=publication.template,
        ranks=queries.district_ranks(rows, line),
        history=past,
        chart=charts.score_history([(p.name, r.total, r.grade) for p, r in past]),
        peers=len(rows),
    )


@bp.get("/maintenance/periods/<code>/league-tables")
@cached
def league(code: str) -> Any:
    period, publication = _published(code)
    rows = queries.lines(publication)
    return render_template(
        "maintenance/league.html",
        period=period,
        publication=publication,
        tables=queries.leagues(rows, publication.template),
    )


PRINT_GROUPS = {
    "qualification": "资质信用",
    "capacity": "技术力量",
    "performance": "维保绩效",
    "service": "服务质量",
}


def _print_context(code: str) -> dict[str, Any]:
    return _context_of(*_published(code))


def _context_of(period: EvaluationPeriod, publication: Any) -> dict[str, Any]:
    template = publication.template
    group_of = {i["id"]: i["group"] for i in template["indicators"]}

    def group_points(line: Any, group: str) -> float:
        return sum(p for ident, p in line.points.items() if group_of.get(ident) == group)

    return {
        "period": period,
        "publication": publication,
        "rows": queries.lines(publication),
        "scheme": template,
        "groups": [g for g in PRINT_GROUPS if g in group_of.values()],
        "group_names": PRINT_GROUPS,
        "group_points": group_points,
        "lowest_grade": tpl.lowest_grade(template),
    }


@bp.get("/maintenance/periods/<code>/results.pdf")
def results_pdf(code: str) -> Any:
    """Rendered once per publication and kept with it: a publication never changes."""
    context = _print_context(code)
    publication = context["publication"]
    if publication.pdf is None:
        store_pdf(context)
        db.session.commit()
    return _download_pdf(publication.pdf, f"maintenance-{code}-{publication.number}.pdf")


def store_pdf(context: dict[str, Any]) -> None:
    """Render a publication's PDF and keep it with the publication (about 1 s per 100 companies)."""
    from flask_babel import force_locale

    from procurement.pdf import render_pdf

    with force_locale("zh_CN"):  # an official document: Chinese whatever the visitor's language
        context["publication"].pdf = render_pdf("print/maintenance_results.html", **context)


def print_context(code: str, number: int | None = None) -> dict[str, Any] | None:
    found = queries.publication_of(code, number)
    return _context_of(*found) if found else None


def _download_pdf(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/maintenance/periods/<code>/results.xlsx")
def results_xlsx(code: str) -> Any:
    context = _print_context(code)
    indicators = context["scheme"]["indicators"]
    headers = [
        "排名",
        "单位名称",
        "统一社会信用代码",
        "服务区县",
        "维保电梯数（台）",
        "总分",
        "等级",
        "否决事项",
    ]
    headers += [sheets.indicator_header(i) for i in indicators] + [
        f"{i['name']}得分" for i in indicators
    ]
    rows = [
        [
            r.rank if r.rank is not None else "—",
            r.name,
            r.uscc,
            "、".join(r.districts),
            r.elevators,
            r.total,
            r.grade,
            "；".join(r.vetoes),
        ]
        + [format_value(i, r.values.get(i["id"])) for i in indicators]
        + [r.points.get(i["id"], 0) for i in indicators]
        for r in context["rows"]
    ]
    data = sheets.as_file(headers, rows, "xlsx", "评测结果")
    return _download(data, "xlsx", f"maintenance-{code}-{context['publication'].number}.xlsx")
