"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 10
COMMON = {
    "password123",
    "1234567890",
    "qwertyuiop",
    "abc1234567",
    "a123456789",
    "password1234",
    "admin12345",
}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


_dummy: tuple[PasswordHasher, str] | None = None


def dummy_hash() -> str:
    """The hash of a random password, made like every real one, so checking a password against it
    costs what checking a real account's costs (the hasher is replaced in tests: made afresh then)."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def check_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, username: str = "") -> str | None:
    """None for an acceptable password, else which rule it breaks: length, mix, common, username."""
    if len(password) < MIN_LENGTH:
        return "length"
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        return "mix"
    if password.lower() in COMMON:
        return "common"
    if username and username.lower() in password.lower():
        return "username"
    return None
