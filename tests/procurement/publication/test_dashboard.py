"""Each actor's dashboard lists what awaits them, with due dates."""

from __future__ import annotations

from datetime import timedelta

from procurement.accounts.models import InsurerStatus, Role
from procurement.evaluation import operations as evaluation
from procurement.publication import operations as publication
from procurement.tenders import operations as tenders
from tests.factories import (
    add_attachment,
    make_insurer,
    make_opened_tender,
    make_tender,
    make_user,
)
from tests.procurement.publication.test_publication import evaluated


def test_officer_sees_bids_to_open_and_objections_to_answer(client, db, login_as, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    done = evaluated(db)
    publication.publish_candidates(done, done.created_by)
    publication.file_objection(
        done,
        user=None,
        name="甲",
        contact="x",
        grounds="有误",
        evidence=None,
        evidence_filename=None,
    )
    db.session.commit()
    frozen_clock.advance(hours=2)
    login_as(tender.created_by)
    page = client.get("/dashboard").get_data(as_text=True)
    assert f"开启 {tender.reference} 的投标" in page
    assert f"答复 {done.reference} 的第 1 号异议" in page


def test_member_and_insurer_and_admin_tasks(client, db, login_as):
    tender = make_opened_tender()
    member = make_user(Role.MEMBER)
    others = [make_user(Role.MEMBER) for _ in range(2)]
    evaluation.assign_committee(tender, [member, *others], member)
    db.session.commit()
    login_as(member)
    assert f"对 {tender.reference} 作出回避声明" in client.get("/dashboard").get_data(as_text=True)

    open_tender = make_tender(deadline_in=timedelta(days=30))
    insurer = make_insurer()
    add_attachment(open_tender, insurer, "方案.pdf", b"%PDF-1.4\n%%EOF\n")  # a draft: not submitted
    tenders.amend_tender(open_tender, {"ceiling_price": 3100}, None, "调整", open_tender.created_by)
    db.session.commit()
    client.delete_cookie("session")
    login_as(insurer)
    page = client.get("/dashboard").get_data(as_text=True)
    assert f"确认 {open_tender.reference} 的第 1 号更正公告" in page
    assert f"递交 {open_tender.reference} 的投标草稿" in page

    make_insurer(status=InsurerStatus.PENDING)
    client.delete_cookie("session")
    login_as(make_user(Role.ADMIN))
    assert "1 家保险机构注册待审核" in client.get("/dashboard").get_data(as_text=True)
