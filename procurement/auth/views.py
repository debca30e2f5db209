"""Sign in, sign out, insurer self-registration and password change."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from procurement.accounts.models import User
from procurement.auth import operations
from procurement.auth.forms import ChangePasswordForm, InsurerRegistrationForm, LoginForm
from procurement.security import SIGNED_IN, roles
from procurement.util import safe_next_url
from procurement.web import attempt, form_status

bp = Blueprint("auth", __name__)


def client_address() -> str:
    # Behind a reverse proxy, configure werkzeug's ProxyFix so that remote_addr is the client's.
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), form_status()
    username, address = form.username.data or "", client_address()
    # Two transactions on purpose: the attempt is counted (and committed) before the password is
    # checked, so concurrent guesses cannot pass the throttle and a refusal keeps its count.
    done = attempt(operations.count_attempt, username, address)
    if done.code == "throttled":
        done.flash_problems()
        return render_template("auth/login.html", form=form), 429
    signed_in = attempt(operations.authenticate, username, form.password.data or "", address)
    if not signed_in.ok:
        signed_in.place_on(form)
        return render_template("auth/login.html", form=form), 401
    _start_session(signed_in.value, remember=form.remember.data)
    flash(_("Signed in as %(name)s.", name=signed_in.value.display_name), "success")
    # Each role lands on its own tasks (the dashboard lists them by role).
    return redirect(safe_next_url(request.args.get("next")) or url_for("publication.dashboard"))


def _start_session(user: User, remember: bool) -> None:
    """A fresh session for the signed-in user, keeping only the chosen language."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user, remember=remember)


@bp.post("/logout")
@roles(SIGNED_IN)
def logout() -> Any:
    attempt(operations.sign_out, current_user)  # ends this account's sessions everywhere
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    form = InsurerRegistrationForm()
    if form.validate_on_submit():
        done = attempt(operations.register_insurer, **form.details())
        if done.ok:
            login_user(done.value)
            flash(
                _(
                    "Registration received. An administrator will review your company; "
                    "you can bid once it is approved."
                ),
                "success",
            )
            return redirect(url_for("accounts.profile"))
        done.place_on(form)
    return render_template("auth/register.html", form=form), form_status()


@bp.route("/password", methods=["GET", "POST"])
@roles(SIGNED_IN)
def change_password() -> Any:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        done = attempt(
            operations.change_password,
            current_user,
            form.current_password.data or "",
            form.new_password.data or "",
        )
        if done.ok:
            # The session token changed: every other device is signed out, this one stays.
            cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")  # its default
            login_user(current_user._get_current_object(), remember=cookie in request.cookies)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
        done.place_on(form)
    return render_template("auth/password.html", form=form), form_status()
