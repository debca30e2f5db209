"""Holder keys, a tender's key split among holders, the opening key put together by k of them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.keyholders import envelope
from procurement.keyholders import operations as keyholders
from procurement.keyholders.models import KeyShare
from tests.factories import make_tender, make_user

PASSPHRASES = ["officer-passphrase-1", "second-officer-pass-2", "supervisor-passphrase-3"]


@pytest.fixture
def holders(db):
    users = [make_user(Role.OFFICER), make_user(Role.OFFICER), make_user(Role.ADMIN)]
    for user, secret in zip(users, PASSPHRASES, strict=True):
        keyholders.set_passphrase(user, secret, secret)
    db.session.commit()
    return users


def test_envelope_opens_only_with_its_key_and_context():
    private = envelope.private_from_scalar(123456789)
    public = envelope.public_bytes(private.public_key())
    sealed = envelope.seal(public, "报价 2400.00".encode(), "bid:1")
    assert envelope.unseal(private, sealed, "bid:1") == "报价 2400.00".encode()
    with pytest.raises(envelope.SealError):
        envelope.unseal(private, sealed, "bid:2")  # moved to another bid
    with pytest.raises(envelope.SealError):
        envelope.unseal(envelope.private_from_scalar(987654321), sealed, "bid:1")
    altered = bytearray(sealed)
    altered[-1] ^= 1
    with pytest.raises(envelope.SealError):
        envelope.unseal(private, bytes(altered), "bid:1")
    with pytest.raises(envelope.SealError):
        envelope.unseal(private, b"\x01short", "bid:1")


def test_a_passphrase_is_set_once_and_checked(db):
    officer = make_user(Role.OFFICER)
    with pytest.raises(keyholders.KeyHolderError, match="passphrase_short"):
        keyholders.set_passphrase(officer, "short", "short")
    with pytest.raises(keyholders.KeyHolderError, match="passphrase_mismatch"):
        keyholders.set_passphrase(officer, "a-long-passphrase", "a-long-passphrasE")
    key = keyholders.set_passphrase(officer, "a-long-passphrase", "a-long-passphrase")
    assert b"a-long-passphrase" not in key.sealed_private and len(key.public_key) == 65
    with pytest.raises(keyholders.KeyHolderError, match="already_set"):
        keyholders.set_passphrase(officer, "a-long-passphrase", "a-long-passphrase")
    with pytest.raises(keyholders.KeyHolderError, match="not_a_holder"):
        member = make_user(Role.MEMBER)
        keyholders.set_passphrase(member, "a-long-passphrase", "a-long-passphrase")


def test_two_of_three_holders_open_and_one_cannot(db, holders):
    tender = make_tender(status="draft")
    tender_key = keyholders.seal_tender(tender, holders, 2)
    db.session.commit()
    public = tender_key.public_key
    sealed = envelope.seal(public, b"price 2400", "ctx")
    for pair in ((0, 1), (0, 2), (1, 2)):
        given = {holders[i].id: PASSPHRASES[i] for i in pair}
        assert envelope.unseal(keyholders.unlock_tender(tender, given), sealed, "ctx") == (
            b"price 2400"
        )
    with pytest.raises(keyholders.KeyHolderError, match="too_few_holders"):
        keyholders.unlock_tender(tender, {holders[0].id: PASSPHRASES[0]})
    with pytest.raises(keyholders.KeyHolderError, match="wrong_passphrase") as raised:
        keyholders.unlock_tender(
            tender, {holders[0].id: PASSPHRASES[0], holders[1].id: "not-the-passphrase"}
        )
    assert raised.value.details["name"] == holders[1].display_name
    assert len(tender_key.current_shares) == 3
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "keyholder.seal_tender")
    ).one()
    assert event.details == {"holders": [u.id for u in holders], "threshold": 2}


def test_holders_must_be_eligible_distinct_and_ready(db, holders):
    tender = make_tender(status="draft")
    unready = make_user(Role.OFFICER)
    cases = [
        ([holders[0], holders[0], holders[1]], 2, "holders_distinct"),
        ([holders[0], unready], 2, "no_holder_key"),
        ([holders[0], make_user(Role.MEMBER)], 2, "not_a_holder"),
        ([holders[0]], 1, "holders_few"),
        (holders, 1, "threshold"),
        (holders, 4, "threshold"),
    ]
    for users, threshold, code in cases:
        with pytest.raises(keyholders.KeyHolderError, match=code):
            keyholders.seal_tender(tender, users, threshold)


def test_a_swapped_share_fails_the_check(db, holders):
    tender = make_tender(status="draft")
    keyholders.seal_tender(tender, holders, 2)
    other = make_tender(status="draft")
    keyholders.seal_tender(other, holders, 2)
    db.session.commit()
    mine = keyholders.tender_key_of(tender).current_shares[0]
    theirs = keyholders.tender_key_of(other).current_shares[0]
    mine.sealed_share = theirs.sealed_share  # the database writer moves a share between tenders
    db.session.commit()
    with pytest.raises(keyholders.KeyHolderError, match="shares_do_not_match"):
        keyholders.unlock_tender(
            tender, {holders[0].id: PASSPHRASES[0], holders[1].id: PASSPHRASES[1]}
        )


def test_a_changed_passphrase_keeps_the_shares(db, holders):
    tender = make_tender(status="draft")
    keyholders.seal_tender(tender, holders, 2)
    keyholders.change_passphrase(
        holders[0], PASSPHRASES[0], "a-brand-new-passphrase", "a-brand-new-passphrase"
    )
    db.session.commit()
    with pytest.raises(keyholders.KeyHolderError, match="wrong_passphrase"):
        keyholders.change_passphrase(holders[0], PASSPHRASES[0], "x" * 20, "x" * 20)
    given = {holders[0].id: "a-brand-new-passphrase", holders[2].id: PASSPHRASES[2]}
    assert keyholders.unlock_tender(tender, given)


def test_a_lost_share_is_replaced_by_re_splitting_with_k_present(db, holders):
    tender = make_tender(status="draft")
    keyholders.seal_tender(tender, holders, 2)
    db.session.commit()
    before = keyholders.tender_key_of(tender).public_key
    replacement = make_user(Role.OFFICER)
    keyholders.set_passphrase(replacement, "replacement-passphrase", "replacement-passphrase")
    present = {holders[0].id: PASSPHRASES[0], holders[2].id: PASSPHRASES[2]}
    new_holders = [holders[0], replacement, holders[2]]
    tender_key = keyholders.reshare(tender, present, new_holders, 2)
    db.session.commit()
    assert tender_key.public_key == before and tender_key.generation == 2
    assert [u.id for u in tender_key.holders] == [u.id for u in new_holders]
    # The holder who lost the share no longer counts; the replacement does.
    with pytest.raises(keyholders.KeyHolderError, match="too_few_holders"):
        keyholders.unlock_tender(tender, {holders[1].id: PASSPHRASES[1]})
    assert keyholders.unlock_tender(
        tender, {replacement.id: "replacement-passphrase", holders[2].id: PASSPHRASES[2]}
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(KeyShare)) == 6  # kept
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "keyholder.reshare")
    ).one()
    assert event.details["present"] == [holders[0].id, holders[2].id]
