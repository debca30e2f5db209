"""Evaluation pages: committee, declaration, reviews, and who may see what."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.evaluation.models import CommitteeMember, ReviewKind, ReviewResult
from tests.conftest import submit
from tests.factories import make_insurer, make_opened_tender, make_tender, make_user


def seat_committee(tender, size=3):
    users = [make_user(Role.MEMBER) for _ in range(size)]
    evaluation.assign_committee(tender, users, users[0])
    from procurement.extensions import db

    db.session.commit()
    return users


def test_officer_seats_the_committee(client, db, login_as):
    tender = make_opened_tender()
    login_as(tender.created_by)
    users = [make_user(Role.MEMBER) for _ in range(4)]
    url = f"/evaluation/{tender.id}/committee"
    even = submit(client, url, {"members": [u.id for u in users], "chair": users[0].id})
    assert even.status_code == 400
    assert "评标委员会成员应为单数，且不少于 3 人" in even.get_data(as_text=True)
    done = submit(client, url, {"members": [u.id for u in users[:3]], "chair": users[1].id})
    assert done.status_code == 302
    seats = db.session.scalars(sa.select(CommitteeMember)).all()
    assert sorted(s.user_id for s in seats) == sorted(u.id for u in users[:3])
    assert [s.user_id for s in seats if s.is_chair] == [users[1].id]


def test_a_member_declares_before_seeing_anything(client, db, login_as):
    tender = make_opened_tender()
    users = seat_committee(tender)
    login_as(users[1])
    assert client.get(f"/evaluation/{tender.id}").status_code == 302  # to the declaration
    page = client.get(f"/evaluation/{tender.id}/declare").get_data(as_text=True)
    assert "第1财产保险股份有限公司重庆分公司" in page  # the bidders' names, to check conflicts
    assert "2400" not in page  # but no bid content
    missing = submit(client, f"/evaluation/{tender.id}/declare", {"conflict": "yes", "note": ""})
    assert missing.status_code == 400 and "请说明利益冲突的情况" in missing.get_data(as_text=True)
    done = submit(client, f"/evaluation/{tender.id}/declare", {"conflict": "no"})
    assert done.status_code == 302
    assert client.get(f"/evaluation/{tender.id}").status_code == 200


def test_reviews_record_reasons_and_only_the_right_people_review(client, db, login_as):
    tender = make_opened_tender()
    users = seat_committee(tender)
    bid = queries.opened_bids(tender)[0]
    login_as(users[1])  # not the chair, and qualification is the officer's anyway
    assert client.get(f"/evaluation/{tender.id}/review/qualification/{bid.id}").status_code == 403
    assert client.get(f"/evaluation/{tender.id}/review/compliance/{bid.id}").status_code == 403
    client.delete_cookie("session")
    login_as(tender.created_by)
    url = f"/evaluation/{tender.id}/review/qualification/{bid.id}"
    data = {f"r-{r['id']}": "pass" for r in tender.requirements}
    data[f"r-{tender.requirements[1]['id']}"] = "fail"
    refused = submit(client, url, data)
    assert refused.status_code == 400 and "请填写不合格的理由" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewResult)) == 0
    data[f"r-{tender.requirements[1]['id']}-reason"] = "未在本市设立分支机构"
    assert submit(client, url, data).status_code == 302
    reasons = queries.exclusions(tender)[bid.id]
    assert reasons == ["在本市设有经授权的市级分支机构：未在本市设立分支机构"]
    page = client.get(f"/evaluation/{tender.id}").get_data(as_text=True)
    assert "未在本市设立分支机构" in page
    # the chair does the compliance review of the qualified bids after declaring
    client.delete_cookie("session")
    login_as(users[0])
    submit(client, f"/evaluation/{tender.id}/declare", {"conflict": "no"})
    other = queries.opened_bids(tender)[1]
    for review_bid in queries.opened_bids(tender)[1:]:
        decisions = {r["id"]: (True, "") for r in tender.requirements}
        evaluation.record_review(
            tender, review_bid, ReviewKind.QUALIFICATION, decisions, tender.created_by
        )
    db.session.commit()
    compliance = {
        f"r-{c['id']}": "pass" for c in queries.requirements(tender, ReviewKind.COMPLIANCE)
    }
    url = f"/evaluation/{tender.id}/review/compliance/{other.id}"
    assert submit(client, url, compliance).status_code == 302
    excluded_bid_url = f"/evaluation/{tender.id}/review/compliance/{bid.id}"
    assert submit(client, excluded_bid_url, compliance).status_code == 400  # failed qualification


def test_nobody_outside_the_tender_sees_its_evaluation(client, db, login_as):
    tender = make_opened_tender()
    seat_committee(tender)
    outsiders = [make_user(Role.MEMBER), make_insurer(), make_user(Role.ADMIN)]
    for user in outsiders:
        client.delete_cookie("session")
        login_as(user)
        for path in ("", "/declare", "/score", "/overview", "/committee"):
            response = client.get(f"/evaluation/{tender.id}{path}")
            assert response.status_code == 403, (user.role, path)
    unopened = make_tender()
    client.delete_cookie("session")
    login_as(unopened.created_by)
    assert client.get(f"/evaluation/{unopened.id}").status_code == 404


def test_a_member_scores_in_the_comparison_view_and_submits(client, db, login_as):
    from tests.procurement.evaluation.test_evaluation_operations import declare_all, pass_all

    tender = make_opened_tender()
    users = seat_committee(tender)
    seats = queries.members(tender)
    declare_all(seats)
    pass_all(tender, tender.created_by)
    db.session.commit()
    login_as(users[1])
    page = client.get(f"/evaluation/{tender.id}/score").get_data(as_text=True)
    bids = queries.compliant_bids(tender)
    assert all(bid.insurer.name in page for bid in bids)
    assert "20.00" in page  # the lowest price's points, computed by the engine
    assert "物联网监测" in page  # a bid's checklist value, shown in words
    data = {}
    for bid in bids:
        for criterion in queries.subjective_criteria(tender):
            levels = criterion["rule"].get("levels")
            data[f"s-{bid.id}-{criterion['id']}"] = str(levels[0] if levels else 3)
    bad = dict(data)
    bad[f"s-{bids[0].id}-claims_plan"] = "7"
    refused = submit(client, f"/evaluation/{tender.id}/score", {**bad, "action": "save"})
    assert refused.status_code == 400 and "请选择规定的档次分值" in refused.get_data(as_text=True)
    partial = dict(data)
    partial.pop(f"s-{bids[0].id}-rate_table")
    incomplete = submit(client, f"/evaluation/{tender.id}/score", {**partial, "action": "submit"})
    assert "还有 1 项未评分" in incomplete.get_data(as_text=True)
    sheet = queries.scoresheet_of(seats[1])
    assert len(sheet.scores) == len(data) - 1  # what was typed was kept
    done = submit(client, f"/evaluation/{tender.id}/score", {**data, "action": "submit"})
    assert done.status_code == 302
    db.session.refresh(sheet)
    assert sheet.status.value == "submitted"
    assert client.get(f"/evaluation/{tender.id}/overview").status_code == 403  # not the chair


def test_the_chair_sees_the_ranking_flags_and_robustness(client, db, login_as):
    from tests.procurement.evaluation.test_evaluation_operations import scored_tender

    tender, seats = scored_tender(db, outlier=True)
    login_as(seats[0].user)
    page = client.get(f"/evaluation/{tender.id}/overview").get_data(as_text=True)
    assert "排名与提示事项" in page and "<svg" in page
    assert "异常评分" in page and "排名第一的比例" in page
    assert "次随机扰动评分权重" in page  # the plain-language reading
    first = queries.compliant_bids(tender)[0]
    response = submit(
        client,
        f"/evaluation/{tender.id}/flags",
        {
            "kind": "outlier",
            "bid_id": first.id,
            "member_id": seats[2].id,
            "resolution": "replaced",
            "votes_for": 2,
            "explanation": "两名成员同意替换",
        },
        form_page=f"/evaluation/{tender.id}/overview",
    )
    assert response.status_code == 302
    page = client.get(f"/evaluation/{tender.id}/overview").get_data(as_text=True)
    assert "两名成员同意替换" in page


def test_the_comparison_view_shows_each_requirement_and_others_scores_stay_hidden(
    client, db, login_as
):
    from tests.procurement.evaluation.test_evaluation_operations import (
        declare_all,
        full_scores,
        pass_all,
    )

    tender = make_opened_tender()
    users = seat_committee(tender)
    seats = queries.members(tender)
    declare_all(seats)
    pass_all(tender, tender.created_by)
    evaluation.save_scores(seats[1], full_scores(tender, points=None))
    evaluation.submit_scoresheet(seats[1])
    db.session.commit()
    login_as(users[0])  # the chair
    page = client.get(f"/evaluation/{tender.id}/score").get_data(as_text=True)
    assert (
        "资格性审查：持有经营保险业务许可证" in page
        and "符合性审查：投标文件按要求签字、盖章" in page
    )
    early = client.get(f"/evaluation/{tender.id}/overview")
    assert early.status_code == 302  # not before every member has submitted
    assert client.get(f"/evaluation/{tender.id}/scores.xlsx").status_code == 404


def test_pdf_rendering_refuses_files_and_remote_urls(caplog):
    import logging

    import pytest
    from weasyprint import HTML

    from procurement.pdf import safe_fetcher

    fetcher = safe_fetcher()
    for url in ("file:///etc/passwd", "http://example.com/logo.png", "https://example.com/x.css"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)
    assert fetcher("data:text/plain;base64,aGk=").read() == b"hi"
    html = '<img src="file:///etc/hostname"><link rel="stylesheet" href="http://example.com/x.css">'
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = HTML(string=html, url_fetcher=safe_fetcher()).write_pdf()
    assert document.startswith(b"%PDF-")
    assert "disallowed protocol" in caplog.text  # both were refused, and the PDF still came out


def test_the_scoresheet_refuses_what_is_not_a_finite_number(client, db, login_as):
    from tests.procurement.evaluation.test_evaluation_operations import declare_all, pass_all

    tender = make_opened_tender()
    users = seat_committee(tender)
    declare_all(queries.members(tender))
    pass_all(tender, tender.created_by)
    db.session.commit()
    login_as(users[1])
    bid = queries.compliant_bids(tender)[0]
    url = f"/evaluation/{tender.id}/score"
    for text in ("sNaN", "NaN", "Infinity", "drei"):
        refused = submit(client, url, {f"s-{bid.id}-rate_table": text, "action": "save"})
        assert refused.status_code == 400, text
        assert "不是数字。" in refused.get_data(as_text=True), text
    huge = submit(client, url, {f"s-{bid.id}-rate_table": "1e999999999", "action": "save"})
    assert huge.status_code == 400 and "超出允许范围" in huge.get_data(as_text=True)
    assert queries.scoresheet_of(queries.members(tender)[1]) is None


def test_the_overview_ranks_in_memory_when_no_ranking_is_stored(client, db, login_as):
    from procurement.evaluation.models import EvaluationResult
    from tests.procurement.evaluation.test_evaluation_operations import scored_tender

    tender, seats = scored_tender(db)
    db.session.execute(sa.delete(EvaluationResult))  # as stored before submissions ranked
    db.session.commit()
    login_as(seats[0].user)
    page = client.get(f"/evaluation/{tender.id}/overview")
    assert page.status_code == 200 and "排名与提示事项" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EvaluationResult)) == 0
