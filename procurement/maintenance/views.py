"""The officer's pages of the maintenance evaluation: periods, uploads, the template, the draft
result, publication and corrections. The registry and the public pages are in registry_views.py and
public.py, on the same blueprint (blueprint.py)."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

# The registry's and the public pages join the blueprint when the app imports this module for `bp`.
import procurement.maintenance.insurer_views  # noqa: F401
import procurement.maintenance.public  # noqa: F401
import procurement.maintenance.registry_views  # noqa: F401
import procurement.maintenance.spotcheck_views  # noqa: F401
from procurement.accounts.models import Role
from procurement.maintenance import display, editor, queries
from procurement.maintenance import operations as ops
from procurement.maintenance import template as tpl
from procurement.maintenance.blueprint import (
    ERROR_LIMIT,
    UPLOAD_LIMIT,
    bp,
    form_problems,
    load_import,
    load_period,
    problem_text,
    stage_upload,
)
from procurement.maintenance.forms import (
    TEMPLATE_HINT,
    ConfirmForm,
    CorrectionForm,
    PeriodForm,
    TemplateEditorForm,
    TemplateForm,
    UploadForm,
)
from procurement.maintenance.models import EvaluationPeriod, ImportKind
from procurement.security import roles, upload_limit
from procurement.web import Outcome, attempt, form_status

__all__ = ["bp"]


@bp.route("/manage/maintenance/", methods=["GET", "POST"])
@roles(Role.OFFICER)
def manage() -> Any:
    form = PeriodForm()
    problem = None
    if form.validate_on_submit():
        done = attempt(ops.create_period, **form.values(), organisation=current_user.organisation)
        if done.ok:
            flash(
                _("Period %(name)s created with the built-in template.", name=done.value.name),
                "success",
            )
            return redirect(url_for("maintenance.period", period_id=done.value.id))
        problem = problem_text(done.place_on(form))
    return render_template(
        "maintenance/manage.html", form=form, periods=queries.periods(current_user.organisation_id),
        companies=queries.company_count(), problem=problem,
    ), form_status()  # fmt: skip


def _period_page(
    period: EvaluationPeriod,
    *,
    upload_errors: Any = None,
    upload_kind: str | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Any:
    companies, elevators = queries.data_counts(period)
    return render_template(
        "maintenance/period.html", period=period, imports=queries.recent_imports(period),
        replaced=queries.replaced_imports(period),
        companies=companies, elevators=elevators, publications=queries.publications(period),
        records_form=UploadForm(prefix="records"), indicators_form=UploadForm(prefix="indicators"),
        confirm_form=ConfirmForm(), correction_form=CorrectionForm(),
        upload_errors=upload_errors, upload_kind=upload_kind, problem=problem,
        error_limit=ERROR_LIMIT,
    ), status  # fmt: skip


@bp.get("/manage/maintenance/periods/<int:period_id>")
@roles(Role.OFFICER)
def period(period_id: int) -> Any:
    return _period_page(load_period(period_id))


@bp.post("/manage/maintenance/periods/<int:period_id>/upload/<kind>")
@roles(Role.OFFICER)
@upload_limit(UPLOAD_LIMIT)
def upload(period_id: int, kind: str) -> Any:
    period = load_period(period_id)
    if kind not in {"records", "indicators"}:
        abort(404)
    form = UploadForm(prefix=kind)
    if not form.validate_on_submit():
        return _period_page(period, problem=form_problems(form), upload_kind=kind, status=400)
    staged, checked, problem = stage_upload(ImportKind(kind), period, form)
    if staged is not None:
        return staged
    return _period_page(
        period, upload_errors=checked, upload_kind=kind, problem=problem, status=400
    )


@bp.route("/manage/maintenance/imports/<int:import_id>", methods=["GET", "POST"])
@roles(Role.OFFICER)
def pending(import_id: int) -> Any:
    item = load_import(import_id)
    form = ConfirmForm()
    if item.period_id:
        back = url_for("maintenance.period", period_id=item.period_id)
    else:
        back = url_for("maintenance.companies")
    if form.validate_on_submit():
        if request.form.get("action") == "discard":
            done: Outcome[Any] = attempt(ops.discard, item)
        else:
            done = attempt(ops.confirm, item)
        if not done.ok:
            done.flash_problems()
            return redirect(url_for("maintenance.pending", import_id=item.id))
        flash(_applied(done.value), "success")
        return redirect(back)
    return render_template(
        "maintenance/pending.html", item=item, form=form, back=back,
        template=item.period.template if item.period else None, repeat=queries.earlier_import(item),
    )  # fmt: skip


def _applied(checked: Any) -> str:
    """What a confirmation did: `checked` is the applied file, or None if it was discarded."""
    if checked is None:
        return _("The upload was discarded; nothing was imported.")
    return _(
        "Imported %(rows)s rows for %(companies)s companies.",
        rows=checked.rows,
        companies=checked.companies,
    )


ADD_ROW = {"add_indicator": "indicators", "add_veto": "vetoes", "add_grade": "grades"}


@bp.route("/manage/maintenance/periods/<int:period_id>/template", methods=["GET", "POST"])
@roles(Role.OFFICER)
def edit_template(period_id: int) -> Any:
    """The template as a table of indicators, veto items and grades; or, for experts, as JSON."""
    period = load_period(period_id)
    form, json_form = TemplateEditorForm(), TemplateForm(prefix="json")
    action = request.form.get("action", "save")
    shown, problem = period.template, None
    if request.method == "GET":
        editor.fill_form(form, period.template)
    elif action == "reset" and ConfirmForm().validate_on_submit():
        shown = tpl.built_in()
        editor.fill_form(form, shown)
        flash(_("The built-in template is loaded below; save it to use it."), "info")
    elif action in ADD_ROW:
        if form.validate_on_submit():
            getattr(form, ADD_ROW[action]).append_entry()
    else:
        template, problem = _posted_template(period, form, json_form, action)
        if template is not None:
            done = attempt(ops.update_template, period, template)
            if done.ok:
                flash(_("The template is saved."), "success")
                return redirect(url_for("maintenance.period", period_id=period.id))
            problem = problem_text(done.place_on(None))
    json_form.template.data = json_form.template.data or json.dumps(
        shown, ensure_ascii=False, indent=2
    )
    return render_template(
        "maintenance/template.html", period=period, form=form, json_form=json_form, problem=problem,
        reset_form=ConfirmForm(), total=editor.points_total(form.indicators.entries), hint=TEMPLATE_HINT,
    ), 400 if problem or form.errors or json_form.errors else 200  # fmt: skip


def _posted_template(
    period: EvaluationPeriod, form: Any, json_form: Any, action: str
) -> tuple[Any, str | None]:
    """The template posted from the JSON box or from the table, or None and why there is none."""
    if action == "save_json":
        editor.fill_form(form, period.template)
        return (json_form.template.parsed if json_form.validate_on_submit() else None), None
    if not form.validate_on_submit():
        return None, None
    template, ok = editor.read_form(form)
    if not ok:
        return None, _("Some rows need attention; see the messages below them.")
    return template, None


@bp.get("/manage/maintenance/periods/<int:period_id>/draft")
@roles(Role.OFFICER)
def draft(period_id: int) -> Any:
    from procurement import charts  # matplotlib: only for the pages that draw

    period = load_period(period_id)
    rows = queries.draft(period)
    q = request.args.get("q", "").strip().lower()
    shown = [r for r in rows if not q or q in r["name"].lower() or q == r["company"].lower()]
    counts = queries.grade_counts(period.template, rows)
    return render_template(
        "maintenance/draft.html", period=period, total=len(rows), counts=counts,
        page=display.paged(shown, current_app.config["PAGE_SIZE"]),
        chart=charts.grade_bars(counts), q=request.args.get("q", ""), confirm_form=ConfirmForm(),
    )  # fmt: skip


@bp.get("/manage/maintenance/periods/<int:period_id>/draft/<uscc>")
@roles(Role.OFFICER)
def draft_company(period_id: int, uscc: str) -> Any:
    period = load_period(period_id)
    row = next((r for r in queries.draft(period) if r["company"] == uscc), None)
    if row is None:
        abort(404)
    return render_template(
        "maintenance/breakdown.html", period=period, row=row, template=period.template
    )


@bp.post("/manage/maintenance/periods/<int:period_id>/publish")
@roles(Role.OFFICER)
def publish(period_id: int) -> Any:
    period = load_period(period_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    done = attempt(ops.publish, period, current_user)
    if not done.ok:
        done.flash_problems()
        return redirect(url_for("maintenance.period", period_id=period.id))
    flash(
        _(
            "The results of %(name)s are published (publication %(n)s).",
            name=period.name,
            n=done.value.number,
        ),
        "success",
    )
    return redirect(url_for("maintenance.results", code=period.code))


@bp.post("/manage/maintenance/periods/<int:period_id>/correction")
@roles(Role.OFFICER)
def correction(period_id: int) -> Any:
    period = load_period(period_id)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _period_page(period, problem=_("Give the reason for the correction."), status=400)
    done = attempt(ops.start_correction, period, form.reason.data or "")
    if not done.ok:
        done.flash_problems()
        return redirect(url_for("maintenance.period", period_id=period.id))
    flash(
        _("Correction started: import the corrected data, review the draft and publish again."),
        "success",
    )
    return redirect(url_for("maintenance.period", period_id=period.id))
