"""A supplier's written response to a change: given before the change's deadline by a supplier
still in, read by the committee, the officer and that supplier only, in every state."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.consultation import operations, responses
from procurement.consultation.errors import ConsultationError
from procurement.consultation.models import ChangeResponse
from procurement.evaluation import queries
from procurement.extensions import db
from procurement.i18n import local_time
from procurement.organisations.demo import load_organisations
from procurement.tenders.models import TenderStatus
from tests.conftest import submit
from tests.factories import make_insurer, make_user
from tests.procurement.consultation.helpers import (
    chair_of,
    consult_all,
    consultation_tender,
    insurer_user,
    invite,
    open_offers,
)

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
ANSWER = "甲公司书面响应：同意增加夜间值守，每晚两人"
OTHER_ANSWER = "乙公司书面响应：夜间值守一人"


def sign_out(client):
    assert submit(client, "/logout", {}, form_page="/").status_code == 302


def changed(frozen_clock, fail_first=False):
    """Four suppliers consulted (the first failed qualification if `fail_first`), change 1 sent
    with a response deadline a day ahead."""
    tender = consultation_tender(
        prices=("2400.00", "2600.00", "2200.00", "2500.00"), fail_first=fail_first
    )
    consult_all(tender)
    change = operations.record_change(
        tender, "增加夜间值守", frozen_clock.moment + timedelta(days=1), chair_of(tender)
    )
    db.session.commit()
    return tender, queries.compliant_bids(tender), change


def answer(tender, bid, change, text=ANSWER, attachment=None):
    response = responses.respond(
        tender, bid, change, text, insurer_user(bid), attachment, "响应.pdf" if attachment else None
    )
    db.session.commit()
    return response


# --- the operation ------------------------------------------------------------------------------


def test_a_supplier_answers_and_may_replace_its_answer_until_the_deadline(db, frozen_clock):
    tender, bids, change = changed(frozen_clock)
    first = answer(tender, bids[0], change, "初稿", PDF)
    assert (first.revision, first.text, first.attachment_filename) == (1, "初稿", "响应.pdf")
    again = answer(tender, bids[0], change, ANSWER)
    assert again.id == first.id and again.revision == 2 and again.text == ANSWER
    assert again.attachment == PDF  # a replacement without a file keeps the file
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "consultation.response")
    ).all()
    assert [event.details["revision"] for event in events] == [1, 2]
    assert all(ANSWER not in str(event.details) for event in events)  # hashes, not the text


def test_a_late_answer_is_refused_naming_the_deadline(db, frozen_clock):
    tender, bids, change = changed(frozen_clock)
    frozen_clock.advance(days=1)  # exactly at the deadline: too late
    with pytest.raises(ConsultationError) as refused:
        answer(tender, bids[0], change)
    assert refused.value.code == "response_late"
    assert refused.value.details["time"] == local_time(change.respond_by)
    assert refused.value.details["number"] == 1


def test_a_late_answer_through_the_page_is_refused_in_chinese(client, db, login_as, frozen_clock):
    tender, bids, change = changed(frozen_clock)
    login_as(insurer_user(bids[0]))
    page = f"/consultation/{tender.id}/mine"
    form = client.get(page).get_data(as_text=True)
    assert "/mine/changes/1/response" in form
    frozen_clock.advance(days=1, seconds=1)
    response = submit(
        client, f"{page}/changes/1/response", {"text": ANSWER}, form_page="/",
        follow_redirects=True,
    )  # fmt: skip
    text = response.get_data(as_text=True)
    assert f"第1号实质性变动的响应截止时间为{local_time(change.respond_by)}" in text
    assert "不予接收" in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ChangeResponse)) == 0
    assert "/mine/changes/1/response" not in text  # the form is gone after the deadline


def test_a_supplier_that_left_cannot_answer_and_a_later_change_is_not_its(db, frozen_clock):
    tender, bids, change = changed(frozen_clock)
    operations.leave(tender, bids[3], insurer_user(bids[3]))
    with pytest.raises(ConsultationError) as refused:
        answer(tender, bids[3], change)
    assert refused.value.code == "left"
    later = operations.record_change(
        tender, "第二项变动", frozen_clock.moment + timedelta(days=1), chair_of(tender)
    )
    with pytest.raises(ConsultationError) as refused:
        answer(tender, bids[3], later)
    assert refused.value.code == "not_sent"


def test_an_excluded_supplier_was_sent_nothing_and_cannot_answer(db, frozen_clock):
    tender, _bids, change = changed(frozen_clock, fail_first=True)
    failed = min(tender.bids, key=lambda bid: bid.id)
    assert failed.id not in change.sent_to
    with pytest.raises(ConsultationError) as refused:
        answer(tender, failed, change)
    assert refused.value.code == "not_sent"


def test_no_answer_once_the_procedure_has_ended(db, frozen_clock):
    tender, bids, change = changed(frozen_clock)
    invite(tender, hours=48)
    frozen_clock.advance(hours=12)
    tender.status = TenderStatus.FAILED  # ended (终止) while the change was still open
    db.session.commit()
    with pytest.raises(ConsultationError) as refused:
        answer(tender, bids[0], change)
    assert refused.value.code == "procedure_over"


@pytest.mark.parametrize(
    ("attachment", "code"),
    [(b"not a pdf", "attachment_not_pdf"), (PDF + b" " * responses.MAX_ATTACHMENT_BYTES,
                                             "attachment_too_large")],
)  # fmt: skip
def test_an_attachment_must_be_a_pdf_of_at_most_10_mb(db, frozen_clock, attachment, code):
    tender, bids, change = changed(frozen_clock)
    with pytest.raises(ConsultationError) as refused:
        answer(tender, bids[0], change, attachment=attachment)
    assert refused.value.code == code


def test_an_empty_answer_is_refused(db, frozen_clock):
    tender, bids, change = changed(frozen_clock)
    with pytest.raises(ConsultationError) as refused:
        answer(tender, bids[0], change, "   ")
    assert refused.value.code == "response_required"


# --- who reads it, in every state ----------------------------------------------------------------


def _before(tender, bids, change, frozen_clock):
    pass


def _after_deadline(tender, bids, change, frozen_clock):
    frozen_clock.advance(days=2)


def _owner_left(tender, bids, change, frozen_clock):
    operations.leave(tender, bids[0], insurer_user(bids[0]))


def _reader_left(tender, bids, change, frozen_clock):
    operations.leave(tender, bids[1], insurer_user(bids[1]))


def _offers_opened(tender, bids, change, frozen_clock):
    invite(tender, hours=48)
    frozen_clock.advance(days=3)
    open_offers(tender)  # no final offer: the consultation ends (终止), the tender fails
    assert tender.status is TenderStatus.FAILED


STATES = {
    "before the deadline": _before,
    "after the deadline": _after_deadline,
    "its supplier left": _owner_left,
    "another supplier left": _reader_left,
    "procedure ended": _offers_opened,
}


@pytest.mark.parametrize("state", list(STATES))
def test_only_the_committee_the_officer_and_its_supplier_read_a_response(
    client, db, login_as, frozen_clock, state
):
    tender, bids, change = changed(frozen_clock, fail_first=True)
    failed = min(tender.bids, key=lambda bid: bid.id)
    mine = answer(tender, bids[0], change, ANSWER, PDF)
    answer(tender, bids[1], change, OTHER_ANSWER)
    STATES[state](tender, bids, change, frozen_clock)
    db.session.commit()
    round_url, file_url = (
        f"/consultation/{tender.id}",
        (f"/consultation/{tender.id}/responses/{mine.id}/attachment"),
    )
    public = f"/tenders/{tender.reference}"

    # The public: nothing, and the file sends to sign-in.
    assert ANSWER not in client.get(public).get_data(as_text=True)
    assert client.get(file_url).status_code in (302, 401)

    # Its supplier: its own response and file, never the other's.
    login_as(insurer_user(bids[0]))
    page = client.get(f"{round_url}/mine").get_data(as_text=True)
    assert ANSWER in page and OTHER_ANSWER not in page
    download = client.get(file_url)
    assert download.status_code == 200 and download.data == PDF
    sign_out(client)

    # Another supplier (still in or left), one excluded at review, one that did not bid.
    for user in (insurer_user(bids[1]), insurer_user(bids[2]), insurer_user(failed)):
        login_as(user)
        for url in (f"{round_url}/mine", public):
            assert ANSWER not in client.get(url).get_data(as_text=True)
        assert client.get(file_url).status_code == 404
        assert client.get(round_url).status_code == 403
        sign_out(client)
    login_as(make_insurer())
    assert client.get(file_url).status_code == 404
    sign_out(client)

    # The officer and the committee: every response beside the change, and the file.
    for user in (tender.created_by, chair_of(tender)):
        login_as(user)
        page = client.get(round_url).get_data(as_text=True)
        assert ANSWER in page and OTHER_ANSWER in page
        assert client.get(file_url).status_code == 200
        sign_out(client)
    login_as(make_user(Role.MEMBER))  # not on this committee
    assert client.get(file_url).status_code == 404


def test_a_supervisor_reads_the_minutes_and_the_responses_of_a_tender_it_supervises(
    client, db, login_as, frozen_clock
):
    tender, bids, change = changed(frozen_clock)
    response = answer(tender, bids[0], change)
    offices = load_organisations()
    tender.organisation.district = offices["重庆市江北区住房和城乡建设委员会"].district
    supervisor = make_user(Role.SUPERVISOR, organisation=offices["重庆市市场监督管理局"])
    db.session.commit()
    assert tender.can_supervise(supervisor)
    login_as(supervisor)
    page = client.get(f"/consultation/{tender.id}").get_data(as_text=True)
    assert "增加夜间值守" in page and "服务方案细化" in page  # the change and the minutes
    assert ANSWER in page
    assert response.readable_by(supervisor)
    elsewhere = make_user(Role.SUPERVISOR, organisation=offices["韶关市浈江区住房和城乡建设局"])
    db.session.commit()
    assert not tender.can_supervise(elsewhere) and not response.readable_by(elsewhere)
    assert response.readable_by(chair_of(tender)) and response.readable_by(tender.created_by)


def test_the_supplier_answers_through_its_page_and_the_committee_sees_it_beside_the_change(
    client, db, login_as, frozen_clock
):
    tender, bids, _change = changed(frozen_clock)
    login_as(insurer_user(bids[0]))
    page = f"/consultation/{tender.id}/mine"
    response = submit(
        client, f"{page}/changes/1/response",
        {"text": ANSWER, "attachment": (io.BytesIO(PDF), "方案.pdf")},
        form_page=page, follow_redirects=True,
    )  # fmt: skip
    text = response.get_data(as_text=True)
    assert "已收到您对第1号变动的书面响应" in text and ANSWER in text and "方案.pdf" in text
    sign_out(client)
    login_as(chair_of(tender))
    text = client.get(f"/consultation/{tender.id}").get_data(as_text=True)
    change_card = text[text.index("第1号变动") :]
    assert ANSWER in change_card
    assert change_card.count("未作书面响应") == 3  # the three others sent the change
