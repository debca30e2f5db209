"""Sign in, sign out, insurer self-registration and password change."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from procurement.auth import operations
from procurement.auth.forms import ChangePasswordForm, InsurerRegistrationForm, LoginForm
from procurement.extensions import db
from procurement.i18n import local_time
from procurement.security import SIGNED_IN, roles
from procurement.util import safe_next_url

bp = Blueprint("auth", __name__)


def client_address() -> str:
    # Behind a reverse proxy, configure werkzeug's ProxyFix so that remote_addr is the client's.
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.username.data, form.password.data, client_address())
        except operations.SignInThrottled as throttled:
            db.session.commit()
            flash(
                _(
                    "Too many failed attempts. Try again after %(time)s.",
                    time=local_time(throttled.retry_after, "HH:mm"),
                ),
                "error",
            )
            status = 429
        except operations.SignInRefused:
            db.session.commit()  # keep the failure: it counts towards the throttle
            form.password.errors.append(_("Wrong user name or password."))
            status = 401
        else:
            locale = session.get("locale")
            session.clear()  # a fresh session on sign-in
            if locale:
                session["locale"] = locale
            login_user(user, remember=form.remember.data)
            db.session.commit()
            flash(_("Signed in as %(name)s.", name=user.display_name), "success")
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.index"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@roles(SIGNED_IN)
def logout() -> Any:
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    form = InsurerRegistrationForm()
    if form.validate_on_submit():
        try:
            user = operations.register_insurer(
                company_name=form.company_name.data,
                uscc=form.uscc.data,
                licence_number=form.licence_number.data,
                contact_name=form.contact_name.data,
                contact_phone=form.contact_phone.data,
                contact_email=form.contact_email.data,
                username=form.username.data,
                password=form.password.data,
            )
        except operations.DuplicateRegistration as duplicate:
            db.session.rollback()
            field = getattr(form, duplicate.field)
            field.errors.append(
                _("This code is already registered.")
                if duplicate.field == "uscc"
                else _("This user name is taken.")
            )
        else:
            db.session.commit()
            login_user(user)
            flash(
                _(
                    "Registration received. An administrator will review your company; "
                    "you can bid once it is approved."
                ),
                "success",
            )
            return redirect(url_for("accounts.profile"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@roles(SIGNED_IN)
def change_password() -> Any:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            operations.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except operations.SignInRefused:
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form), status
