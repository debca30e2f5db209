"""One insurer submitting from several places at once (issue 13 item 6): every submission is either
accepted with a revision number of its own or refused in words, never a 500."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.bids import operations as bids
from procurement.bids.models import Bid, BidStatus
from tests.factories import bid_content, make_insurer, make_tender, seal_bid, submit_bid

THREADS = 6


def _submit_at_once(app: Any, tender_id: int, user_id: int, count: int) -> list[str]:
    """`count` threads, each in its own application context (its own session and connection),
    submit the same insurer's bid at the same moment; what each one got."""
    outcomes: list[str] = []
    start = threading.Barrier(count)

    def submit_one() -> None:
        with app.app_context():
            from procurement.accounts.models import User
            from procurement.extensions import db as database
            from procurement.tenders.models import Tender

            user = database.session.get(User, user_id)
            tender = database.session.get(Tender, tender_id)
            content = seal_bid(tender, user, bid_content())  # sealed as the browser does
            start.wait()
            try:
                bids.submit_bid(tender, user, content)
                database.session.commit()
                outcomes.append("accepted")
            except bids.BidError as error:
                database.session.rollback()
                outcomes.append(error.code)
            except Exception as error:  # what a view would turn into a 500
                database.session.rollback()
                outcomes.append(type(error).__name__)
            finally:
                database.session.remove()

    threads = [threading.Thread(target=submit_one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def slow_receipts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widen the window between reading the bid and writing it, as a busy server would."""
    original = bids.receipt_hash

    def slow(bid: Bid) -> str:
        time.sleep(0.05)
        return original(bid)

    monkeypatch.setattr(bids, "receipt_hash", slow)


@pytest.mark.parametrize("existing", ["none", "submitted"])
def test_concurrent_submissions_by_one_insurer_get_revisions_of_their_own(
    app, db, slow_receipts, existing
):
    tender = make_tender()
    user = make_insurer()
    already = 0
    if existing == "submitted":
        submit_bid(tender, user, bid_content())
        db.session.commit()
        already = 1
    outcomes = _submit_at_once(app, tender.id, user.id, THREADS)
    assert outcomes == ["accepted"] * THREADS
    db.session.expire_all()
    bid = db.session.scalar(sa.select(Bid))
    assert bid.status is BidStatus.SUBMITTED and bid.revision == already + THREADS
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "bid.submit"))
    revisions = sorted(event.details["revision"] for event in events)
    assert revisions == list(range(1, already + THREADS + 1))  # none repeated, none skipped
    # the receipt kept is the one of the last revision
    last = db.session.scalar(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "bid.submit")
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    assert last.details == {
        "tender": tender.id,
        "revision": bid.revision,
        "receipt": bid.receipt_hash,
    }
