"""The one transaction and error path of views.

A view validates its form, then runs one operation through `attempt`: on success the request's
transaction is committed and the operation's value handed back; on a `DomainError` everything the
operation wrote is rolled back and the error handed back for the view to show::

    done = attempt(operations.publish_tender, tender, current_user)
    if done.ok:
        flash(_("Published."), "success")
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    problems = done.place_on(form)              # or done.flash_problems()

Operations never commit (they flush and write their audit event); any other exception is left to
the 500 handler, which rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar

from flask import flash, request

from procurement.errors import DomainError
from procurement.extensions import db

P = ParamSpec("P")
T = TypeVar("T")


class Outcome(Generic[T]):
    """What `attempt` hands back: the operation's value, or the domain error it raised."""

    __slots__ = ("_value", "error")

    def __init__(self, value: T | None = None, error: DomainError | None = None) -> None:
        self._value = value
        self.error = error

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def value(self) -> T:
        if self.error is not None:
            raise RuntimeError("the operation failed; read .error instead") from self.error
        return self._value  # type: ignore[return-value]  # None only when the operation returns None

    @property
    def code(self) -> str | None:
        """The failed rule's code, or None on success."""
        return self.error.code if self.error is not None else None

    def place_on(self, form: Any) -> list[str]:
        """Put the error's message on its form field; return the messages that belong to none."""
        return self.error.place_on(form) if self.error is not None else []

    def flash_problems(self) -> None:
        """Show the error's message(s) at the top of the next page."""
        if self.error is not None:
            flash_problems(self.error)

    def __repr__(self) -> str:
        return f"<Outcome {'ok' if self.ok else self.error!r}>"


def attempt(operation: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Outcome[T]:
    """Run one operation in the request's transaction: commit on success, roll back on refusal."""
    try:
        value = operation(*args, **kwargs)
    except DomainError as error:
        db.session.rollback()
        return Outcome(error=error)
    db.session.commit()
    return Outcome(value)


def flash_problems(error: DomainError) -> None:
    """Show a domain error's message(s) at the top of the next page."""
    for problem in error.problems:
        flash(problem, "error")


def form_status() -> int:
    """The status of a page that shows a form: 400 when a posted form is shown again, else 200."""
    return 400 if request.method == "POST" else 200
