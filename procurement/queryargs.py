"""The one reader of query-string values (`?page=`, `?since=`, `?year=`…), for pages and the API.

A value that cannot be read (junk, a page number with twenty digits, a date before 1900) is a 400
with a message naming the parameter, never a 500 from the database::

    page = paginate(queries.public_tenders(now))       # reads and checks ?page
    year = int_arg("year", default=this_year, low=1900, high=9998)

`QueryDateField` is the date field of GET filter forms: it refuses the dates that do not survive a
conversion to Beijing time and back (0001-01-01, 9999-12-31) as a validation error of its field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from werkzeug.exceptions import BadRequest
from wtforms import DateField
from wtforms.validators import ValidationError

from procurement.extensions import db

# Beijing midnight of 0001-01-01 is before the first UTC datetime, and 9999-12-31 + 1 day does not
# exist: keep to dates that convert in both directions.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(9998, 12, 31)
# Far beyond any real list, far below the 64-bit integers of the databases.
MAX_PAGE = 100_000


class BadQueryParameter(BadRequest):
    """A query-string value that cannot be read: 400, with the parameter named."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.parameter, self.reason = name, reason
        # What the error page shows (procurement.errors reads `tibao_message`).
        self.tibao_message = _("The address asks for %(name)s=%(value)s: %(reason)s", name=name,
                               value=_shorten(request.args.get(name, "")), reason=reason)  # fmt: skip


def refuse_unreadable_values() -> None:
    """Before every request: a NUL character in the path, a query value or a form value is a 400.

    PostgreSQL text cannot hold NUL, so such a value would otherwise fail in the database (a 500);
    no legitimate address or form carries one.
    """
    if "\x00" in request.path:
        raise BadQueryParameter("path", _("the address contains a character that cannot be read."))
    values = list(request.args.items(multi=True))
    if request.method == "POST":
        values += list(request.form.items(multi=True))
    for name, value in values:
        if "\x00" in name or "\x00" in value:
            reason = _("the value contains a character that cannot be read.")
            raise BadQueryParameter(name.replace("\x00", ""), reason)


def _shorten(value: str) -> str:
    value = value.replace("\x00", "␀")
    return value if len(value) <= 40 else value[:40] + "…"


def date_reason() -> str:
    return _(
        "give a date from %(earliest)s to %(latest)s, as YYYY-MM-DD.",
        earliest=EARLIEST_DATE.isoformat(),
        latest=LATEST_DATE.isoformat(),
    )


def date_arg(name: str) -> date | None:
    """`?name=YYYY-MM-DD` as a date within the convertible range; None when absent or empty."""
    value = request.args.get(name)
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise BadQueryParameter(name, date_reason()) from error
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise BadQueryParameter(name, date_reason())
    return day


def int_arg(name: str, default: int, low: int = 1, high: int = MAX_PAGE) -> int:
    """`?name=N` as a whole number from low to high; the default when absent or empty."""
    value = request.args.get(name)
    if not value:
        return default
    if (
        not (value.isascii() and value.isdigit())
        or len(value) > 12
        or not low <= int(value) <= high
    ):
        raise BadQueryParameter(
            name, _("give a whole number from %(low)d to %(high)d.", low=low, high=high)
        )
    return int(value)


def choice_arg(name: str, choices: list[str], default: str) -> str:
    """`?name=` as one of `choices`; the default when absent."""
    value = request.args.get(name, default)
    if value not in choices:
        raise BadQueryParameter(name, _("choose one of %(choices)s.", choices=", ".join(choices)))
    return value


def optional_int_arg(name: str, low: int = 1, high: int = 2**31 - 1) -> int | None:
    """`?name=N` as a whole number, or None when absent or empty (an id in the query string)."""
    return int_arg(name, 0, low, high) if request.args.get(name) else None


def paginate(query: Any, per_page: int | None = None, error_out: bool = True) -> Pagination:
    """One page of a select, the page number read from `?page=` (404 beyond the last page
    unless `error_out` is False: then an empty page)."""
    page = int_arg("page", 1, 1, MAX_PAGE)
    size = per_page or current_app.config["PAGE_SIZE"]
    return db.paginate(query, page=page, per_page=size, error_out=error_out, count=True)


class QueryDateField(DateField):
    """A date field whose dates stay within EARLIEST_DATE..LATEST_DATE (a form error otherwise)."""

    def pre_validate(self, form: Any) -> None:
        super().pre_validate(form)
        if self.data is not None and not EARLIEST_DATE <= self.data <= LATEST_DATE:
            raise ValidationError(
                _(
                    "Give a date from %(earliest)s to %(latest)s.",
                    earliest=EARLIEST_DATE.isoformat(),
                    latest=LATEST_DATE.isoformat(),
                )
            )
