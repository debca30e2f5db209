"""Key holders set their passphrase; a tender's key is made, split and shared at publication;
k holders together put it back together (to open the bids, or to re-split among new holders).

The tender's private key is never stored: `seal_tender` forgets it once the shares are sealed, and
`unlock_tender` returns it to its caller only, which uses it in memory for the opening.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.keyholders import envelope, passphrase, shamir
from procurement.keyholders.models import HOLDER_ROLES, HolderKey, KeyShare, TenderKey
from procurement.keyholders.queries import tender_key_of
from procurement.tenders.models import Tender

MIN_PASSPHRASE = 12
DEFAULT_THRESHOLD = 2


class KeyHolderError(DomainError):
    messages = {
        "passphrase_short": _l("The passphrase must have at least %(minimum)s characters."),
        "passphrase_mismatch": _l("The two passphrases differ."),
        "already_set": _l("Your holder key is already set; change its passphrase instead."),
        "not_a_holder": _l("%(name)s cannot hold a key share (officers and supervisors only)."),
        "no_holder_key": _l("%(name)s has not set a key-holder passphrase yet."),
        "holders_distinct": _l("Choose different people as key holders."),
        "holders_few": _l("Choose at least 2 key holders."),
        "threshold": _l("Between 2 and %(count)s of the %(count)s key holders must open together."),
        "wrong_passphrase": _l("The passphrase of %(name)s is wrong."),
        "too_few_holders": _l("%(threshold)s key holders must enter their passphrases."),
        "shares_do_not_match": _l("The key shares do not give the tender's key."),
        "not_sealed": _l("This tender has no key holders."),
    }


def _kdf() -> dict[str, Any]:
    return dict(current_app.config.get("KEYHOLDER_KDF") or passphrase.DEFAULT_KDF)


def _holder_context(user_id: int) -> str:
    return f"tibao:holder:{user_id}"


def key_of(user: User) -> HolderKey | None:
    return db.session.scalar(sa.select(HolderKey).where(HolderKey.user_id == user.id))


def may_hold(user: User) -> bool:
    return user.active and user.role in HOLDER_ROLES


def _check_new(secret: str, repeated: str) -> None:
    if len(secret) < MIN_PASSPHRASE:
        raise KeyHolderError("passphrase_short", "passphrase", minimum=MIN_PASSPHRASE)
    if secret != repeated:
        raise KeyHolderError("passphrase_mismatch", "repeated")


def set_passphrase(user: User, secret: str, repeated: str) -> HolderKey:
    """Make the holder's key pair, its private key kept only under the passphrase."""
    if not may_hold(user):
        raise KeyHolderError("not_a_holder", name=user.display_name)
    if key_of(user) is not None:
        raise KeyHolderError("already_set")
    _check_new(secret, repeated)
    private = ec.generate_private_key(envelope.CURVE)
    kdf = _kdf()
    salt, sealed = passphrase.lock(
        envelope.scalar_of(private).to_bytes(32, "big"), secret, _holder_context(user.id), kdf
    )
    key = HolderKey(
        user_id=user.id,
        public_key=envelope.public_bytes(private.public_key()),
        sealed_private=sealed,
        salt=salt,
        kdf=kdf,
    )
    db.session.add(key)
    db.session.flush()
    record("keyholder.set_passphrase", key, details={"holder": user.id})
    return key


def change_passphrase(user: User, old: str, secret: str, repeated: str) -> HolderKey:
    """The same key pair under a new passphrase (the shares sealed to it stay valid)."""
    key = key_of(user)
    if key is None:
        raise KeyHolderError("no_holder_key", name=user.display_name)
    scalar = _holder_private(key, old)
    _check_new(secret, repeated)
    key.kdf = _kdf()
    key.salt, key.sealed_private = passphrase.lock(
        scalar, secret, _holder_context(user.id), key.kdf
    )
    key.changed_at = clock.now()
    db.session.flush()
    record("keyholder.change_passphrase", key, details={"holder": user.id})
    return key


def _holder_private(key: HolderKey, secret: str) -> bytes:
    try:
        return passphrase.unlock(
            key.sealed_private, secret, key.salt, _holder_context(key.user_id), key.kdf
        )
    except passphrase.WrongPassphrase:
        raise KeyHolderError(
            "wrong_passphrase", f"passphrase_{key.user_id}", name=key.user.display_name
        ) from None


def _checked_holders(holders: Sequence[User], threshold: int) -> list[HolderKey]:
    if len(holders) < 2:
        raise KeyHolderError("holders_few", "holders")
    if len({user.id for user in holders}) != len(holders):
        raise KeyHolderError("holders_distinct", "holders")
    keys = []
    for user in holders:
        if not may_hold(user):
            raise KeyHolderError("not_a_holder", "holders", name=user.display_name)
        key = key_of(user)
        if key is None:
            raise KeyHolderError("no_holder_key", "holders", name=user.display_name)
        keys.append(key)
    if not 2 <= threshold <= len(holders):
        raise KeyHolderError("threshold", "threshold", count=len(holders))
    return keys


