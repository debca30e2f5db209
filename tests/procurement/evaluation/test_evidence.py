"""Evidence beside every judgement (issue 12 section 1): each opened bid's entries in words, its
attachments opening inline (each view audited), the comparison view, the report's attachment list."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.bids.models import BidAttachment
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.evaluation.report import report_context
from tests.factories import (
    make_insurer,
    make_opened_tender,
    make_user,
)
from tests.procurement.bids.test_sealed_states import PDF, STATES, tender_in_state
from tests.procurement.evaluation.test_evaluation_operations import declare_all, pass_all

RAW_KEYS = ("solvency_ratio", "parts_and_labour", "clause_filing_numbers", "rate_table", "16+")


def _with_attachment(bid, name="理赔方案.pdf", data=PDF):
    attachment = BidAttachment(
        bid=bid, filename=name, size=len(data), sha256="ab" * 32, sealed_data=b"x", opened_data=data
    )
    bid.attachments.append(attachment)
    return attachment


def _evaluated(db):
    """An opened tender, a declared committee (chair first), an attachment on the first bid."""
    tender = make_opened_tender(("2400.00", "2600.00", "2200.00"))
    users = [make_user(Role.MEMBER) for _ in range(3)]
    seats = evaluation.assign_committee(tender, users, users[0])
    attachment = _with_attachment(queries.opened_bids(tender)[0])
    db.session.commit()
    return tender, seats, attachment


def _viewed() -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == "bid.attachment_viewed")
    from procurement.extensions import db

    return list(db.session.scalars(query))


def test_the_review_pages_show_what_the_bidder_entered_in_words(client, db, login_as):
    tender, seats, attachment = _evaluated(db)
    bid = attachment.bid
    login_as(tender.created_by)
    page = client.get(f"/evaluation/{tender.id}/review/qualification/{bid.id}").get_data(
        as_text=True
    )
    assert "C00001234567890123" in page and "R00001234567890123" in page  # the filing numbers
    assert "综合偿付能力充足率" in page and "万元" in page  # labels and units in words
    assert f"/bids/attachments/{attachment.id}/view" in page and "理赔方案.pdf" in page
    for key in RAW_KEYS:
        assert key not in page, key


def test_the_scoresheet_and_overview_show_evidence_to_who_may_score(client, db, login_as):
    tender, seats, attachment = _evaluated(db)
    declare_all(seats[:2])  # the third has not declared: it sees nothing of the bids
    pass_all(tender, tender.created_by)
    db.session.commit()
    login_as(seats[1].user)
    page = client.get(f"/evaluation/{tender.id}/score").get_data(as_text=True)
    assert "C00001234567890123" in page and f"/bids/attachments/{attachment.id}/view" in page
    client.delete_cookie("session")
    login_as(seats[2].user)
    assert client.get(f"/evaluation/{tender.id}/score").status_code == 302  # to the declaration
    assert client.get(f"/evaluation/{tender.id}/compare").status_code == 403
    assert client.get(f"/bids/attachments/{attachment.id}/view").status_code == 404


def test_an_attachment_opens_inline_and_each_view_is_audited(client, db, login_as):
    tender, seats, attachment = _evaluated(db)
    declare_all(seats)
    db.session.commit()
    url = f"/bids/attachments/{attachment.id}/view"
    for reader in (tender.created_by, seats[1].user):
        client.delete_cookie("session")
        login_as(reader)
        response = client.get(url)
        assert response.status_code == 200 and response.data == PDF
        assert response.headers["Content-Disposition"].startswith("inline")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype == "application/pdf"
    events = _viewed()
    assert [e.actor_id for e in events] == [tender.created_by.id, seats[1].user.id]
    assert {e.object_id for e in events} == {str(attachment.id)}
    assert all(e.details["attachment"] == attachment.id for e in events)
    assert all("sealed-attachment" not in str(e.details) for e in events)  # never the content
    for outsider in (make_user(Role.MEMBER), make_user(Role.ADMIN), make_insurer()):
        client.delete_cookie("session")
        login_as(outsider)
        assert client.get(url).status_code in {403, 404}
    assert len(_viewed()) == 2
    client.delete_cookie("session")
    login_as(tender.created_by)
    assert client.get(f"/bids/attachments/{attachment.id}").status_code == 200  # a download too
    assert len(_viewed()) == 3
    client.delete_cookie("session")
    login_as(attachment.bid.updated_by)  # the bidder reading its own file is not audited
    assert client.get(url).status_code == 200 and len(_viewed()) == 3


@pytest.mark.parametrize(
    "state",
    ["published", "closed", "cancelled", "failed before opening", "failed at opening", "opened"],
)
def test_the_inline_view_follows_who_reads_bids_in_each_state(
    client, db, login_as, frozen_clock, state
):
    # Sealed (before the opening, cancelled or failed unopened): nobody; opened (even when the
    # opening failed the tender): the officer and the members who may score, each view audited.
    _move, sealed = STATES[state]
    tender, _bidder, attachment, member = tender_in_state(db, frozen_clock, state)
    readers = [tender.created_by, member]
    for reader in readers:
        client.delete_cookie("session")
        login_as(reader)
        response = client.get(f"/bids/attachments/{attachment.id}/view")
        assert response.status_code == (404 if sealed else 200), (state, reader.role)
    assert len(_viewed()) == (0 if sealed else len(readers)), state


def test_the_comparison_view_puts_one_section_of_chosen_bids_side_by_side(client, db, login_as):
    tender, seats, attachment = _evaluated(db)
    bids = queries.opened_bids(tender)
    login_as(tender.created_by)
    url = f"/evaluation/{tender.id}/compare"
    default = client.get(url).get_data(as_text=True)
    assert all(bid.insurer.name in default for bid in bids) and "2900" in default  # rate table
    chosen = client.get(url, query_string={"bids": [bids[0].id, bids[2].id], "section": "figures"})
    page = chosen.get_data(as_text=True)
    assert chosen.status_code == 200 and "180" in page and "220" in page  # their solvency ratios
    assert "综合偿付能力充足率" in page and "solvency_ratio" not in page
    one = client.get(url, query_string={"bids": [bids[0].id], "section": "figures"})
    assert "请选择 2 至 4 份投标" in one.get_data(as_text=True)
    junk = client.get(url, query_string={"bids": "x", "section": "nope"})
    assert junk.status_code == 200


def test_the_report_lists_each_bids_attachments(db):
    tender, seats, attachment = _evaluated(db)
    from tests.procurement.evaluation.test_evaluation_operations import full_scores

    declare_all(seats)
    pass_all(tender, tender.created_by)
    for seat in seats:
        evaluation.save_scores(seat, full_scores(tender))
        evaluation.submit_scoresheet(seat)
    db.session.commit()
    from flask import render_template

    html = render_template("print/evaluation_report.html", **report_context(tender))
    assert "理赔方案.pdf" in html and str(attachment.size) in html
    assert "abababababababab" in html and "无附件" in html


def test_the_chairs_overview_shows_the_evidence(client, db, login_as):
    tender, seats, attachment = _evaluated(db)
    from tests.procurement.evaluation.test_evaluation_operations import full_scores

    declare_all(seats)
    pass_all(tender, tender.created_by)
    for seat in seats:
        evaluation.save_scores(seat, full_scores(tender))
        evaluation.submit_scoresheet(seat)
    db.session.commit()
    login_as(seats[0].user)
    page = client.get(f"/evaluation/{tender.id}/overview").get_data(as_text=True)
    assert page.count('<details class="evidence') == 3 and "R00001234567890123" in page
    assert f"/evaluation/{tender.id}/compare" in page


def test_every_entered_field_is_in_one_section_of_the_form_and_the_evidence():
    from procurement.bids.fields import ENTERED, SECTIONS

    keys = [key for section in SECTIONS for key in section.fields]
    assert sorted(keys) == sorted(spec.key for spec in ENTERED) and len(keys) == len(set(keys))
