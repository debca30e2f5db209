"""Envelope encryption of sealed bids (the `cryptography` package).

Each tender has its own random data key; bids and attachments are encrypted with AES-256-GCM under
that key, with the bid's identity as associated data (so a ciphertext cannot be moved to another bid).
The data key is stored only wrapped (AES key wrap) by the instance master key, which lives outside the
database: `TIBAO_MASTER_KEY` (base64, 32 bytes) or the file instance/master.key, created on first use.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap
from flask import current_app

NONCE_BYTES = 12


class SealError(Exception):
    """A ciphertext that does not decrypt or a key that does not unwrap: tampering or a wrong key."""


def master_key() -> bytes:
    configured = current_app.config.get("MASTER_KEY")
    if configured:
        key = base64.b64decode(configured)
    else:
        path = Path(current_app.instance_path) / "master.key"
        if not path.exists():
            path.write_bytes(base64.b64encode(os.urandom(32)))
            path.chmod(0o600)
        key = base64.b64decode(path.read_bytes())
    if len(key) != 32:
        raise SealError("the master key must be 32 bytes")
    return key


def new_wrapped_data_key() -> bytes:
    return aes_key_wrap(master_key(), AESGCM.generate_key(bit_length=256))


def _data_key(wrapped: bytes) -> bytes:
    try:
        return aes_key_unwrap(master_key(), wrapped)
    except Exception as error:  # InvalidUnwrap, or a malformed key
        raise SealError("the tender's data key does not unwrap with this master key") from error


def seal(wrapped_key: bytes, plaintext: bytes, context: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_data_key(wrapped_key)).encrypt(nonce, plaintext, context.encode())


def unseal(wrapped_key: bytes, sealed: bytes, context: str) -> bytes:
    try:
        return AESGCM(_data_key(wrapped_key)).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode()
        )
    except SealError:
        raise
    except Exception as error:  # cryptography's InvalidTag
        raise SealError("sealed content does not decrypt: altered or moved") from error


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
