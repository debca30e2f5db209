"""Finalising renders the draft (待签署 on every page); members sign its SHA-256; the final report
PDF (checked by its text) lists the signatures, the hashes and the dissent; the XLSX score sheet."""

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


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "".join(pdf_pages(data))


def sign_all(seats, dissent=""):
    sha256 = queries.current_draft(seats[0].tender).sha256
    for seat in seats:
        evaluation.sign_report(seat, dissent, sha256)


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


def test_finalising_renders_the_draft_marked_on_every_page_and_asks_the_members(db, finalised):
    import sqlalchemy as sa

    from procurement import sealing
    from procurement.publication.models import Notification

    tender, seats = finalised
    draft = queries.current_draft(tender)
    assert draft.version == 1 and draft.sha256 == sealing.digest(draft.pdf)
    pages = pdf_pages(draft.pdf)
    assert len(pages) > 2 and all("待签署" in page for page in pages)
    assert "评标报告草稿第 1 版" in pages[-1]
    told = db.session.scalars(
        sa.select(Notification.user_id).where(Notification.message.contains("草稿（第1版）"))
    ).all()
    assert sorted(told) == sorted(seat.user_id for seat in seats)


def test_the_report_is_rendered_once_every_member_has_signed(db, finalised):
    tender, seats = finalised
    with pytest.raises(evaluation.EvaluationError, match="finalised"):
        evaluation.compute_result(tender)  # the ranking no longer changes by itself
    draft = queries.current_draft(tender)
    with pytest.raises(evaluation.EvaluationError, match="draft_changed"):
        evaluation.sign_report(seats[0], "", "0" * 64)  # not the hash of the draft
    evaluation.sign_report(seats[0], "", draft.sha256)
    evaluation.sign_report(seats[1], "", draft.sha256.upper())
    with pytest.raises(evaluation.EvaluationError, match="already_signed"):
        evaluation.sign_report(seats[1], "", draft.sha256)
    assert result_of(tender).report_sha256 is None
    evaluation.sign_report(seats[2], "本人认为第一名的理赔方案评分偏高", draft.sha256)
    db.session.commit()
    row = result_of(tender)
    assert tender.status is TenderStatus.EVALUATED and len(row.report_sha256) == 64
    text = pdf_text(row.report_pdf)
    assert "待签署" not in text
    assert "报告草稿版本记录" in text and "评标结论确定" in text
    for i in range(0, 64, 16):  # the hash every member signed, printed in groups of 16
        assert text.count(draft.sha256[i : i + 16]) == 4  # three signatures and the history
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
    assert "本人认为第一名的理赔方案评分偏高" in text.replace("\n", "")
    assert "该成员书面说明了理由" in text.replace("\n", "")


def test_members_sign_through_the_app_and_the_officer_downloads(client, db, login_as, finalised):
    tender, seats = finalised
    for seat in seats:
        client.delete_cookie("session")
        login_as(seat.user)
        sha256 = queries.current_draft(tender).sha256
        refused = submit(client, f"/evaluation/{tender.id}/sign", {"dissent": ""})
        assert refused.status_code == 400 and "请勾选以签署" in refused.get_data(as_text=True)
        signed = submit(client, f"/evaluation/{tender.id}/sign", {"agree": "y", "sha256": sha256})
        assert signed.status_code == 302
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


def test_reopening_withdraws_the_signatures_and_voids_the_report_but_keeps_the_scores(
    db, finalised
):
    import sqlalchemy as sa

    from procurement.audit.models import AuditEvent
    from procurement.evaluation.models import ReportSignature

    tender, seats = finalised
    sign_all(seats)
    db.session.commit()
    assert tender.status is TenderStatus.EVALUATED
    ranking = result_of(tender).result["ranking"]
    evaluation.reopen(tender, tender.created_by, "第1号异议成立：评分有误")
    db.session.commit()
    row = result_of(tender)
    assert tender.status is TenderStatus.OPENED
    assert row.finalised_at is None and row.report_sha256 is None and row.report_pdf is None
    assert row.result["ranking"] == ranking  # the committee revises from where it stood
    assert queries.signatures(tender) == {} and queries.current_draft(tender) is None
    kept = db.session.scalars(sa.select(ReportSignature)).all()
    assert len(kept) == 3 and all(
        s.withdrawn_reason == "重新评审：第1号异议成立：评分有误" for s in kept
    )
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "evaluation.reopen"))
    assert event.details == {"reason": "第1号异议成立：评分有误"}
    evaluation.finalise(tender, seats[0].user)  # finalised again: a second draft to sign
    assert queries.current_draft(tender).version == 2


