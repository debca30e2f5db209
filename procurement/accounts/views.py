"""Account administration (administrators) and each user's own profile."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
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
from procurement.security import SIGNED_IN, roles
from procurement.util import safe_next_url

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

ACCOUNT_ERRORS = {
    "username_taken": lambda: _("This user name is taken."),
    "already_reviewed": lambda: _("This registration has already been reviewed."),
    "reason_required": lambda: _("Give a reason for the rejection."),
    "self_deactivation": lambda: _("You cannot deactivate your own account."),
}


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
    form.validate()
    page = db.paginate(
        queries.accounts_query(form.q.data, form.role.data),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template("accounts/index.html", page=page, form=form, confirm_form=ConfirmForm())


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def create() -> Any:
    form = StaffAccountForm()
    if form.validate_on_submit():
        try:
            user = operations.create_account(
                role=Role(form.role.data),
                username=form.username.data,
                display_name=form.display_name.data,
                email=form.email.data,
                password=form.password.data,
            )
        except operations.AccountError as error:
            form.username.errors.append(ACCOUNT_ERRORS[str(error)]())
        else:
            db.session.commit()
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("accounts.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/create.html", form=form), status


@bp.post("/<int:user_id>/active")
@roles(Role.ADMIN)
def set_active(user_id: int) -> Any:
    user = db.get_or_404(User, user_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    try:
        operations.set_active(user, active, current_user)
    except operations.AccountError as error:
        flash(ACCOUNT_ERRORS[str(error)](), "error")
    else:
        db.session.commit()
        message = (
            _("Account %(name)s reactivated.") if active else _("Account %(name)s deactivated.")
        )
        flash(message % {"name": user.username}, "success")
    # Back to the list the administrator came from (same site only), else the first page.
    back = safe_next_url(request.form.get("next"))
    return redirect(back or url_for("accounts.index"))


@bp.get("/insurers")
@roles(Role.ADMIN)
def insurers() -> Any:
    status_value = request.args.get("status", InsurerStatus.PENDING.value)
    status = InsurerStatus(status_value) if status_value in set(InsurerStatus) else None
    page = db.paginate(queries.insurers_query(status), per_page=current_app.config["PAGE_SIZE"])
    return render_template("accounts/insurers.html", page=page, status=status)


@bp.route("/insurers/<int:insurer_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def review_insurer(insurer_id: int) -> Any:
    insurer = db.get_or_404(Insurer, insurer_id)
    approve_form = ApproveInsurerForm()
    reject_form = RejectInsurerForm()
    status = 200
    if request.method == "POST":
        decision = request.form.get("decision")
        form = approve_form if decision == "approve" else reject_form
        if form.validate_on_submit():
            try:
                if decision == "approve":
                    operations.approve_insurer(insurer, current_user, approve_form.note.data)
                else:
                    operations.reject_insurer(insurer, current_user, reject_form.reason.data)
            except operations.AccountError as error:
                flash(ACCOUNT_ERRORS[str(error)](), "error")
                status = 409
            else:
                db.session.commit()
                flash(
                    _("%(name)s approved.", name=insurer.name)
                    if decision == "approve"
                    else _("%(name)s rejected.", name=insurer.name),
                    "success",
                )
                return redirect(url_for("accounts.insurers"))
        else:
            status = 400
    return (
        render_template(
            "accounts/review_insurer.html",
            insurer=insurer,
            approve_form=approve_form,
            reject_form=reject_form,
        ),
        status,
    )
