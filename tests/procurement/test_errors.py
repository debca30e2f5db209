"""Every code an operation raises has a message, and a domain error shows itself by field."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

import pytest
from flask_babel import lazy_gettext as _l

import procurement
from procurement.errors import DomainError

ROOT = Path(procurement.__file__).parent


def _error_classes() -> dict[str, type[DomainError]]:
    """Every DomainError subclass of the application, by class name, after importing every module."""
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        importlib.import_module(module.removesuffix(".__init__"))
    found: dict[str, type[DomainError]] = {}
    stack: list[type[DomainError]] = [DomainError]
    while stack:
        klass = stack.pop()
        found[klass.__name__] = klass
        stack.extend(klass.__subclasses__())
    return found


def _raised_codes() -> list[tuple[str, str, str]]:
    """(file:line, class name, code) of every `raise SomeError("code", ...)` in the application."""
    raised = []
    for path in ROOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            call = node.exc
            name = (
                call.func.attr
                if isinstance(call.func, ast.Attribute)
                else getattr(call.func, "id", None)
            )
            first = call.args[0] if call.args else None
            if name and isinstance(first, ast.Constant) and isinstance(first.value, str):
                where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
                raised.append((where, name, first.value))
    return raised


def test_every_raised_code_has_a_message(app: Any) -> None:
    classes = _error_classes()
    raised = [(where, name, code) for where, name, code in _raised_codes() if name in classes]
    assert len(raised) > 50  # the scan finds the operations' errors
    missing = [
        f"{where}: {name}({code!r})"
        for where, name, code in raised
        if code not in classes[name].known_codes()
    ]
    assert missing == []


def test_every_error_class_is_a_domain_error_with_messages(app: Any) -> None:
    classes = _error_classes()
    assert {"TenderError", "BidError", "EvaluationError"} <= set(classes)
    without = [
        name
        for name, klass in classes.items()
        if klass is not DomainError and not klass.known_codes()
    ]
    assert without == []


class _Example(DomainError):
    messages = {
        "plain": _l("A plain test message."),
        "filled": _l("Another tender has the reference %(reference)s."),
        "computed": lambda details: f"{details['count']} rows",
    }


class _Form:
    class _Field:
        def __init__(self) -> None:
            self.errors: list[str] = []

    def __init__(self) -> None:
        self.reason = self._Field()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (_Example("plain"), "A plain test message."),
        (_Example("filled", reference="CQ-1"), "Another tender has the reference CQ-1."),
        (_Example("computed", count=3), "3 rows"),
    ],
)
def test_messages_are_filled_from_details(app: Any, error: DomainError, message: str) -> None:
    with app.test_request_context():
        assert error.message == message  # no catalogue entry: the English text itself


def test_place_on_puts_the_message_on_its_field_or_hands_it_back(app: Any) -> None:
    with app.test_request_context():
        form = _Form()
        assert _Example("plain", "reason").place_on(form) == []
        assert len(form.reason.errors) == 1
        assert _Example("plain", "no_such_field").place_on(form) == [_Example("plain").message]
        listed = _Example("plain", "reason", problems=["a", "b"])
        assert listed.place_on(form) == ["a", "b"]


def test_an_unknown_code_is_a_bug_not_a_silent_message(app: Any) -> None:
    with app.test_request_context(), pytest.raises(KeyError):
        _ = _Example("nope").message
