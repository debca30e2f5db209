"""Error pages in the user's language, and the domain error that operations raise."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A forbidden state change or broken business rule; its message is shown to the user."""


PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Access denied"), _l("Your account may not open this page.")),
    404: (_l("Page not found"), _l("The page does not exist or has been moved.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Upload too large"), _l("The file is larger than the allowed size.")),
    429: (_l("Too many attempts"), _l("Please wait a while before trying again.")),
    500: (_l("Server error"), _l("Something went wrong on our side. Nothing you saved was lost.")),
}


def _render(error: HTTPException) -> Any:
    code = error.code or 500
    title, message = PAGES.get(code, (error.name, error.description))
    description = getattr(error, "tibao_message", None) or message
    return render_template("errors/error.html", code=code, title=title, message=description), code


def _server_error(error: Exception) -> Any:
    from procurement.extensions import db

    db.session.rollback()
    title, message = PAGES[500]
    return render_template("errors/error.html", code=500, title=title, message=message), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _render)
    app.register_error_handler(500, _server_error)
