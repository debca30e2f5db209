"""Deny by default: every endpoint is either listed as public here or names the roles that may use it.

Enforced in one `before_request` hook, so a view that forgets its roles is refused rather than exposed.
Also sets the security headers on every response.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from procurement.accounts.models import Role, User
from procurement.accounts.queries import user_by_session_token
from procurement.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])

# The whole public surface of the application. Everything else needs a signed-in user with a role.
PUBLIC_ENDPOINTS = frozenset(
    {
        "static",
        "main.index",
        "main.health",
        "main.ping",
        "auth.login",
        "auth.register",
        "main.set_language",
        "tenders.index",
        "tenders.announcement",
        "publication.notice",
        "publication.admitted",
        "publication.object_to",
        "publication.notice_pdf",
        "publication.ranking_xlsx",
        "maintenance.index",
        "maintenance.results",
        "maintenance.company",
        "maintenance.league",
        "maintenance.results_pdf",
        "maintenance.results_xlsx",
        "api.maintenance_periods",
        "api.maintenance_period",
        "api.maintenance_company",
        "api.tenders",
        "api.tender",
        "api.ranking",
        "api.ocds",
        "api.openapi_document",
        "audit.checkpoint_list",
        "shaoguan.programme",
        "shaoguan.document",
        "shaoguan.notice_page",
        "shaoguan.object_to",
        "shaoguan.poster",
        "register.insurers",
        "register.insurer_page",
        "register.progress",
        "jobs.status",  # the progress of a published document being prepared (others: 404)
    }
)

# A pseudo-role: any signed-in, active user.
SIGNED_IN = "signed_in"

ROLES_ATTRIBUTE = "_tibao_roles"


def roles(*allowed: Role | str) -> Callable[[F], F]:
    """Name the roles that may use a view (`SIGNED_IN` for any signed-in user)."""
    if not allowed:
        raise ValueError("roles() needs at least one role")

    def mark(view: F) -> F:
        setattr(view, ROLES_ATTRIBUTE, frozenset(allowed))
        return view

    return mark


UPLOAD_LIMIT_ATTRIBUTE = "_tibao_upload_limit"


def upload_limit(size: int) -> Callable[[F], F]:
    """Let a view accept request bodies up to `size` bytes instead of MAX_CONTENT_LENGTH."""

    def mark(view: F) -> F:
        setattr(view, UPLOAD_LIMIT_ATTRIBUTE, size)
        return view

    return mark


def _apply_upload_limit(endpoint: str | None, values: dict[str, Any] | None) -> None:
    # A URL value preprocessor runs before every before_request hook, CSRF protection included,
    # which reads the body and would refuse a large one first.
    from flask import current_app

    view = current_app.view_functions.get(endpoint) if endpoint else None
    limit = getattr(view, UPLOAD_LIMIT_ATTRIBUTE, None)
    if limit is not None:
        request.max_content_length = limit


def allowed_roles(app: Flask, endpoint: str) -> frozenset[Role | str] | None:
    view = app.view_functions.get(endpoint)
    return getattr(view, ROLES_ATTRIBUTE, None) if view is not None else None


def _enforce() -> Any:
    endpoint = request.endpoint
    if endpoint is None or endpoint in PUBLIC_ENDPOINTS:
        return None  # a 404 or 405 is answered by Flask itself
    from flask import current_app

    wanted = allowed_roles(current_app, endpoint)
    if not wanted:
        abort(403)  # a view that names no roles is closed to everyone
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if SIGNED_IN in wanted or current_user.role in wanted:
        return None
    abort(403)


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


# Blueprints whose pages show decrypted bid content: never kept by a browser or a proxy.
NO_STORE_BLUEPRINTS = frozenset({"bids", "opening", "evaluation"})


def _no_store(response: Any) -> Any:
    """`no-store` on pages of bid content and on every download (an attachment), whichever view made
    it: decided here by blueprint and header, so no view can forget it."""
    attachment = response.headers.get("Content-Disposition", "").startswith("attachment")
    if request.blueprint in NO_STORE_BLUEPRINTS or attachment:
        response.headers["Cache-Control"] = "no-store"
    return response


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address and scheme from their
    X-Forwarded-For and X-Forwarded-Proto (so HSTS is sent when the proxy terminated TLS, and rate
    limits count the client, not the proxy). Without it those headers are ignored: anyone can send them.
    """
    from werkzeug.middleware.proxy_fix import ProxyFix

    count = app.config["TRUSTED_PROXIES"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]  # Flask's documented way


def _add_headers(response: Any) -> Any:
    # Written by hand: six constant headers do not justify a dependency (Flask-Talisman is unmaintained).
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _load_user(session_token: str) -> User | None:
    return user_by_session_token(session_token)


def _redirect_to_login() -> Any:
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def init_app(app: Flask) -> None:
    login_manager.user_loader(_load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.url_value_preprocessor(_apply_upload_limit)
    app.before_request(_enforce)
    app.after_request(_add_headers)
    app.after_request(_no_store)
    _trust_proxies(app)
