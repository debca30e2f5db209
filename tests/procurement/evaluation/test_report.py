"""Finalising, signatures and dissent, the report PDF (checked by its text), the XLSX score sheet."""

from __future__ import annotations

import io

import openpyxl
import pypdf
import pytest

from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.evaluation.models import FlagKind, FlagResolution
from procurement.evaluation.queries import result_of
from procurement.tenders.models import TenderStatus
from tests.conftest import submit
from tests.procurement.evaluation.test_evaluation_operations import scored_tender


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def finalised(db):
    tender, seats = scored_tender(db, outlier=True)
    evaluation.compute_result(tender)
    with pytest.raises(evaluation.EvaluationError, match="flags_pending"):
        evaluation.finalise(tender, seats[0].user)
    by_key = {f"M{seat.id}": seat for seat in seats}
    bids = {f"B{bid.id}": bid for bid in queries.compliant_bids(tender)}
    pairs = {(o["member"], o["bid"]) for o in result_of(tender).result["outliers"]}
    for member, bid in sorted(pairs):
        evaluation.decide_flag(
            tender,
            kind=FlagKind.OUTLIER,
            bid=bids[bid],
            seat=by_key[member],
            resolution=FlagResolution.EXPLAINED,
            explanation="该成员书面说明了理由",
            votes_for=None,
            chair=seats[0].user,
        )
    result = result_of(tender).result
    for row in result["ranking"]:
        if "abnormally_low" in row["flags"]:
            bid = next(b for b in queries.compliant_bids(tender) if f"B{b.id}" == row["bid"])
            evaluation.decide_flag(
                tender,
                kind=FlagKind.ABNORMALLY_LOW,
                bid=bid,
                seat=None,
                resolution=FlagResolution.ACCEPTED,
                explanation="成本说明合理",
                votes_for=None,
                chair=seats[0].user,
            )
    evaluation.finalise(tender, seats[0].user)
    db.session.commit()
    return tender, seats


def test_the_report_is_rendered_once_every_member_has_signed(db, finalised):
    tender, seats = finalised
    with pytest.raises(evaluation.EvaluationError, match="finalised"):
        evaluation.compute_result(tender)  # the ranking no longer changes
    evaluation.sign_report(seats[0], "")
    evaluation.sign_report(seats[1], "")
    assert result_of(tender).report_sha256 is None
    evaluation.sign_report(seats[2], "本人认为第一名的理赔方案评分偏高")
    db.session.commit()
    row = result_of(tender)
    assert tender.status is TenderStatus.EVALUATED and len(row.report_sha256) == 64
    text = pdf_text(row.report_pdf)
    for heading in (
        "评标报告",
        "开标记录",
        "评标委员会",
        "资格性审查",
        "得分汇总与排名",
        "评标委员会签字",
    ):
        assert heading in text, heading
    for bid in queries.opened_bids(tender):
        assert bid.insurer.name in text
    for seat in seats:
        assert seat.user.display_name in text
    for row_ in row.result["ranking"]:
        assert f"{row_['total']:.2f}" in text
    assert "本人认为第一名的理赔方案评分偏高" in text
    assert "该成员书面说明了理由" in text.replace("\n", "")


def test_members_sign_through_the_app_and_the_officer_downloads(client, db, login_as, finalised):
    tender, seats = finalised
    for seat in seats:
        client.delete_cookie("session")
        login_as(seat.user)
        refused = submit(client, f"/evaluation/{tender.id}/sign", {"dissent": ""})
        assert refused.status_code == 400 and "请勾选以签署" in refused.get_data(as_text=True)
        assert submit(client, f"/evaluation/{tender.id}/sign", {"agree": "y"}).status_code == 302
    client.delete_cookie("session")
    login_as(tender.created_by)
    response = client.get(f"/evaluation/{tender.id}/report.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-SHA256"] == result_of(tender).report_sha256
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/evaluation/{tender.id}/scores.xlsx").data)
    )
    summary = workbook["汇总"]
    assert summary["B1"].value == "投标人" and summary.max_row == 6
    assert workbook["评委打分"].max_column == 2 + len(seats)


def test_the_report_command_writes_the_pdf(db, finalised, runner, tmp_path):
    tender, seats = finalised
    output = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", "evaluation", tender.reference, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "评标报告" in pdf_text(output.read_bytes())
    missing = runner.invoke(args=["report", "evaluation", "NO-SUCH", "-o", str(output)])
    assert missing.exit_code != 0 and "no tender" in missing.output


def test_reopening_voids_the_signatures_and_the_report_but_keeps_the_scores(db, finalised):
    import sqlalchemy as sa

    from procurement.audit.models import AuditEvent
    from procurement.evaluation.models import ReportSignature

    tender, seats = finalised
    for seat in seats:
        evaluation.sign_report(seat, "")
    db.session.commit()
    assert tender.status is TenderStatus.EVALUATED
    ranking = result_of(tender).result["ranking"]
    evaluation.reopen(tender, tender.created_by, "第1号异议成立：评分有误")
    db.session.commit()
    row = result_of(tender)
    assert tender.status is TenderStatus.OPENED
    assert row.finalised_at is None and row.report_sha256 is None and row.report_pdf is None
    assert row.result["ranking"] == ranking  # the committee revises from where it stood
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSignature)) == 0
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "evaluation.reopen"))
    assert event.details == {"reason": "第1号异议成立：评分有误"}
