"""Languages and time display: Chinese first, English selectable and remembered."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, has_request_context, session
from flask_babel import format_datetime, get_locale
from flask_login import current_user

from procurement import clock
from procurement.extensions import babel

TRANSLATIONS = "translations"  # relative to the package


def select_locale() -> str:
    if not has_request_context():  # command line and rendering outside a request: the default
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    # Chinese unless English was chosen: the browser's Accept-Language is deliberately not consulted.
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def local_time(moment: datetime | None, format: str = "yyyy-MM-dd HH:mm") -> str:
    """Format a stored UTC time in Asia/Shanghai."""
    if moment is None:
        return ""
    return format_datetime(clock.to_local(moment), format, rebase=False)


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=TRANSLATIONS,
    )
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["current_language"] = select_locale
