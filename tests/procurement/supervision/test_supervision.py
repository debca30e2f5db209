"""Supervisors read within their jurisdiction and leave notes the owning office answers; offices
see and manage only their own work."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.audit.operations import record, verify_chain
from procurement.extensions import db
from procurement.supervision.models import SupervisionNote
from procurement.tenders.models import TenderStatus
from tests.conftest import submit
from tests.factories import make_opened_tender, make_period, make_tender, make_user
from tests.procurement.bids.test_sealed_states import STATES, tender_in_state

from .conftest import JIANGBEI, audit_length, sign_in


def test_an_office_lists_and_manages_only_its_own_tenders(app, people):
    mine = make_tender(status="draft", officer=people.owner, title="江北区自己的草稿")
    theirs = make_tender(status="draft", officer=people.other, title="浈江区的草稿")
    client = sign_in(app, people.colleague)
    page = client.get("/tenders/manage").get_data(as_text=True)
    assert mine.title in page and theirs.title not in page
    assert client.get(f"/tenders/{mine.id}/edit").status_code == 200
    assert client.get(f"/tenders/{theirs.id}/edit").status_code == 404
    assert people.offices[JIANGBEI].name in page  # the acting organisation on every page


def test_an_officer_without_organisation_manages_nothing(app, people):
    tender = make_tender(status="draft", officer=people.owner)
    loose = make_user(Role.OFFICER, organisation=None)
    assert not tender.can_manage(loose)
    client = sign_in(app, loose)
    assert client.get(f"/tenders/{tender.id}/manage").status_code == 404
    assert tender.title not in client.get("/tenders/manage").get_data(as_text=True)


def test_periods_belong_to_the_creating_office(app, people):
    client = sign_in(app, people.owner)
    response = submit(
        client,
        "/manage/maintenance/",
        {"code": "2026", "name": "2026年度", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 302
    from procurement.maintenance.models import EvaluationPeriod

    period = db.session.scalars(sa.select(EvaluationPeriod)).one()
    assert period.organisation.name == JIANGBEI
    other = sign_in(app, people.other)
    assert "2026年度" not in other.get("/manage/maintenance/").get_data(as_text=True)
    assert other.get(f"/manage/maintenance/periods/{period.id}").status_code == 404


def test_a_supervisor_reads_leaves_a_note_and_the_office_answers(app, people):
    tender = make_opened_tender(officer=people.owner)
    supervisor = sign_in(app, people.supervisor)
    listing = supervisor.get("/supervision/").get_data(as_text=True)
    assert tender.reference in listing
    page = supervisor.get(f"/supervision/tenders/{tender.id}").get_data(as_text=True)
    assert tender.title in page and "评标尚未完成" in page
    url = f"/supervision/tenders/{tender.id}"
    response = submit(supervisor, url, {"text": "请说明专家抽取过程。"})
    assert response.status_code == 302
    note = db.session.scalars(sa.select(SupervisionNote)).one()
    assert note.organisation.name == JIANGBEI and note.author_id == people.supervisor.id
    note_id = note.id

    officer = sign_in(app, people.colleague)
    tasks = officer.get("/dashboard").get_data(as_text=True)
    assert f"回复关于 {tender.reference} 的监督意见" in tasks
    answered = submit(officer, f"/supervision/notes/{note_id}", {"answer": "已按规定抽取。"})
    assert answered.status_code == 302
    note = db.session.get(SupervisionNote, note_id)
    assert note.answer == "已按规定抽取。" and note.answered_by_id == people.colleague.id
    assert "回复关于" not in officer.get("/dashboard").get_data(as_text=True)
    assert "已按规定抽取。" in supervisor.get(url).get_data(as_text=True)

    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.action.startswith("supervision."))
        .order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["supervision.note", "supervision.answer"]
    assert [e.organisation.name for e in events] == ["重庆市市场监督管理局", JIANGBEI]
    assert verify_chain().ok
    # a second answer is refused
    again = submit(officer, f"/supervision/notes/{note_id}", {"answer": "再次回复"})
    assert again.status_code == 400 and "该监督意见已回复" in again.get_data(as_text=True)
    assert db.session.get(SupervisionNote, note_id).answer == "已按规定抽取。"


def test_a_blank_note_is_refused_and_writes_nothing(app, people):
    tender = make_opened_tender(officer=people.owner)
    supervisor = sign_in(app, people.finance)
    before = audit_length()
    response = submit(supervisor, f"/supervision/tenders/{tender.id}", {"text": "   "})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SupervisionNote)) == 0
    assert audit_length() == before


def test_supervisors_outside_the_jurisdiction_or_before_the_opening_get_404(app, people):
    opened = make_opened_tender(officer=people.owner)
    published = make_tender(officer=people.owner)
    outsider = sign_in(app, people.outsider)
    assert outsider.get(f"/supervision/tenders/{opened.id}").status_code == 404
    assert opened.reference not in outsider.get("/supervision/").get_data(as_text=True)
    inside = sign_in(app, people.supervisor)
    assert inside.get(f"/supervision/tenders/{published.id}").status_code == 404
    assert published.reference not in inside.get("/supervision/").get_data(as_text=True)


def test_the_period_of_an_office_is_supervised_within_the_city(app, people):
    period = make_period(organisation=people.offices[JIANGBEI])
    assert sign_in(app, people.finance).get(f"/supervision/periods/{period.id}").status_code == 200
    assert sign_in(app, people.outsider).get(f"/supervision/periods/{period.id}").status_code == 404


@pytest.mark.parametrize("state", [s for s in STATES if s != "draft"])
def test_sealed_content_stays_sealed_for_supervisors(app, db, people, frozen_clock, state):
    tender, _bidder, attachment, _member = tender_in_state(db, frozen_clock, state)
    tender.organisation = people.offices[JIANGBEI]
    db.session.commit()
    sealed = STATES[state][1]
    client = sign_in(app, people.supervisor)
    page = client.get(f"/supervision/tenders/{tender.id}")
    assert page.status_code == (404 if sealed else 200)
    # after the opening its record (bidders, prices) is public anyway; before it, nothing shows
    assert client.get(f"/bids/attachments/{attachment.id}").status_code in {403, 404}
    assert client.get(f"/evaluation/{tender.id}/overview").status_code in {403, 404}
    if not sealed and tender.status is not TenderStatus.FAILED:
        assert client.get(f"/evaluation/{tender.id}/report.pdf").status_code == 404  # none yet


def test_events_record_the_acting_organisation_and_older_events_still_verify(app, people):
    old = record("test.before", object_type="test", object_id=1)  # no actor: no organisation
    assert old.organisation_id is None
    newer = record("test.after", object_type="test", object_id=2, actor=people.owner)
    assert newer.organisation_id == people.owner.organisation_id
    seq = newer.seq
    db.session.commit()
    assert verify_chain().ok
    db.session.execute(  # clearing it breaks the chain
        sa.update(AuditEvent).where(AuditEvent.seq == seq).values(organisation_id=None)
    )
    db.session.commit()
    assert not verify_chain().ok
