"""统一社会信用代码 (unified social credit code) validation, GB 32100-2015.

18 characters from a 31-character alphabet (digits and capital letters without I, O, Z, S, V);
the last one is a check character computed from the first 17 with fixed weights, modulo 31.
Written by hand: no maintained PyPI package validates these codes.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
VALUES = {char: index for index, char in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    return code.strip().upper()


def problem(code: str) -> str | None:
    """None if `code` is a well-formed code, otherwise a short English reason (translated by callers)."""
    if len(code) != 18:
        return "length"
    bad = [char for char in code if char not in VALUES]
    if bad:
        return "characters"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None
