"""Who may read bid content in every state a tender can reach (issue 13, item 1).

Bids stay sealed until the opening, whatever happens to the tender: a tender cancelled (or failed)
before it was opened keeps its bids sealed for good. After the opening, the officer and the members
who may score read them, and the bidder its own; before it, nobody can (the server included: the
bidder's browser sealed the bid, and the key holders have not opened it).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from procurement import clock
from procurement.accounts.models import Role
from procurement.bids.models import Bid
from procurement.evaluation.models import CommitteeMember
from procurement.tenders import operations as tenders
from procurement.tenders.models import TenderStatus
from tests.factories import (
    add_attachment,
    bid_content,
    make_insurer,
    make_tender,
    make_user,
    open_tender,
    submit_bid,
)

PDF = b"%PDF-1.4\n%sealed-attachment\n%%EOF\n"


def _opened(tender, status):
    """Opened by the key holders, then moved on to `status` as the evaluation would."""
    if status is TenderStatus.FAILED:
        tender.min_bids = 2  # one bid: the opening fails the tender (流标)
    open_tender(tender)
    tender.status = status


# state -> how the tender gets there (after a bid was submitted), and whether the bids are sealed
STATES = {
    "draft": (None, True),
    "published": (lambda t: None, True),
    "closed": (lambda t: None, True),  # deadline passed, not opened (the clock moves below)
    "cancelled": (lambda t: tenders.cancel_tender(t, "预算调整"), True),
    "failed before opening": (lambda t: setattr(t, "status", TenderStatus.FAILED), True),
    "failed at opening": (lambda t: _opened(t, TenderStatus.FAILED), False),
    "opened": (lambda t: _opened(t, TenderStatus.OPENED), False),
    "evaluated": (lambda t: _opened(t, TenderStatus.EVALUATED), False),
    "publicised": (lambda t: _opened(t, TenderStatus.PUBLICISED), False),
    "awarded": (lambda t: _opened(t, TenderStatus.AWARDED), False),
    "reopened": (lambda t: _opened(t, TenderStatus.OPENED), False),  # after an upheld objection
}


def tender_in_state(db, frozen_clock, state):
    """A tender with one sealed bid, its attachment and a seated member who may score, moved to
    `state` (one of STATES but the draft): (tender, bidder, attachment, member)."""
    move, _sealed = STATES[state]
    tender = make_tender(deadline_in=timedelta(hours=1), min_bids=1)
    bidder = make_insurer()
    submit_bid(tender, bidder, bid_content())
    attachment = add_attachment(tender, bidder, "报价.pdf", PDF)
    member = make_user(Role.MEMBER)
    db.session.add(
        CommitteeMember(tender=tender, user=member, declared_at=clock.now(), has_conflict=False)
    )
    db.session.commit()
    if state != "published":
        frozen_clock.advance(hours=2)  # past the deadline and the opening time
    move(tender)
    db.session.commit()
    return tender, bidder, attachment, member


@pytest.mark.parametrize("state", list(STATES))
def test_who_reads_bid_content_in_each_state(client, db, login_as, frozen_clock, state):
    move, sealed = STATES[state]
    if move is None:  # a draft takes no bids: nothing to read, and nothing readable
        tender = make_tender(status="draft")
        assert tender.is_sealed()
        assert not tender.can_read_bids(tender.created_by)
        return
    tender, bidder, attachment, member = tender_in_state(db, frozen_clock, state)
    db.session.expire_all()
    bid = db.session.scalar(sa.select(Bid))
    officer, other_officer = tender.created_by, make_user(Role.OFFICER)
    admin, other_insurer = make_user(Role.ADMIN), make_insurer()

    assert bid.tender.is_sealed() is sealed
    for reader in (officer, other_officer, member):
        assert bid.tender.can_read_bids(reader) is not sealed, reader.role
        assert bid.can_download(reader) is not sealed, reader.role
    for outsider in (admin, other_insurer):
        assert not bid.tender.can_read_bids(outsider)
        assert not bid.can_download(outsider)
    assert bid.can_download(bidder)  # the bidder always reads its own bid

    url = f"/bids/attachments/{attachment.id}"
    for reader in (officer, other_officer, member, admin, other_insurer, bidder):
        client.delete_cookie("session")
        login_as(reader)
        response = client.get(url)
        readable = not sealed and reader in (officer, other_officer, member, bidder)
        if readable:
            assert response.status_code == 200 and b"sealed-attachment" in response.data
        else:
            assert response.status_code in {403, 404}, (state, reader.role)
            assert b"sealed-attachment" not in response.data
