"""Shamir's secret sharing over the prime field of the P-256 group order.

The secret is a P-256 private scalar, so the field is GF(n) with n the curve's order: every scalar is a
field element and nothing is lost or padded. A share is (x, f(x)) for a random polynomial f of degree
k-1 with f(0) = secret; any k shares give f(0) by Lagrange interpolation, and k-1 shares are consistent
with every possible secret (each one equally likely). Shamir alone does not detect a wrong share: the
caller checks the result against the tender's public key.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

# The order of the P-256 (secp256r1) group, a 256-bit prime (SEC 2, section 2.4.2).
PRIME = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
SHARE_BYTES = 33  # x (one byte) and y (32 bytes, big-endian)


@dataclass(frozen=True)
class Share:
    x: int  # 1..255, never 0 (f(0) is the secret)
    y: int

    def to_bytes(self) -> bytes:
        return bytes([self.x]) + self.y.to_bytes(32, "big")

    @classmethod
    def from_bytes(cls, data: bytes) -> Share:
        if len(data) != SHARE_BYTES or data[0] == 0:
            raise ValueError("not a share")
        y = int.from_bytes(data[1:], "big")
        if y >= PRIME:
            raise ValueError("not a share")
        return cls(data[0], y)


def split(secret: int, threshold: int, count: int) -> list[Share]:
    """`count` shares, any `threshold` of which give back `secret` (x = 1..count)."""
    if not 0 < secret < PRIME:
        raise ValueError("the secret must be a non-zero field element")
    if not 1 <= threshold <= count <= 255:
        raise ValueError("need 1 <= threshold <= count <= 255")
    coefficients = [secret] + [secrets.randbelow(PRIME) for _ in range(threshold - 1)]
    return [Share(x, _evaluate(coefficients, x)) for x in range(1, count + 1)]


def combine(shares: list[Share]) -> int:
    """f(0) from the given shares (exactly the threshold, or more: all must lie on one polynomial
    of degree < threshold for the result to be the secret)."""
    xs = [share.x for share in shares]
    if not shares or len(set(xs)) != len(xs):
        raise ValueError("need shares with distinct x")
    secret = 0
    for share in shares:
        numerator, denominator = 1, 1
        for other in xs:
            if other != share.x:
                numerator = numerator * -other % PRIME
                denominator = denominator * (share.x - other) % PRIME
        secret = (secret + share.y * numerator * pow(denominator, -1, PRIME)) % PRIME
    return secret


def _evaluate(coefficients: list[int], x: int) -> int:
    result = 0
    for coefficient in reversed(coefficients):  # Horner
        result = (result * x + coefficient) % PRIME
    return result
