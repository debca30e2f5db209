"""The notice, objections under both rule sets, the award and its notifications."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from procurement import clock
from procurement.clock import LOCAL_ZONE
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries as evaluation_queries
from procurement.evaluation.documents import EVALUATION_REPORT, REPORT_DRAFT
from procurement.evaluation.models import FlagKind, FlagResolution
from procurement.evaluation.queries import result_of
from procurement.publication import operations as publication
from procurement.publication import rules
from procurement.publication.models import Notification, Objection, ObjectionStatus
from procurement.tenders.models import LegalRoute, TenderStatus
from procurement.workdays.operations import load_shipped
from tests.conftest import submit
from tests.factories import make_tender
from tests.procurement.evaluation.test_evaluation_operations import scored_tender
from tests.procurement.jobs.support import run_here

PDF = b"%PDF-1.4\n%evidence\n%%EOF\n"


def evaluated(db, **tender_values):
    tender, seats = scored_tender(db, **tender_values)
    evaluation.compute_result(tender)
    row = result_of(tender)
    keys = {f"M{s.id}": s for s in seats}
    bids = {f"B{b.id}": b for b in evaluation_queries.compliant_bids(tender)}
    for member, bid in sorted({(o["member"], o["bid"]) for o in row.result["outliers"]}):
        evaluation.decide_flag(
            tender,
            kind=FlagKind.OUTLIER,
            bid=bids[bid],
            seat=keys[member],
            resolution=FlagResolution.EXPLAINED,
            explanation="说明",
            votes_for=None,
            chair=seats[0].user,
        )
    for entry in result_of(tender).result["ranking"]:
        if "abnormally_low" in entry["flags"]:
            evaluation.decide_flag(
                tender,
                kind=FlagKind.ABNORMALLY_LOW,
                bid=bids[entry["bid"]],
                seat=None,
                resolution=FlagResolution.ACCEPTED,
                explanation="合理",
                votes_for=None,
                chair=seats[0].user,
            )
    evaluation.finalise(tender, seats[0].user)
    db.session.commit()  # a job renders the draft as this commits
    run_here(REPORT_DRAFT)  # with a queued app (tests/procurement/jobs): as its worker would
    sha256 = evaluation_queries.current_draft(tender).sha256
    for seat in seats:
        evaluation.sign_report(seat, "", sha256)
    db.session.commit()
    run_here(EVALUATION_REPORT)
    return tender


def local(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=LOCAL_ZONE)


def test_periods_of_the_two_rule_sets(db):
    load_shipped()
    tender = make_tender()
    tender.route = LegalRoute.GOVERNMENT_PROCUREMENT
    # Published on Wednesday 2026-09-30: the notice runs 1 working day (Thursday 10-08, after the
    # National Day holiday), challenges 7 working days after it: 10-09, 10-10 (make-up Saturday),
    # 10-12 … 10-15, 10-16 → until the end of 2026-10-16.
    ends, closes = rules.notice_window(tender, local(2026, 9, 30))
    assert ends == local(2026, 10, 9, 0) and closes == local(2026, 10, 17, 0)
    assert rules.reply_due(tender, local(2026, 9, 30)) == local(2026, 10, 16, 0)
    tender.route = LegalRoute.TENDERING_LAW
    tender.notice_days = 3
    ends, closes = rules.notice_window(tender, local(2026, 9, 30))
    assert ends == closes == local(2026, 10, 4, 0)  # calendar days, holidays included
    assert rules.reply_due(tender, local(2026, 10, 2)) == local(2026, 10, 6, 0)


def test_the_notice_objections_and_award(client, db, login_as, frozen_clock):
    tender = evaluated(db)
    officer = tender.created_by
    login_as(officer)
    assert (
        submit(
            client,
            f"/tenders/{tender.id}/publish-candidates",
            {},
            form_page=f"/tenders/{tender.id}/manage",
        ).status_code
        == 302
    )
    assert tender.status is TenderStatus.PUBLICISED
    client.delete_cookie("session")
    page = client.get(f"/tenders/{tender.reference}/notice").get_data(as_text=True)
    first = result_of(tender).result["ranking"][0]
    assert "中标候选人公示" in page and f"{first['total']:.2f}" in page
    assert all(seat.user.display_name in page for seat in evaluation_queries.members(tender))
    filed = submit(
        client,
        f"/tenders/{tender.reference}/objections/new",
        {
            "name": "某小区业主委员会",
            "contact": "13800000000",
            "grounds": "第一名的服务网点数量不实",
            "evidence": (io.BytesIO(PDF), "证据.pdf"),
        },
    )
    assert filed.status_code == 302
    page = client.get(f"/tenders/{tender.reference}/notice").get_data(as_text=True)
    assert (
        "第一名的服务网点数量不实" in page
        and "13800000000" not in page
        and "某小区业主委员会" not in page
    )
    objection = db.session.scalar(sa.select(Objection))
    assert objection.evidence == PDF and objection.standing_verified is None
    with pytest.raises(publication.PublicationError, match="window_open"):
        publication.award(tender, officer)
    client.delete_cookie("session")
    login_as(officer)
    url = f"/tenders/{tender.id}/objections"
    page = client.get(url).get_data(as_text=True)
    assert "13800000000" in page  # the officer sees the contact
    assert "《中华人民共和国政府采购法》第五十三条" in page  # the reply deadline's rule
    assert client.get(f"/tenders/{tender.id}/objections/1/evidence").data == PDF
    submit(client, url, {"objection_id": objection.id, "step": "standing", "standing": "yes"})
    frozen_clock.advance(days=30)
    assert "仍有异议未答复" in client.get(url).get_data(as_text=True)
    submit(
        client,
        url,
        {
            "objection_id": objection.id,
            "step": "answer",
            "decision": "rejected",
            "answer": "经核实，服务网点数量属实",
        },
    )
    db.session.refresh(objection)
    assert objection.status is ObjectionStatus.REJECTED
    assert submit(client, f"/tenders/{tender.id}/award", {}, form_page=url).status_code == 302
    assert tender.status is TenderStatus.AWARDED
    messages = db.session.scalars(sa.select(Notification.message)).all()
    assert sum("中标。" in m and "未中标" not in m for m in messages) == 1
    assert sum("未中标" in m for m in messages) == 4
    assert "中标结果公告" in client.get(f"/tenders/{tender.reference}/notice").get_data(
        as_text=True
    )


def test_an_upheld_objection_reopens_the_evaluation_or_fails_the_tender(db, frozen_clock):
    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    first = publication.file_objection(
        tender,
        user=None,
        name="甲",
        contact="x",
        grounds="评分有误",
        evidence=None,
        evidence_filename=None,
    )
    with pytest.raises(publication.PublicationError, match="standing_first"):
        publication.answer_objection(
            first, upheld=True, answer="成立", fail_tender=False, officer=tender.created_by
        )
    publication.verify_standing(first, True)
    publication.answer_objection(
        first,
        upheld=True,
        answer="评分计算有误，重新评审",
        fail_tender=False,
        officer=tender.created_by,
    )
    assert tender.status is TenderStatus.OPENED
    assert result_of(tender).finalised_at is None and result_of(tender).report_sha256 is None
    assert evaluation_queries.signatures(tender) == {}
    # re-evaluated and signed again, publicised again; this time an upheld objection fails it
    evaluation.finalise(tender, evaluation_queries.members(tender)[0].user)
    db.session.commit()  # a job renders the draft as this commits
    sha256 = evaluation_queries.current_draft(tender).sha256
    for seat in evaluation_queries.members(tender):
        evaluation.sign_report(seat, "", sha256)
    db.session.commit()  # and the final report as this one does
    publication.publish_candidates(tender, tender.created_by)
    second = publication.file_objection(
        tender,
        user=None,
        name="乙",
        contact="y",
        grounds="资格不符",
        evidence=None,
        evidence_filename=None,
    )
    publication.verify_standing(second, True)
    publication.answer_objection(
        second,
        upheld=True,
        answer="第一名资格不符，项目流标",
        fail_tender=True,
        officer=tender.created_by,
    )
    assert tender.status is TenderStatus.FAILED and "第2号异议成立" in tender.failure_reason


def test_objections_only_during_the_window_and_pdf_only(db, frozen_clock):
    tender = evaluated(db)
    notice = publication.publish_candidates(tender, tender.created_by)
    with pytest.raises(publication.PublicationError, match="not_pdf"):
        publication.file_objection(
            tender,
            user=None,
            name="甲",
            contact="x",
            grounds="g",
            evidence=b"MZ...",
            evidence_filename="x.pdf",
        )
    frozen_clock.moment = notice.objections_close_at
    with pytest.raises(publication.PublicationError, match="window_closed"):
        publication.file_objection(
            tender,
            user=None,
            name="甲",
            contact="x",
            grounds="g",
            evidence=None,
            evidence_filename=None,
        )
    assert clock.now() >= notice.objections_close_at - timedelta(seconds=1)


def test_the_notice_downloads_as_pdf_and_xlsx(client, db):
    import openpyxl
    import pypdf

    tender = evaluated(db)
    assert (
        client.get(f"/tenders/{tender.reference}/notice.pdf").status_code == 404
    )  # not yet public
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    pdf = client.get(f"/tenders/{tender.reference}/notice.pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    first = result_of(tender).result["ranking"][0]
    assert "中标候选人公示" in text and f"{first['total']:.2f}" in text
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/tenders/{tender.reference}/ranking.xlsx").data)
    )
    sheet = book["排名"]
    assert sheet["A1"].value == "名次" and sheet.max_row == 6 and sheet["A2"].value == 1


def test_the_notice_page_reads_a_handful_of_statements(client, db, count_queries, app, monkeypatch):
    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    url = f"/tenders/{tender.reference}/notice"
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)  # measure the page, not the cache
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200 and "中标候选人公示" in response.get_data(as_text=True)
    # the tender, its notice (with the publicised result), the opening record, its insurers,
    # objections, the edits of the tender's rule set, the calendar (for the award deadline)
    assert len(queries) <= 7, queries.report()
