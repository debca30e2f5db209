"""A user unit's page of the register (Role.COMMUNITY): its elevators (and the upload of its
elevators file: check, preview, import or discard), the insurers that cover them, and its ratings
of their service, with the form that adds one."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.organisations.models import Organisation
from procurement.register import queries, ratings, uploads
from procurement.register.blueprint import bp
from procurement.register.forms import RatingForm, RegisterUploadForm
from procurement.security import roles, upload_limit
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
    problems = list[str]()
    if form.validate_on_submit():
        score, comments = int(form.score.data or 0), form.comments.data or ""
        done = attempt(ratings.rate, unit, form.insurer.data, score, comments)
        if done.ok:
            flash(_("Thank you: your rating is recorded."), "success")
            return redirect(url_for("register.unit_home"))
        problems = done.place_on(form)
    return _page(unit, form, problems)


def _page(unit: Organisation, form: RatingForm, problems: list[str], errors: Any = None) -> Any:
    status = 400 if form.errors or problems or errors else 200
    return render_template(
        "register/unit.html", unit=unit, form=form, problems=problems,
        upload=RegisterUploadForm(prefix="elevators", formdata=None), upload_errors=errors,
        error_limit=uploads.ERROR_LIMIT, elevators=queries.unit_elevators(unit.id),
        surveys=queries.unit_surveys(unit.id),
    ), status  # fmt: skip


def _upload_page(problem: str | None = None, errors: Any = None, kind: str = "") -> Any:
    unit = _unit()
    form = RatingForm(formdata=None)
    form.insurer.choices = queries.unit_insurers(unit.id)
    return _page(unit, form, [problem] if problem else [], errors)


@bp.post("/pilot/unit/upload")
@roles(Role.COMMUNITY)
@upload_limit(uploads.UPLOAD_LIMIT)
def unit_upload() -> Any:
    _unit()
    return uploads.receive("elevators", _upload_page, "register.unit_pending")


@bp.route("/pilot/unit/uploads/<int:upload_id>", methods=["GET", "POST"])
@roles(Role.COMMUNITY)
def unit_pending(upload_id: int) -> Any:
    _unit()
    return uploads.pending(upload_id, "register.unit_home", _upload_page)