def outlier_decision(tender, seats):
    return next(d for d in queries.flag_decisions(tender) if d.kind is FlagKind.OUTLIER)


def test_a_changed_decision_withdraws_the_signatures_and_the_members_sign_the_new_draft(
    db, finalised
):
    import sqlalchemy as sa

    from procurement.evaluation.models import ReportSignature
    from procurement.publication.models import Notification

    tender, seats = finalised
    first = queries.current_draft(tender)
    evaluation.sign_report(seats[0], "", first.sha256)
    evaluation.sign_report(seats[1], "", first.sha256)
    decision = outlier_decision(tender, seats)
    evaluation.decide_flag(
        tender,
        kind=FlagKind.OUTLIER,
        bid=decision.bid,
        seat=decision.member,
        resolution=FlagResolution.REPLACED,
        explanation="两名成员同意以其他成员的平均分替换",
        votes_for=2,
        chair=seats[0].user,
    )
    db.session.commit()
    second = queries.current_draft(tender)
    assert second.version == 2 and second.sha256 != first.sha256
    assert first.superseded_at is not None and result_of(tender).finalised_at is not None
    assert queries.signatures(tender) == {}  # both withdrawn, and kept
    withdrawn = db.session.scalars(sa.select(ReportSignature)).all()
    assert {s.member_id for s in withdrawn} == {seats[0].id, seats[1].id}
    assert all("修改了" in s.withdrawn_reason and s.withdrawn_at for s in withdrawn)
    told = db.session.scalars(
        sa.select(Notification.user_id).where(Notification.message.contains("签署已撤回"))
    ).all()
    assert sorted(told) == sorted([seats[0].user_id, seats[1].user_id])
    assert all("待签署" in page for page in pdf_pages(second.pdf))
    with pytest.raises(evaluation.EvaluationError, match="draft_changed"):
        evaluation.sign_report(seats[2], "", first.sha256)  # read the old draft: refused
    sign_all(seats)
    db.session.commit()
    row = result_of(tender)
    assert tender.status is TenderStatus.EVALUATED
    text = pdf_text(row.report_pdf)
    assert "两名成员同意以其他成员的平均分替换" in text.replace("\n", "")
    for i in range(0, 64, 16):
        assert text.count(second.sha256[i : i + 16]) == 4  # three signatures and the history
        assert text.count(first.sha256[i : i + 16]) == 3  # two withdrawn signatures, the history
    assert "已撤回的签署" in text


def test_a_withdrawn_decision_voids_the_draft_until_the_chair_finalises_again(db, finalised):
    tender, seats = finalised
    first = queries.current_draft(tender)
    evaluation.sign_report(seats[1], "", first.sha256)
    decision = outlier_decision(tender, seats)
    evaluation.withdraw_flag(
        tender, kind=FlagKind.OUTLIER, bid=decision.bid, seat=decision.member, chair=seats[0].user
    )
    db.session.commit()
    assert result_of(tender).finalised_at is None and queries.current_draft(tender) is None
    assert queries.signatures(tender) == {}
    with pytest.raises(evaluation.EvaluationError, match="not_finalised"):
        evaluation.sign_report(seats[2], "", first.sha256)
    with pytest.raises(evaluation.EvaluationError, match="flags_pending"):
        evaluation.finalise(tender, seats[0].user)
    evaluation.decide_flag(
        tender,
        kind=FlagKind.OUTLIER,
        bid=decision.bid,
        seat=decision.member,
        resolution=FlagResolution.EXPLAINED,
        explanation="该成员再次书面说明",
        votes_for=None,
        chair=seats[0].user,
    )
    evaluation.finalise(tender, seats[0].user)
    assert queries.current_draft(tender).version == 2


