"""Small validators shared by the spec parsers; each error message starts with the field's path."""

from __future__ import annotations

import math
from typing import Any

from scoring.errors import SpecError


def fail(path: str, message: str) -> SpecError:
    return SpecError(f"{path}: {message}")


def show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + "..."


def mapping(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(path, f"must be an object, got {show(value)}")
    return value


def sequence(value: Any, path: str, *, non_empty: bool = False) -> list[Any]:
    if not isinstance(value, list):
        raise fail(path, f"must be a list, got {show(value)}")
    if non_empty and not value:
        raise fail(path, "must not be empty")
    return value


def number_problem(
    value: Any, *, minimum: float | None = None, positive: bool = False
) -> tuple[str, str] | None:
    """(code, message) of what keeps `value` from being the number asked for, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "not_number", f"must be a number, got {show(value)}"
    try:
        result = float(value)
    except OverflowError:  # an int beyond a float's range
        result = math.inf
    if not math.isfinite(result):
        return "not_finite", f"must be a finite number, got {show(value)}"
    if positive and result <= 0:
        return "not_positive", f"must be greater than 0, got {show(value)}"
    if minimum is not None and result < minimum:
        return "too_small", f"must be at least {minimum:g}, got {show(value)}"
    return None


def number(value: Any, path: str, *, minimum: float | None = None, positive: bool = False) -> float:
    """A finite real number (booleans are not numbers here)."""
    problem = number_problem(value, minimum=minimum, positive=positive)
    if problem is not None:
        raise fail(path, problem[1])
    return float(value)


def integer_problem(value: Any, *, minimum: int, maximum: int) -> tuple[str, str] | None:
    """(code, message) of what keeps `value` from being a whole number in range, or None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "not_whole", f"must be a whole number, got {show(value)}"
    if not minimum <= value <= maximum:
        return "out_of_range", f"must be between {minimum} and {maximum}, got {value}"
    return None


def integer(value: Any, path: str, *, minimum: int, maximum: int) -> int:
    problem = integer_problem(value, minimum=minimum, maximum=maximum)
    if problem is not None:
        raise fail(path, problem[1])
    return int(value)


def text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(path, f"must be a non-empty string, got {show(value)}")
    return value


def unknown_keys(data: dict[str, Any], allowed: set[str], path: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise fail(path, f"unknown field {show(extra[0])}")
