"""The opening needs k key holders, and checks every bid again: what the browser should have
refused (or a browser that was bypassed) is recorded as invalid (无效投标), never evaluated."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.bids import operations as bids
from procurement.bids.models import Bid
from procurement.bids.sealed import attachment_context, context
from procurement.keyholders import envelope
from procurement.keyholders.operations import KeyHolderError
from procurement.keyholders.queries import tender_key_of
from procurement.opening import operations as opening
from procurement.tenders.models import TenderStatus
from tests.factories import (
    HOLDER_PASSPHRASE,
    bid_content,
    make_insurer,
    make_tender,
    open_tender,
    submit_bid,
)


def test_fewer_than_k_holders_or_a_wrong_passphrase_open_nothing(db, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1), min_bids=1)
    submit_bid(tender, make_insurer())
    db.session.commit()
    frozen_clock.advance(hours=2)
    first, second, _third = tender_key_of(tender).holders
    attempts = [
        ({first.id: HOLDER_PASSPHRASE}, "too_few_holders"),
        ({first.id: HOLDER_PASSPHRASE, second.id: "not-the-passphrase"}, "wrong_passphrase"),
        ({}, "too_few_holders"),
    ]
    for passphrases, code in attempts:
        with pytest.raises(KeyHolderError, match=code):
            opening.open_tender(tender, tender.created_by, passphrases)
        db.session.rollback()
    assert tender.status is TenderStatus.PUBLISHED and tender.is_sealed()
    opened = opening.open_tender(
        tender, tender.created_by, {first.id: HOLDER_PASSPHRASE, second.id: HOLDER_PASSPHRASE}
    )
    assert opened.status is TenderStatus.OPENED
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "tender.open"))
    assert [h["id"] for h in event.details["holders"]] == [first.id, second.id]


def _sealed(tender, user, plaintext):
    return envelope.seal(
        tender_key_of(tender).public_key, plaintext, context(tender.id, user.insurer_id)
    )


def test_bids_that_fail_the_checks_are_recorded_invalid(db, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1), min_bids=1)
    valid = make_insurer(name="有效投标保险公司")
    submit_bid(tender, valid, bid_content("2400.00"))
    cases = {
        "above": (bid_content("3100.00"), "无效投标：投标报价超过最高限价3000.00元"),
        "incomplete": (
            {**bid_content("2500.00"), "rate_table": {"0-5": "1800.00"}},
            "无效投标：投标文件不完整（缺少3项）",
        ),
    }
    users = {}
    for name, (content, _problem) in cases.items():
        users[name] = make_insurer()
        submit_bid(tender, users[name], content)
    garbage = make_insurer()  # a bypassed browser: sealed, but not a bid form
    bids.submit_bid(tender, garbage, _sealed(tender, garbage, b"price=2000"))
    moved = make_insurer()  # another insurer's ciphertext: the associated data differs
    bids.submit_bid(tender, moved, _sealed(tender, valid, b'{"form": {}}'))
    not_pdf = make_insurer()
    submit_bid(tender, not_pdf, bid_content("2600.00"))
    fake = envelope.seal(
        tender_key_of(tender).public_key,
        b"MZ not a pdf",
        attachment_context(tender.id, not_pdf.insurer_id),
    )
    bids.add_attachment(tender, not_pdf, "方案.pdf", fake)
    db.session.commit()
    frozen_clock.advance(hours=2)
    open_tender(tender)
    assert tender.status is TenderStatus.OPENED  # one valid bid, minimum 1
    by_insurer = {bid.insurer_id: bid for bid in db.session.scalars(sa.select(Bid))}
    assert by_insurer[valid.insurer_id].opened_problem is None
    assert by_insurer[valid.insurer_id].opened_content["price"] == "2400.00"
    for name, (_content, problem) in cases.items():
        bid = by_insurer[users[name].insurer_id]
        assert bid.opened_problem == problem and bid.opened_content is None
    assert by_insurer[users["above"].insurer_id].opened_price == 3100  # read out, but invalid
    assert by_insurer[garbage.insurer_id].opened_problem == "无效投标：投标文件格式不符，无法读取"
    assert by_insurer[moved.insurer_id].opened_problem.startswith("无效投标：密封内容无法解密")
    assert (
        by_insurer[not_pdf.insurer_id].opened_problem
        == "无效投标：附件无法解密或不是PDF文件（方案.pdf）"
    )
    assert all(bid.hash_verified for bid in by_insurer.values())  # as received: the receipts hold