def test_the_sign_page_shows_the_stored_draft_and_refuses_a_hash_that_changed(
    client, db, login_as, finalised, monkeypatch
):
    from urllib.parse import unquote

    from procurement.accounts.models import Role
    from procurement.evaluation import report
    from tests.factories import make_insurer, make_user

    tender, seats = finalised
    first = queries.current_draft(tender)
    sign_url, draft_url = f"/evaluation/{tender.id}/sign", f"/evaluation/{tender.id}/drafts/1.pdf"

    def no_render(*args, **kwargs):
        raise AssertionError("a page view rendered the report")

    monkeypatch.setattr(report, "render_report", no_render)  # pages show what is stored
    login_as(seats[1].user)
    page = client.get(sign_url).get_data(as_text=True)
    assert first.sha256 in page and draft_url in page and "评标报告草稿第 1 版" in page
    assert client.get(f"/evaluation/{tender.id}").status_code == 200
    shown = client.get(draft_url)
    assert shown.data == first.pdf and shown.headers["X-Content-SHA256"] == first.sha256
    assert unquote(shown.headers["Content-Disposition"]).startswith("inline")
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/evaluation/{tender.id}/drafts/9.pdf").status_code == 404
    monkeypatch.undo()

    decision = outlier_decision(tender, seats)  # the chair changes a decision meanwhile
    evaluation.decide_flag(
        tender,
        kind=FlagKind.OUTLIER,
        bid=decision.bid,
        seat=decision.member,
        resolution=FlagResolution.REPLACED,
        explanation="过半数成员同意替换",
        votes_for=2,
        chair=seats[0].user,
    )
    db.session.commit()
    second = queries.current_draft(tender)
    refused = submit(client, sign_url, {"agree": "y", "sha256": first.sha256})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "现应签署第 2 版" in text
    assert second.sha256 in text and first.sha256 not in text
    assert queries.signatures(tender) == {}
    assert submit(client, sign_url, {"agree": "y", "sha256": second.sha256}).status_code == 302
    assert queries.signatures(tender)[seats[1].id].sha256 == second.sha256

    for outsider in (make_insurer(), make_user(Role.MEMBER)):
        client.delete_cookie("session")
        login_as(outsider)
        assert client.get(draft_url).status_code in {403, 404}
    client.delete_cookie("session")
    login_as(tender.created_by)
    assert client.get(draft_url).data == first.pdf  # the officer reads every version


def test_a_ranking_finalised_before_drafts_existed_gets_its_draft_from_the_chair(db, finalised):
    """A database migrated while members were signing: their signatures have no draft."""
    import sqlalchemy as sa

    from procurement.evaluation.models import ReportDraft, ReportSignature

    tender, seats = finalised
    db.session.execute(sa.delete(ReportDraft))
    db.session.add(ReportSignature(tender_id=tender.id, member_id=seats[0].id))
    db.session.commit()
    with pytest.raises(evaluation.EvaluationError, match="no_draft"):
        evaluation.sign_report(seats[1], "", "0" * 64)
    evaluation.finalise(tender, seats[0].user)  # renders the missing draft only
    with pytest.raises(evaluation.EvaluationError, match="finalised"):
        evaluation.finalise(tender, seats[0].user)
    db.session.commit()  # a job renders the draft as this commits
    assert queries.current_draft(tender).version == 1
    assert queries.signatures(tender) == {}  # signed before any report existed: withdrawn
    sign_all(seats)
    db.session.commit()  # and the final report as this one does
    assert "签署时尚无报告草稿" in pdf_text(result_of(tender).report_pdf)
