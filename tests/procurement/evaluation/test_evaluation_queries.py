"""The evaluation pages read their state in a fixed handful of queries, and a GET writes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.evaluation.models import EvaluationResult
from tests.factories import make_opened_tender, make_user
from tests.procurement.evaluation.test_evaluation_operations import (
    declare_all,
    full_scores,
    pass_all,
)

SIZES = [(5, 5), (10, 9)]  # bids × members

# Whatever the number of bids and members: the signed-in user, the tender and the state's parts
# (11 today, against 44 and 61 before the state was read once), with room for the page's frame.
MOST = 16


@pytest.fixture
def few_samples(app, monkeypatch):
    # The robustness analysis is not what these tests measure; fewer samples keep them quick.
    monkeypatch.setitem(app.config, "SENSITIVITY_SAMPLES", 200)


def scored(db, bids: int, members: int):
    """A tender with `bids` opened bids and `members` seated members who all submitted."""
    tender = make_opened_tender(tuple(f"{2000 + 40 * i}.00" for i in range(bids)))
    users = [make_user(Role.MEMBER) for _ in range(members)]
    seats = evaluation.assign_committee(tender, users, users[0])
    declare_all(seats)
    pass_all(tender, tender.created_by)
    for seat in seats:
        evaluation.save_scores(seat, full_scores(tender))
        evaluation.submit_scoresheet(seat)
    db.session.commit()
    return tender, seats


def count_page(client, login_as, count_queries, user, url: str) -> int:
    client.delete_cookie("session")
    login_as(user)
    assert client.get(url).status_code == 200  # once, so that one-time loads are not counted
    with count_queries() as counted:
        response = client.get(url)
    assert response.status_code == 200
    return len(counted)


@pytest.mark.parametrize(
    ("page", "viewer"), [("", "officer"), ("/overview", "chair")], ids=["dashboard", "overview"]
)
def test_a_page_reads_the_same_number_of_queries_for_any_size(
    client, db, login_as, count_queries, few_samples, page, viewer
):
    counts = []
    for bids, members in SIZES:
        tender, seats = scored(db, bids, members)
        user = tender.created_by if viewer == "officer" else seats[0].user
        url = f"/evaluation/{tender.id}{page}"
        counts.append(count_page(client, login_as, count_queries, user, url))
    assert counts[0] == counts[1] <= MOST, counts


def test_the_last_submission_stores_the_ranking_and_the_overview_only_reads(
    client, db, login_as, count_queries, few_samples
):
    tender, seats = scored(db, 5, 3)
    row = queries.result_of(tender)
    assert row is not None and len(row.result["ranking"]) == 5  # ranked when the last submitted
    login_as(seats[0].user)
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    with count_queries() as counted:
        assert client.get(f"/evaluation/{tender.id}/overview").status_code == 200
    writes = [s for s in counted.statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert writes == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EvaluationResult)) == 1
