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


def number(value: Any, path: str, *, minimum: float | None = None, positive: bool = False) -> float:
    """A finite real number (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(path, f"must be a number, got {show(value)}")
    result = float(value)
    if not math.isfinite(result):
        raise fail(path, f"must be a finite number, got {show(value)}")
    if positive and result <= 0:
        raise fail(path, f"must be greater than 0, got {show(value)}")
    if minimum is not None and result < minimum:
        raise fail(path, f"must be at least {minimum:g}, got {show(value)}")
    return result


def integer(value: Any, path: str, *, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(path, f"must be a whole number, got {show(value)}")
    if not minimum <= value <= maximum:
        raise fail(path, f"must be between {minimum} and {maximum}, got {value}")
    return value


def text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(path, f"must be a non-empty string, got {show(value)}")
    return value


def unknown_keys(data: dict[str, Any], allowed: set[str], path: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise fail(path, f"unknown field {show(extra[0])}")
