"""Opening: receipts checked, failed tenders, tampering found, and nothing leaks before it."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from procurement import clock
from procurement.accounts.models import Role
from procurement.bids import operations as bids
from procurement.bids.models import Bid, BidStatus
from procurement.opening import operations as opening
from procurement.tenders.models import TenderStatus
from tests.conftest import submit
from tests.factories import (
    add_attachment,
    bid_content,
    holder_passphrases,
    make_insurer,
    make_tender,
    make_user,
    open_tender,
    seal_bid,
    submit_bid,
)

PDF = b"%PDF-1.4\n%marker-attachment\n%%EOF\n"
SECRET_PRICE = "2468.13"
SECRET_COMPANY = "保密测试财产保险股份有限公司"


def submit_bids(tender, prices):
    insurers = []
    for index, price in enumerate(prices):
        user = make_insurer(name=SECRET_COMPANY) if index == 0 else make_insurer()
        submit_bid(tender, user, bid_content(price))
        insurers.append(user)
    from procurement.extensions import db

    db.session.commit()
    return insurers


def test_opening_checks_every_receipt_and_records_prices(db, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    submit_bids(tender, ["2400.00", "2600.00", "2200.00"])
    with pytest.raises(opening.OpeningError, match="not_yet"):
        open_tender(tender)
    frozen_clock.advance(hours=2)
    open_tender(tender)
    assert tender.status is TenderStatus.OPENED
    opened = opening.submitted_bids(tender)
    assert sorted(str(b.opened_price) for b in opened) == ["2200.00", "2400.00", "2600.00"]
    assert all(b.hash_verified for b in opened)


def test_fewer_bids_than_the_minimum_fail_the_tender(db, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    users = submit_bids(tender, ["2400.00", "2600.00", "2200.00"])
    bids.withdraw_bid(tender, users[2])
    frozen_clock.advance(hours=2)
    open_tender(tender)
    assert tender.status is TenderStatus.FAILED
    assert tender.failure_reason == "有效投标不足3家（实收2家），项目流标"


def test_an_altered_sealed_bid_is_found_at_the_opening(db, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    submit_bids(tender, ["2400.00", "2600.00", "2200.00", "2500.00"])
    victim = opening.submitted_bids(tender)[0]
    tampered = bytearray(victim.sealed_content)
    tampered[-1] ^= 0x01  # one bit changed at rest
    db.session.execute(
        sa.update(Bid).where(Bid.id == victim.id).values(sealed_content=bytes(tampered))
    )
    db.session.commit()
    frozen_clock.advance(hours=2)
    open_tender(tender)
    db.session.refresh(victim)
    assert victim.hash_verified is False and victim.opened_content is None
    assert tender.status is TenderStatus.OPENED  # three readable bids remain


def test_the_opening_record_is_for_the_officer_and_the_bidders(client, db, login_as, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    users = submit_bids(tender, ["2400.00", "2600.00", "2200.00"])
    frozen_clock.advance(hours=2)
    login_as(tender.created_by)
    response = submit(
        client,
        f"/tenders/{tender.id}/open",
        {f"passphrase_{i}": p for i, p in holder_passphrases(tender).items()},
        form_page=f"/tenders/{tender.id}/manage",
    )
    assert response.status_code == 302
    record = client.get(f"/tenders/{tender.id}/opening-record").get_data(as_text=True)
    assert SECRET_COMPANY in record and "2400.00" in record and "与回执一致" in record
    assert f"开启投标文件的密钥持有人：{tender.created_by.display_name}、" in record
    client.delete_cookie("session")
    login_as(users[1])
    assert SECRET_COMPANY in client.get(f"/tenders/{tender.id}/opening-record").get_data(
        as_text=True
    )
    client.delete_cookie("session")
    login_as(make_insurer())  # did not bid
    assert client.get(f"/tenders/{tender.id}/opening-record").status_code == 403


def test_nothing_about_a_bid_leaks_before_the_opening(client, db, login_as):
    """Every role, every page it may open: no bidder name, price or entered value appears."""
    tender = make_tender()
    bidder = make_insurer(name=SECRET_COMPANY)
    content = {
        k: v
        for k, v in bid_content(SECRET_PRICE, rate_filing_number="RATE-SECRET-77").items()
        if k != "salt"
    }
    submit_bid(tender, bidder, content)
    add_attachment(tender, bidder, "secret.pdf", PDF)
    db.session.commit()
    bid = db.session.scalar(sa.select(Bid))
    attachment = bid.attachments[0]
    secrets = [
        SECRET_COMPANY,
        SECRET_PRICE,
        "RATE-SECRET-77",
        bidder.username,
        "marker-attachment",
        bid.receipt_hash,
    ]
    admin = make_user(Role.ADMIN)
    member = make_user(Role.MEMBER)
    other = make_insurer()
    urls = [
        "/",
        "/tenders/",
        f"/tenders/{tender.reference}",
        f"/tenders/{tender.id}/manage",
        f"/tenders/{tender.id}/opening-record",
        f"/bids/{tender.reference}",
        f"/bids/{tender.reference}/receipt",
        f"/bids/{tender.reference}/receipt.pdf",
        f"/bids/attachments/{attachment.id}",
        "/bids/",
        f"/evaluation/{tender.id}",
        "/audit/",
        "/audit/?actor=insurer",
        "/audit/?action=bid",
        "/accounts/",
        f"/api/v1/tenders/{tender.reference}",
    ]
    for user in (None, tender.created_by, admin, member, other):
        client.delete_cookie("session")
        if user is not None:
            login_as(user)
        for url in urls:
            response = client.get(url)
            if response.status_code in {301, 302, 303}:
                continue  # a redirect to the sign-in page only echoes the address asked for
            body = response.get_data(as_text=True) if response.mimetype != "application/pdf" else ""
            body += response.headers.get("Content-Disposition", "")
            for secret in secrets:
                account_data = secret == bidder.username or (
                    secret == SECRET_COMPANY and url == "/accounts/"
                )
                if account_data and user is admin and url.startswith(("/accounts/", "/audit/")):
                    continue  # the administrator manages accounts: they exist, not that they bid
                assert secret not in body, (getattr(user, "role", "public"), url, secret)
    client.delete_cookie("session")
    login_as(tender.created_by)
    assert "目前已收到投标 1 份" in client.get(f"/tenders/{tender.id}/manage").get_data(
        as_text=True
    )


@pytest.mark.parametrize("offsets", [(-0.6, -0.3, 0.0, 0.3, 0.6)])
def test_concurrent_submissions_around_the_deadline(app, db, offsets):
    """Threads submit at once around the deadline; every accepted one was processed before it."""
    tender = make_tender(deadline_in=timedelta(seconds=3))
    users = [make_insurer() for _ in offsets]
    deadline = tender.submission_deadline
    outcomes: dict[int, str] = {}
    start = threading.Barrier(len(offsets))

    def attempt(index, offset, user_id):
        with app.app_context():
            from procurement.accounts.models import User
            from procurement.extensions import db as database
            from procurement.tenders.models import Tender

            user = database.session.get(User, user_id)
            local_tender = database.session.get(Tender, tender.id)
            start.wait()
            target = deadline.timestamp() + offset
            time.sleep(max(0.0, target - time.time()))
            try:
                bids.submit_bid(local_tender, user, seal_bid(local_tender, user, bid_content()))
                database.session.commit()
                outcomes[index] = "accepted"
            except bids.BidError as error:
                database.session.rollback()
                outcomes[index] = error.code
            finally:
                database.session.remove()

    threads = [
        threading.Thread(target=attempt, args=(i, off, u.id))
        for i, (off, u) in enumerate(zip(offsets, users, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    stored = db.session.scalars(sa.select(Bid).where(Bid.status == BidStatus.SUBMITTED)).all()
    assert all(bid.submitted_at < deadline for bid in stored)
    assert len(stored) == list(outcomes.values()).count("accepted")
    for index, offset in enumerate(offsets):
        if offset >= 0:
            assert outcomes[index] == "closed", outcomes
    assert len(outcomes) == len(offsets)  # every thread reported
    assert clock.now() >= deadline
