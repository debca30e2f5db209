"""Organisation administration (administrators): list, create, edit, deactivate, members."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from procurement.accounts.forms import ConfirmForm
from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.organisations import operations, queries
from procurement.organisations.forms import (
    KIND_LABELS,
    OrganisationFilterForm,
    OrganisationForm,
)
from procurement.organisations.models import Organisation, OrganisationKind
from procurement.queryargs import paginate
from procurement.security import roles
from procurement.web import attempt, form_status

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.app_context_processor
def labels() -> dict[str, Any]:
    return {"organisation_kind_label": lambda kind: KIND_LABELS[OrganisationKind(kind)]}


@bp.get("/")
@roles(Role.ADMIN)
def index() -> Any:
    form = OrganisationFilterForm(queries.all_districts(), formdata=request.args)
    valid = form.validate()
    kind, code = (form.kind.data, form.district.data) if valid else (None, None)
    district = queries.district_by_code_or_name(code) if code else None
    page = paginate(queries.organisations_query(kind or None, district))
    counts = queries.member_counts(page.items)
    shown = render_template("organisations/index.html", page=page, form=form, counts=counts)
    return shown, 200 if valid else 400


def _values(form: OrganisationForm) -> dict[str, Any]:
    return {
        "kind": OrganisationKind(form.kind.data),
        "name": form.name.data or "",
        "district": form.district.data or None,
        "uscc": form.uscc.data or None,
    }


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def create() -> Any:
    form = OrganisationForm(queries.all_districts())
    if form.validate_on_submit():
        done = attempt(operations.create_organisation, **_values(form))
        if done.ok:
            flash(_("Organisation %(name)s created.", name=done.value.name), "success")
            return redirect(url_for("organisations.detail", organisation_id=done.value.id))
        done.place_on(form)
    return render_template("organisations/form.html", form=form), form_status()


@bp.get("/<int:organisation_id>")
@roles(Role.ADMIN)
def detail(organisation_id: int) -> Any:
    organisation = db.get_or_404(Organisation, organisation_id)
    page = paginate(queries.members_query(organisation))
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        page=page,
        confirm_form=ConfirmForm(),
    )


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit(organisation_id: int) -> Any:
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm.of(organisation, queries.all_districts())
    if form.validate_on_submit():
        done = attempt(operations.edit_organisation, organisation, **_values(form))
        if done.ok:
            flash(_("Organisation %(name)s saved.", name=organisation.name), "success")
            return redirect(url_for("organisations.detail", organisation_id=organisation.id))
        done.place_on(form)
    page = render_template("organisations/form.html", form=form, organisation=organisation)
    return page, form_status()


@bp.post("/<int:organisation_id>/active")
@roles(Role.ADMIN)
def set_active(organisation_id: int) -> Any:
    organisation = db.get_or_404(Organisation, organisation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    done = attempt(operations.set_organisation_active, organisation, active)
    if done.ok:
        message = _("%(name)s reactivated.") if active else _("%(name)s deactivated.")
        flash(message % {"name": organisation.name}, "success")
    return redirect(url_for("organisations.detail", organisation_id=organisation.id))
