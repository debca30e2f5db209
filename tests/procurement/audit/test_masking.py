"""Issue 13 item 3: until a tender is opened, the audit view does not tell who bids on it.

Events are written with the one audit writer, as the bid and tender operations write them, so the
test holds whatever the submission pages become.
"""

from __future__ import annotations

import pytest

from procurement import clock
from procurement.accounts.models import Role
from procurement.audit.operations import record
from procurement.tenders.models import TenderStatus
from tests.conftest import PASSWORD, submit
from tests.factories import make_insurer, make_tender, make_user

ADDRESS = "203.0.113.77"


def bidder_history(client, db):
    """A published tender; a bidder signs in, acknowledges an amendment and submits a bid."""
    tender = make_tender()
    bidder = make_insurer(name="秘密投标保险股份有限公司")
    bidder.username = "secret_bidder"
    db.session.commit()
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    assert (
        submit(client, "/login", {"username": "secret_bidder", "password": PASSWORD}).status_code
        == 302
    )
    client.delete_cookie("session")
    client.environ_base.pop("REMOTE_ADDR")
    record(
        "tender.acknowledge_amendment",
        tender,
        details={"amendment": 1, "insurer_id": bidder.insurer_id},
        actor=bidder,
    )
    record(
        "bid.submit",
        object_type="bids",
        object_id=4242,
        details={"tender": tender.id, "revision": 1, "receipt": "feedc0de" * 8},
        actor=bidder,
    )
    record("tender.update", tender, details={"changes": {"title": "x"}}, actor=tender.created_by)
    db.session.commit()
    return tender, bidder


def move(tender, db, state):
    if state == "cancelled":
        tender.status = TenderStatus.CANCELLED
    elif state == "opened":
        tender.status = TenderStatus.OPENED
        tender.opened_at = clock.now()
        tender.opened_by = tender.created_by
    db.session.commit()


def page(client, query):
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("state", ["published", "cancelled"])
def test_before_the_opening_nothing_links_a_bidder_to_the_tender(client, db, login_as, state):
    tender, bidder = bidder_history(client, db)
    move(tender, db, state)
    login_as(make_user(Role.ADMIN, username="auditor"))
    for query in ("action=tender.acknowledge", "action=bid.", "action=user.sign_in"):
        shown = page(client, query)
        assert "secret_bidder" not in shown, query
        assert f'"insurer_id": {bidder.insurer_id}' not in shown, query
        assert "feedc0de" not in shown and ADDRESS not in shown, query
    # The officer's own changes to the tender show what changed, not who changed it.
    updates = page(client, "action=tender.update")
    assert "title" in updates and tender.created_by.username not in updates
    # Searching by user finds none of it either.
    by_actor = page(client, "actor=secret_bidder")
    for action in ("tender.acknowledge_amendment", "bid.submit", "user.sign_in"):
        assert action not in by_actor


def test_after_the_opening_the_audit_log_shows_everything(client, db, login_as):
    tender, bidder = bidder_history(client, db)
    move(tender, db, "opened")
    login_as(make_user(Role.ADMIN, username="auditor"))
    acknowledged = page(client, "action=tender.acknowledge")
    assert "secret_bidder" in acknowledged
    assert f'"insurer_id": {bidder.insurer_id}' in acknowledged
    assert "feedc0de" in page(client, "action=bid.")
    assert ADDRESS in page(client, "action=user.sign_in")
    assert tender.created_by.username in page(client, "action=tender.update")
    by_actor = page(client, "actor=secret_bidder")
    for action in ("tender.acknowledge_amendment", "bid.submit", "user.sign_in"):
        assert action in by_actor


def test_a_sign_in_outside_any_open_bidding_window_is_shown(client, db, login_as):
    """Only the bidders' sign-ins while a tender that is still sealed took bids are hidden."""
    make_insurer(name="另一保险股份有限公司").username = "plain_insurer"
    db.session.commit()
    assert (
        submit(client, "/login", {"username": "plain_insurer", "password": PASSWORD}).status_code
        == 302
    )
    client.delete_cookie("session")
    login_as(make_user(Role.ADMIN, username="auditor"))
    assert "plain_insurer" in page(client, "action=user.sign_in")
