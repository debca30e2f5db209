"""A holder's private key, encrypted under a key derived from the holder's passphrase (argon2id)."""

from __future__ import annotations

import os
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
SALT_BYTES = 16
# RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes); stored with each key, so a
# later change of the configured cost leaves existing keys readable.
DEFAULT_KDF = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}


class WrongPassphrase(Exception):
    pass


def _key(passphrase: str, salt: bytes, kdf: dict[str, Any]) -> bytes:
    return hash_secret_raw(
        passphrase.encode(),
        salt,
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_cost"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def lock(secret: bytes, passphrase: str, context: str, kdf: dict[str, Any]) -> tuple[bytes, bytes]:
    """(salt, nonce | ciphertext) of `secret` under `passphrase`."""
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    return salt, nonce + AESGCM(_key(passphrase, salt, kdf)).encrypt(
        nonce, secret, context.encode()
    )


def unlock(sealed: bytes, passphrase: str, salt: bytes, context: str, kdf: dict[str, Any]) -> bytes:
    try:
        return AESGCM(_key(passphrase, salt, kdf)).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode()
        )
    except InvalidTag as error:
        raise WrongPassphrase from error
