"""Everything the server has cannot open a bid of an open tender (issue 13, item 4).

The attacker here holds every row of every table, every file in `instance/`, the code, the
configuration and the environment, and knows the scheme (procurement/keyholders). It looks for key
material anywhere — a private scalar of the tender or of a holder (raw, base64 or hex), a passphrase
that unlocks a holder's key — and tries to open the bids with whatever it finds. A control run adds
the holders' passphrases to what it knows and must open them, so the attack itself works.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

from procurement.bids.models import Bid
from procurement.extensions import db as database
from procurement.keyholders import envelope, passphrase, shamir
from procurement.keyholders.models import HolderKey
from procurement.keyholders.queries import tender_key_of
from tests.factories import (
    HOLDER_PASSPHRASE,
    add_attachment,
    bid_content,
    make_insurer,
    make_tender,
    submit_bid,
)

ROOT = Path(__file__).resolve().parents[3]
TOKEN = re.compile(rb"[A-Za-z0-9+/=_-]{40,}")
PDF = b"%PDF-1.4\n%attachment-marker\n%%EOF\n"


def _flatten(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _flatten(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def everything_the_server_has(app: Any) -> tuple[list[bytes], set[str]]:
    """(blobs, strings): every value of every row, the instance files, config and environment,
    and the tokens of the code that could encode a key."""
    values: list[Any] = []
    for table in database.metadata.sorted_tables:
        for row in database.session.execute(sa.select(table)):
            values.extend(_flatten(list(row)))
    for path in Path(app.instance_path).rglob("*"):
        if path.is_file():
            values.append(path.read_bytes())
    values.extend(_flatten(dict(app.config)))
    values.extend(os.environ.values())
    for path in [*ROOT.glob("procurement/**/*"), *ROOT.glob("instance/*")]:
        if path.is_file() and path.suffix in {".py", ".js", ".html", ".cfg", ".txt", ".md", ".key"}:
            values.extend(match.group() for match in TOKEN.finditer(path.read_bytes()))
    blobs: list[bytes] = []
    strings: set[str] = set()
    for value in values:
        if isinstance(value, memoryview):
            value = bytes(value)
        if isinstance(value, str):
            strings.add(value)
            value = value.encode()
        if isinstance(value, bytes):
            blobs.append(value)
            blobs.extend(_decodings(value))
    return blobs, strings


def _decodings(data: bytes) -> Iterator[bytes]:
    for token in TOKEN.findall(data):
        for decode in (base64.b64decode, base64.urlsafe_b64decode, binascii.unhexlify):
            try:
                yield decode(
                    token + b"=" * (-len(token) % 4) if decode is not binascii.unhexlify else token
                )
            except (ValueError, binascii.Error):
                continue


def _scalars(blobs: list[bytes]) -> Iterator[int]:
    """Every 32-byte window of every blob, as a candidate private scalar."""
    seen: set[bytes] = set()
    for blob in blobs:
        for start in range(max(0, len(blob) - 31)):
            window = blob[start : start + 32]
            if window in seen:
                continue
            seen.add(window)
            scalar = int.from_bytes(window, "big")
            if 0 < scalar < shamir.PRIME:
                yield scalar


def opens_with_a_stored_aes_key(bid: Any, blobs: list[bytes]) -> bool:
    """Any 32-byte window used as the bid's AES-GCM key, directly (a derived key kept by mistake)
    or after unwrapping a stored 40-byte wrapped key with it (a master key, as in the first version)."""
    sealed = bid.sealed_content
    header = 1 + envelope.POINT_BYTES
    nonce, ciphertext = sealed[header : header + 12], sealed[header + 12 :]
    aad = bid.sealing_context().encode()
    windows = {blob[i : i + 32] for blob in blobs for i in range(max(0, len(blob) - 31))}
    wrapped = {blob for blob in blobs if len(blob) == 40}
    for window in windows:
        keys = [window]
        for candidate in wrapped:
            try:
                keys.append(aes_key_unwrap(window, candidate))
            except InvalidUnwrap:
                continue
        for key in keys:
            try:
                AESGCM(key).decrypt(nonce, ciphertext, aad)
            except InvalidTag:
                continue
            return True
    return False


def recover_tender_key(tender: Any, blobs: list[bytes], strings: set[str]) -> Any:
    """The tender's private key from what is given, or None: the attack."""
    tender_key = tender_key_of(tender)
    holder_keys = {key.public_key: key for key in database.session.scalars(sa.select(HolderKey))}
    holders: dict[int, Any] = {}
    for scalar in _scalars(blobs):
        public = envelope.public_bytes(envelope.private_from_scalar(scalar).public_key())
        if public == tender_key.public_key:
            return envelope.private_from_scalar(scalar)
        if public in holder_keys:
            holders[holder_keys[public].user_id] = envelope.private_from_scalar(scalar)
    for key in holder_keys.values():
        for candidate in strings:
            if key.user_id in holders or not 0 < len(candidate) <= 200:
                continue
            context = f"tibao:holder:{key.user_id}"
            try:
                secret = passphrase.unlock(
                    key.sealed_private, candidate, key.salt, context, key.kdf
                )
            except passphrase.WrongPassphrase:
                continue
            holders[key.user_id] = envelope.private_from_scalar(int.from_bytes(secret, "big"))
    shares = [
        shamir.Share.from_bytes(
            envelope.unseal(holders[row.holder_id], row.sealed_share, row.context())
        )
        for row in tender_key.current_shares
        if row.holder_id in holders
    ]
    if len(shares) < tender_key.threshold:
        return None
    return envelope.private_from_scalar(shamir.combine(shares))


def test_the_server_alone_cannot_open_a_bid_of_an_open_tender(app, db):
    tender = make_tender(deadline_in=timedelta(days=3))
    for price in ("2468.13", "2555.55", "2399.99"):
        bidder = make_insurer()
        submit_bid(tender, bidder, bid_content(price))
        add_attachment(tender, bidder, "方案.pdf", PDF)
    db.session.commit()
    bids = db.session.scalars(sa.select(Bid)).all()

    # The first version kept a master key beside the database, which opened everything.
    assert "MASTER_KEY" not in app.config
    assert not (Path(app.instance_path) / "master.key").exists()
    blobs, strings = everything_the_server_has(app)
    assert HOLDER_PASSPHRASE not in strings  # the passphrases live only in the holders' heads
    assert all(b"2468.13" not in blob and b"attachment-marker" not in blob for blob in blobs)
    assert recover_tender_key(tender, blobs, strings) is None
    assert not opens_with_a_stored_aes_key(bids[0], blobs)

    # Control: knowing the holders' passphrases, the same attack opens every bid.
    private = recover_tender_key(tender, blobs, {*strings, HOLDER_PASSPHRASE})
    assert private is not None
    for bid in bids:
        assert b"form" in envelope.unseal(private, bid.sealed_content, bid.sealing_context())
