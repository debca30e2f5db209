"""The domain error that operations raise, and error pages in the user's language.

Every forbidden state change or broken business rule is a `DomainError` subclass raised by an
operation. The subclass declares the messages of its codes beside the operations that raise it, as
lazy strings with `%(name)s` placeholders filled from the error's details, so a view never keeps a
message table of its own::

    class TenderError(DomainError):
        messages = {
            "deadline_past": _l("The submission deadline must be in the future."),
            "reference_taken": _l("Another tender has the reference %(reference)s."),
        }

    raise TenderError("reference_taken", "reference", reference=values["reference"])

Views run operations through `procurement.web.attempt`, which commits or rolls back and hands the
error back; `error.place_on(form)` puts its message next to the field it names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

# A message is a (lazy) string, formatted with the error's details, or a function of the details
# for the few messages that need more than substitution.
Message = Any | Callable[[Mapping[str, Any]], str]


class DomainError(Exception):
    """A forbidden state change or broken business rule; its message is shown to the user.

    `code` names the rule, `field` the form field at fault (if any), `details` the values the
    message shows. A detail named `problems` is a list of messages already in words (for example
    every broken rule of a criteria table); they are shown instead of the code's message.
    """

    messages: ClassVar[Mapping[str, Message]] = {}

    def __init__(self, code: str, field: str | None = None, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.details = details

    @classmethod
    def known_codes(cls) -> set[str]:
        """Every code that this class or one of its bases has a message for."""
        codes: set[str] = set()
        for klass in cls.__mro__:
            codes.update(getattr(klass, "messages", {}))
        return codes

    @classmethod
    def message_for(cls, code: str, details: Mapping[str, Any] | None = None) -> str:
        """The message of `code` in the current language."""
        for klass in cls.__mro__:
            template = getattr(klass, "messages", {}).get(code)
            if template is not None:
                break
        else:
            raise KeyError(f"{cls.__name__} has no message for {code!r}")
        details = details or {}
        if callable(template):
            return str(template(details))
        text = str(template)
        return text % details if "%(" in text else text

    @property
    def message(self) -> str:
        return self.message_for(self.code, self.details)

    @property
    def problems(self) -> list[str]:
        """What to show: the listed problems if the error carries them, else its one message."""
        listed = self.details.get("problems")
        return [str(p) for p in listed] if listed else [self.message]

    def place_on(self, form: Any) -> list[str]:
        """Put the message on the form field the error names; return what belongs to no field."""
        field = getattr(form, self.field, None) if self.field and form is not None else None
        if field is not None and not self.details.get("problems"):
            field.errors = [*field.errors, self.message]
            return []
        return self.problems

    def __str__(self) -> str:
        return self.code


PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Access denied"), _l("Your account may not open this page.")),
    404: (_l("Page not found"), _l("The page does not exist or has been moved.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Upload too large"), _l("The file is larger than the allowed size.")),
    429: (_l("Too many attempts"), _l("Please wait a while before trying again.")),
    500: (_l("Server error"), _l("Something went wrong on our side. Nothing you saved was lost.")),
}


API_PREFIX = "/api/"


def _kept_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The headers an error carries besides its body's type (`Allow` on 405, `Retry-After`…)."""
    return [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]


def _api_error(code: int, error: HTTPException | None) -> Any:
    """The API answers every error in JSON: `{"error": ...}`, naming the parameter on a 400."""
    if error is None:
        return jsonify(error="Internal Server Error"), code
    text = str(error.description) if getattr(error, "parameter", None) else error.name
    return jsonify(error=text), code, _kept_headers(error)


def _render(error: HTTPException) -> Any:
    code = error.code or 500
    if request.path.startswith(API_PREFIX):
        return _api_error(code, error)
    title, message = PAGES.get(code, (error.name, error.description))
    description = getattr(error, "tibao_message", None) or message
    page = render_template("errors/error.html", code=code, title=title, message=description)
    return page, code, _kept_headers(error)


def _server_error(error: Exception) -> Any:
    from procurement.extensions import db

    db.session.rollback()
    if request.path.startswith(API_PREFIX):
        return _api_error(500, None)
    title, message = PAGES[500]
    return render_template("errors/error.html", code=500, title=title, message=message), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _render)
    app.register_error_handler(500, _server_error)
