"""A district office's corrections of its register: find a row (an elevator, a policy row, a
claim) by its number, correct its fields or its number, or delete it, with a reason; rows outside
the office's district are a 404."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.register import corrections, key_corrections, party_corrections
from procurement.register.blueprint import bp
from procurement.register.correction_forms import form_for, key_forms, party_forms, values_of
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
        corrections=corrections.district_corrections(district),
        titles=corrections.TITLES | party_corrections.PARTY_TITLES,
        key_titles=key_corrections.KEY_TITLES, is_deletion=key_corrections.is_deletion,
    )  # fmt: skip


def _row_or_404(kind: str, row_id: int) -> tuple[Any, Any]:
    district = district_or_404()
    row = corrections.find(kind, row_id, district) if kind in corrections.MODELS else None
    if row is None:
        abort(404)
    return district, row


def _page(kind: str, row: Any, problems: list[str], **forms: Any) -> Any:
    """The row's page: its fields' form, its number's form and its deletion's form."""
    number, deletion = key_forms(key_corrections.KEY_TITLES[kind], row)
    shown = {"form": form_for(kind, row, posted=False), "number_form": number}
    forms = shown | party_forms(kind) | {"delete_form": deletion} | forms
    extra: dict[str, Any] = {}
    if kind == "policy":
        extra["rows"] = party_corrections.policy_rows(row)
        extra["claims"] = party_corrections.claim_count(extra["rows"])
    failed = problems or any(form.errors for form in forms.values())
    return render_template(
        "register/correct.html", kind=kind, row=row, problems=problems,
        label=corrections.label_of(kind, row), **extra, **forms,
    ), (400 if failed else 200)  # fmt: skip


@bp.route("/pilot/district/correct/<kind>/<int:row_id>", methods=["GET", "POST"])
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_correct(kind: str, row_id: int) -> Any:
    district, row = _row_or_404(kind, row_id)
    form, problems = form_for(kind, row), list[str]()
    if form.validate_on_submit():
        values, reason = values_of(kind, form), form.reason.data or ""
        done = attempt(corrections.correct, kind, row, values, reason, current_user, district)
        if done.ok:
            flash(_("Corrected; the change is recorded with its reason."), "success")
            return redirect(url_for("register.district_corrections"))
        problems = done.place_on(form)
    return _page(kind, row, problems, form=form)


@bp.route("/pilot/district/rekey/<kind>/<int:row_id>", methods=["POST"])
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_rekey(kind: str, row_id: int) -> Any:
    district, row = _row_or_404(kind, row_id)
    form, problems = key_forms(key_corrections.KEY_TITLES[kind], row)[0], list[str]()
    if form.validate_on_submit():
        number, reason = form.number.data or "", form.reason.data or ""
        done = attempt(key_corrections.rekey, kind, row, number, reason, current_user, district)
        if done.ok:
            flash(_("Corrected; the change is recorded with its reason."), "success")
            return redirect(url_for("register.district_corrections"))
        problems = done.place_on(form)
    return _page(kind, row, problems, number_form=form)


@bp.route("/pilot/district/delete/<kind>/<int:row_id>", methods=["POST"])
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_delete(kind: str, row_id: int) -> Any:
    district, row = _row_or_404(kind, row_id)
    form, problems = key_forms(key_corrections.KEY_TITLES[kind], row)[1], list[str]()
    if form.validate_on_submit():
        reason = form.reason.data or ""
        done = attempt(key_corrections.delete, kind, row, reason, current_user, district)
        if done.ok:
            flash(_("Deleted; the deletion is recorded with its reason."), "success")
            return redirect(url_for("register.district_corrections"))
        problems = done.place_on(form)
    return _page(kind, row, problems, delete_form=form)


@bp.route("/pilot/district/reassign/<kind>/<int:row_id>", methods=["POST"])
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_reassign(kind: str, row_id: int) -> Any:
    """An elevator's new user unit or a policy's new insurer."""
    district, row = _row_or_404(kind, row_id)
    forms, problems = party_forms(kind), list[str]()
    if not forms:
        abort(404)
    name, form = next(iter(forms.items()))
    if form.validate_on_submit():
        reason = form.reason.data or ""
        action: Any = party_corrections.reassign_unit
        value = form.unit.data if kind == "elevator" else form.insurer.data
        if kind == "policy":
            action = party_corrections.reassign_insurer
        done = attempt(action, row, value or "", reason, current_user, district)
        if done.ok:
            flash(_("Corrected; the change is recorded with its reason."), "success")
            return redirect(url_for("register.district_corrections"))
        problems = done.place_on(form)
    return _page(kind, row, problems, **{name: form})