def _share_out(tender_key: TenderKey, scalar: int, keys: list[HolderKey]) -> None:
    shares = shamir.split(scalar, tender_key.threshold, len(keys))
    for key, share in zip(keys, shares, strict=True):
        row = KeyShare(
            tender_key=tender_key,
            holder_id=key.user_id,
            generation=tender_key.generation,
            sealed_share=b"",
            holder_public_key=key.public_key,
        )
        db.session.add(row)
        db.session.flush()
        row.sealed_share = envelope.seal(key.public_key, share.to_bytes(), row.context())


def seal_tender(tender: Tender, holders: Sequence[User], threshold: int) -> TenderKey:
    """A new key pair for the tender: the public key kept, the private key split among `holders`
    (any `threshold` of them open the bids) and forgotten."""
    keys = _checked_holders(holders, threshold)
    private = ec.generate_private_key(envelope.CURVE)
    tender_key = TenderKey(
        tender_id=tender.id,
        public_key=envelope.public_bytes(private.public_key()),
        threshold=threshold,
        generation=1,
    )
    db.session.add(tender_key)
    _share_out(tender_key, envelope.scalar_of(private), keys)
    del private
    record(
        "keyholder.seal_tender",
        tender,
        details={"holders": [u.id for u in holders], "threshold": threshold},
    )
    return tender_key


def unlock_tender(tender: Tender, passphrases: Mapping[int, str]) -> ec.EllipticCurvePrivateKey:
    """The tender's private key from the shares of the holders whose passphrases are given
    ({user id: passphrase}; empty ones are ignored). Keep it in memory only."""
    tender_key = tender_key_of(tender)
    if tender_key is None:
        raise KeyHolderError("not_sealed")
    given = {holder: secret for holder, secret in passphrases.items() if secret}
    shares = []
    for row in tender_key.current_shares:
        if row.holder_id not in given:
            continue
        key = key_of(row.holder)
        if key is None or key.public_key != row.holder_public_key:
            raise KeyHolderError("no_holder_key", name=row.holder.display_name)
        holder_private = envelope.private_from_scalar(
            int.from_bytes(_holder_private(key, given[row.holder_id]), "big")
        )
        try:
            opened = envelope.unseal(holder_private, row.sealed_share, row.context())
            shares.append(shamir.Share.from_bytes(opened))
        except (envelope.SealError, ValueError):
            raise KeyHolderError("shares_do_not_match") from None
    if len(shares) < tender_key.threshold:
        raise KeyHolderError("too_few_holders", threshold=tender_key.threshold)
    scalar = shamir.combine(shares)
    if not 0 < scalar < shamir.PRIME:
        raise KeyHolderError("shares_do_not_match")
    private = envelope.private_from_scalar(scalar)
    if envelope.public_bytes(private.public_key()) != tender_key.public_key:
        raise KeyHolderError("shares_do_not_match")
    return private


def unlock_for_opening(
    tender: Tender, passphrases: Mapping[int, str]
) -> tuple[ec.EllipticCurvePrivateKey, list[User]]:
    """The tender's private key for the opening, and the holders who gave it (kept on the tender's
    key for the opening record)."""
    private = unlock_tender(tender, passphrases)
    present = holders_present(tender, passphrases)
    tender_key = tender_key_of(tender)
    assert tender_key is not None  # noqa: S101  # unlock_tender found it
    tender_key.opened_with = [user.id for user in present]
    return private, present


def holders_present(tender: Tender, passphrases: Mapping[int, str]) -> list[User]:
    """The current holders whose passphrases were given, for the record of who opened."""
    tender_key = tender_key_of(tender)
    if tender_key is None:
        return []
    return [row.holder for row in tender_key.current_shares if passphrases.get(row.holder_id)]


def reshare(
    tender: Tender,
    passphrases: Mapping[int, str],
    holders: Sequence[User],
    threshold: int,
) -> TenderKey:
    """The documented replacement of a lost share (docs/security.md): k current holders put the key
    together, and it is split again among `holders`; the earlier shares are kept but superseded."""
    private = unlock_tender(tender, passphrases)
    keys = _checked_holders(holders, threshold)
    tender_key = tender_key_of(tender)
    assert tender_key is not None  # noqa: S101  # unlock_tender found it
    present = holders_present(tender, passphrases)
    tender_key.generation += 1
    tender_key.threshold = threshold
    _share_out(tender_key, envelope.scalar_of(private), keys)
    del private
    record(
        "keyholder.reshare",
        tender,
        details={
            "present": [u.id for u in present],
            "holders": [u.id for u in holders],
            "threshold": threshold,
            "generation": tender_key.generation,
        },
    )
    return tender_key
