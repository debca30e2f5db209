"""Account administration (administrators) and each user's own profile."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts import operations, queries
from procurement.accounts.forms import (
    ROLE_LABELS,
    STATUS_LABELS,
    AccountFilterForm,
    ApproveInsurerForm,
    ConfirmForm,
    RejectInsurerForm,
    StaffAccountForm,
)
from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.extensions import db
from procurement.organisations import operations as organisation_operations
from procurement.organisations import queries as organisation_queries
from procurement.organisations.forms import MoveAccountForm
from procurement.organisations.models import Organisation
from procurement.queryargs import choice_arg, paginate
from procurement.security import SIGNED_IN, roles
from procurement.util import safe_next_url
from procurement.web import attempt, form_status

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.app_context_processor
def labels() -> dict[str, Any]:
    return {
        "role_label": lambda role: ROLE_LABELS[Role(role)],
        "status_label": lambda status: STATUS_LABELS[InsurerStatus(status)],
    }


@bp.get("/me")
@roles(SIGNED_IN)
def profile() -> Any:
    return render_template("accounts/profile.html", user=current_user)


@bp.get("/")
@roles(Role.ADMIN)
def index() -> Any:
    form = AccountFilterForm(request.args)
    valid = form.validate()
    search, role = (form.q.data, form.role.data) if valid else (None, None)
    page = paginate(queries.accounts_query(search, role))
    shown = render_template("accounts/index.html", page=page, form=form, confirm_form=ConfirmForm())
    return shown, 200 if valid else 400


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def create() -> Any:
    form = StaffAccountForm()
    if form.validate_on_submit():
        done = attempt(
            operations.create_account,
            role=Role(form.role.data),
            username=form.username.data or "",
            display_name=form.display_name.data or "",
            email=form.email.data or "",
            password=form.password.data or "",
        )
        if done.ok:
            flash(_("Account %(name)s created.", name=done.value.username), "success")
            return redirect(url_for("accounts.index"))
        done.place_on(form)
    return render_template("accounts/create.html", form=form), form_status()


def _account_page(user: User, move_form: MoveAccountForm) -> str:
    return render_template(
        "accounts/detail.html",
        user=user,
        move_form=move_form,
        history=organisation_queries.membership_history(user.id),
    )


@bp.get("/<int:user_id>")
@roles(Role.ADMIN)
def detail(user_id: int) -> Any:
    user = db.get_or_404(User, user_id)
    form = MoveAccountForm(organisation_queries.active_organisations())
    form.organisation.data = str(user.organisation_id or "")
    return _account_page(user, form)


@bp.post("/<int:user_id>/organisation")
@roles(Role.ADMIN)
def move(user_id: int) -> Any:
    """Move the account to another organisation (or none) through the CLI's operation."""
    user = db.get_or_404(User, user_id)
    form = MoveAccountForm(organisation_queries.active_organisations())
    if form.validate_on_submit():
        chosen = form.organisation.data
        organisation = db.session.get(Organisation, int(chosen)) if chosen else None
        reason = (form.reason.data or "").strip()
        done = attempt(organisation_operations.move_account, user, organisation, reason)
        if done.ok:
            flash(_("Account %(name)s moved.", name=user.username), "success")
            return redirect(url_for("accounts.detail", user_id=user.id))
        done.place_on(form)
    return _account_page(user, form), 400


@bp.post("/<int:user_id>/active")
@roles(Role.ADMIN)
def set_active(user_id: int) -> Any:
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    done = attempt(operations.set_active, user, active, current_user)
    if done.ok:
        message = (
            _("Account %(name)s reactivated.") if active else _("Account %(name)s deactivated.")
        )
        flash(message % {"name": user.username}, "success")
    done.flash_problems()
    # Back to the list the administrator came from (same site only), else the first page.
    back = safe_next_url(request.form.get("next"))
    return redirect(back or url_for("accounts.index"))


@bp.get("/insurers")
@roles(Role.ADMIN)
def insurers() -> Any:
    choices = [*InsurerStatus, "all"]
    status_value = choice_arg("status", choices, InsurerStatus.PENDING.value)
    status = InsurerStatus(status_value) if status_value in set(InsurerStatus) else None
    page = paginate(queries.insurers_query(status))
    return render_template("accounts/insurers.html", page=page, status=status)


@bp.route("/insurers/<int:insurer_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def review_insurer(insurer_id: int) -> Any:
    insurer = db.get_or_404(Insurer, insurer_id)
    approve_form, reject_form = ApproveInsurerForm(), RejectInsurerForm()
    approving = request.form.get("decision") == "approve"
    form = approve_form if approving else reject_form
    status = form_status()
    if request.method == "POST" and form.validate_on_submit():
        done = (
            attempt(operations.approve_insurer, insurer, current_user, approve_form.note.data)
            if approving
            else attempt(
                operations.reject_insurer, insurer, current_user, reject_form.reason.data or ""
            )
        )
        if done.ok:
            message = _("%(name)s approved.") if approving else _("%(name)s rejected.")
            flash(message % {"name": insurer.name}, "success")
            return redirect(url_for("accounts.insurers"))
        for problem in done.place_on(form):
            flash(problem, "error")
        # 409: the registration is no longer waiting for a decision
        status = 409 if done.code == "already_reviewed" else 400
    page = render_template(
        "accounts/review_insurer.html",
        insurer=insurer,
        approve_form=approve_form,
        reject_form=reject_form,
    )
    return page, status
