"""A district office's corrections of its register: find a row (an elevator, a policy row, a
claim) by its number, correct it with a reason; rows outside the office's district are a 404."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.register import corrections
from procurement.register.blueprint import bp
from procurement.register.correction_forms import form_for, values_of
from procurement.register.district_views import district_or_404
from procurement.security import roles
from procurement.web import attempt


@bp.route("/pilot/district/corrections")
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_corrections() -> Any:
    district = district_or_404()
    kind = request.args.get("kind", "elevator")
    number = request.args.get("number", "")[:60]
    if kind not in corrections.MODELS:
        abort(404)
    return render_template(
        "register/corrections.html", district=district, kind=kind, number=number,
        found=corrections.search(kind, number, district), label_of=corrections.label_of,
        corrections=corrections.district_corrections(district), titles=corrections.TITLES,
    )  # fmt: skip


@bp.route("/pilot/district/correct/<kind>/<int:row_id>", methods=["GET", "POST"])
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_correct(kind: str, row_id: int) -> Any:
    district = district_or_404()
    row = corrections.find(kind, row_id, district) if kind in corrections.MODELS else None
    if row is None:
        abort(404)
    form, problems = form_for(kind, row), list[str]()
    if form.validate_on_submit():
        values, reason = values_of(kind, form), form.reason.data or ""
        done = attempt(corrections.correct, kind, row, values, reason, current_user, district)
        if done.ok:
            flash(_("Corrected; the change is recorded with its reason."), "success")
            return redirect(url_for("register.district_corrections"))
        problems = done.place_on(form)
    status = 400 if form.errors or problems else 200
    return render_template(
        "register/correct.html", kind=kind, row=row, form=form, problems=problems,
        label=corrections.label_of(kind, row), fields=corrections.FIELDS[kind],
    ), status  # fmt: skip
