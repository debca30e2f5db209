"""Encryption to a P-256 public key (ECIES), the Python twin of `procurement/static/seal.js`.

    sealed = 0x01 | ephemeral public key (65 bytes, uncompressed) | nonce (12) | AES-256-GCM ciphertext

The AES key is HKDF-SHA256(ECDH(ephemeral, recipient), salt = ephemeral public key, info = INFO); the
associated data names what the ciphertext is (a bid's identity, a holder's share), so it cannot be moved.
The browser seals bids with seal.js; this module seals key shares, seals bids for seed-demo and the
tests, and opens everything once the private key has been put together.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x01"
POINT_BYTES = 65
NONCE_BYTES = 12
INFO = b"tibao sealed v1"
CURVE = ec.SECP256R1()


class SealError(Exception):
    """A ciphertext that does not open: altered, moved, or sealed to another key."""


def public_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def load_public(data: bytes) -> ec.EllipticCurvePublicKey:
    return ec.EllipticCurvePublicKey.from_encoded_point(CURVE, data)


def private_from_scalar(scalar: int) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(scalar, CURVE)


def scalar_of(key: ec.EllipticCurvePrivateKey) -> int:
    return key.private_numbers().private_value


def _aes_key(shared: bytes, ephemeral: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral, info=INFO).derive(shared)


def seal(recipient: bytes, plaintext: bytes, context: str) -> bytes:
    """Encrypt `plaintext` to the public key `recipient` (uncompressed point)."""
    ephemeral = ec.generate_private_key(CURVE)
    ephemeral_public = public_bytes(ephemeral.public_key())
    key = _aes_key(ephemeral.exchange(ec.ECDH(), load_public(recipient)), ephemeral_public)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, context.encode())
    return VERSION + ephemeral_public + nonce + ciphertext


def unseal(private: ec.EllipticCurvePrivateKey, sealed: bytes, context: str) -> bytes:
    header = 1 + POINT_BYTES + NONCE_BYTES
    if len(sealed) < header + 16 or sealed[:1] != VERSION:
        raise SealError("not a sealed envelope")
    ephemeral_public = sealed[1 : 1 + POINT_BYTES]
    try:
        shared = private.exchange(ec.ECDH(), load_public(ephemeral_public))
        key = _aes_key(shared, ephemeral_public)
        return AESGCM(key).decrypt(
            sealed[1 + POINT_BYTES : header], sealed[header:], context.encode()
        )
    except (InvalidTag, ValueError) as error:
        raise SealError("sealed content does not open: altered, moved or another key") from error


OVERHEAD = 1 + POINT_BYTES + NONCE_BYTES + 16  # version, ephemeral key, nonce, GCM tag


def looks_sealed(data: bytes) -> bool:
    """The shape of an envelope (all the server can check of what a browser sealed)."""
    return len(data) >= OVERHEAD and data[:1] == VERSION and data[1:2] == b"\x04"
