"""Officer journeys through tender pages, and the public list and announcement."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from procurement import clock
from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.clock import to_local
from procurement.tenders.models import Tender, TenderStatus
from tests.conftest import submit
from tests.factories import make_holders, make_insurer, make_tender, make_user


def local(moment):
    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def particulars(**overrides):
    now = clock.now()
    data = {
        "reference": "CQ-2026-0100",
        "title": "渝中区老旧住宅电梯保险采购",
        "procuring_entity": "重庆市渝中区住房和城乡建设委员会",
        "method": "open_tender",
        "route": "government_procurement",
        "districts": "渝中区、江北区",
        "elevator_count": "800",
        "ceiling_price": "2800",
        "min_bids": "3",
        "submission_deadline": local(now + timedelta(days=25)),
        "opening_time": local(now + timedelta(days=25, hours=2)),
        "notice_days": "3",
        "description": "为老旧住宅电梯购买维修保险。",
    }
    data.update(overrides)
    return data


def criteria_form(tender, **row_overrides):
    """The editor's form data for the tender's current criteria, with overrides on rows."""
    from procurement.tenders.editor import format_rule

    data = {}
    for index, criterion in enumerate(tender.criteria):
        row = {
            "id": criterion["id"],
            "name": criterion["name"],
            "group": criterion["group"],
            "max_points": str(criterion["max_points"]),
            "rule_type": criterion["rule"]["type"],
            "parameters": format_rule(criterion["rule"]),
            "source": criterion.get("source", ""),
            "guidance": criterion.get("guidance", ""),
        }
        row.update(row_overrides.get(criterion["id"], {}))
        data.update({f"criteria-{index}-{key}": value for key, value in row.items()})
    for index, requirement in enumerate(tender.requirements):
        data[f"requirements-{index}-id"] = requirement["id"]
        data[f"requirements-{index}-text"] = requirement["text"]
    return data


def test_officer_creates_a_draft_from_the_template(client, db, login_as):
    login_as(make_user(Role.OFFICER))
    response = submit(client, "/tenders/new", particulars())
    assert response.status_code == 302
    tender = db.session.scalar(sa.select(Tender))
    assert tender.status is TenderStatus.DRAFT
    assert tender.districts == ["渝中区", "江北区"]
    assert str(tender.ceiling_price) == "2800.00"
    assert len(tender.criteria) == 15 and sum(c["max_points"] for c in tender.criteria) == 100
    # times typed in Beijing time are stored in UTC
    assert local(tender.submission_deadline) == particulars()["submission_deadline"]
    assert client.get(f"/tenders/{tender.reference}").status_code == 404  # drafts are not public


def test_bad_particulars_are_named_and_kept(client, db, login_as):
    login_as(make_user(Role.OFFICER))
    now = clock.now()
    cases = [
        (
            {
                "submission_deadline": local(now - timedelta(days=1)),
                "opening_time": local(now + timedelta(days=1)),
            },
            "投标截止时间：投标截止时间须晚于当前时间",
        ),
        (
            {"opening_time": local(now + timedelta(days=1))},
            "开标时间：开标时间不得早于投标截止时间",
        ),
        ({"ceiling_price": "-5"}, "最高限价（元/台·年）："),
        ({"elevator_count": "many"}, "电梯数量："),
        ({"reference": "CQ 2026"}, "项目编号：只能包含字母"),
        (
            {"route": "tendering_law", "notice_days": "1"},
            "公示期（天）：招标投标法项目的中标候选人公示期不少于3日",
        ),
    ]
    for overrides, message in cases:
        response = submit(client, "/tenders/new", particulars(**overrides))
        page = response.get_data(as_text=True)
        assert response.status_code == 400, overrides
        assert message in page, (overrides, message)
        assert "渝中区老旧住宅电梯保险采购" in page  # nothing typed is lost
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tender)) == 0


def test_a_reference_cannot_be_used_twice(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    make_tender(officer=officer, reference="CQ-2026-0100")
    response = submit(client, "/tenders/new", particulars())
    assert response.status_code == 400
    assert "已有招标项目使用该编号" in response.get_data(as_text=True)


def test_criteria_editor_refuses_a_wrong_total_and_names_bad_rows(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, status="draft")
    url = f"/tenders/{tender.id}/criteria"
    page = client.get(url).get_data(as_text=True)
    assert "合计：100 分" in page
    wrong = submit(
        client, url, {**criteria_form(tender, solvency={"max_points": "15"}), "action": "save"}
    )
    assert wrong.status_code == 400
    assert "各项评分因素合计 105 分，应为 100 分" in wrong.get_data(as_text=True)
    bad = submit(
        client, url, {**criteria_form(tender, solvency={"parameters": "225:ten"}), "action": "save"}
    )
    assert bad.status_code == 400
    assert "规则参数：“ten”不是数字" in bad.get_data(as_text=True)
    db.session.refresh(tender)
    assert tender.criterion("solvency")["max_points"] == 10  # nothing saved


def test_criteria_editor_changes_points_and_rules(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, status="draft")
    url = f"/tenders/{tender.id}/criteria"
    data = criteria_form(
        tender,
        solvency={"max_points": "8", "parameters": "225:8, 150:4"},
        track_record={"max_points": "8"},
    )
    data["requirements-6-id"] = "iso"
    data["requirements-6-text"] = "具有电梯保险理赔服务体系认证"
    response = submit(client, url, {**data, "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    db.session.refresh(tender)
    assert tender.criterion("solvency")["rule"] == {"type": "bands", "bands": [[225, 8], [150, 4]]}
    assert tender.criterion("track_record")["max_points"] == 8
    assert tender.requirements[-1] == {"id": "iso", "text": "具有电梯保险理赔服务体系认证"}
    added = submit(client, url, {**criteria_form(tender), "action": "add_criterion"})
    assert added.get_data(as_text=True).count('name="criteria-15-name"') == 1


def test_publish_makes_the_announcement_public_with_its_criteria(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    make_holders(officer)  # the officer, a second officer and a supervisor hold the key
    tender = make_tender(officer=officer, status="draft")
    preview = client.get(f"/tenders/{tender.id}/preview").get_data(as_text=True)
    assert "预览" in preview
    response = submit(
        client, f"/tenders/{tender.id}/publish", {}, form_page=f"/tenders/{tender.id}/manage"
    )
    assert response.status_code == 302
    db.session.refresh(tender)
    assert tender.status is TenderStatus.PUBLISHED and tender.published_at is not None
    client.delete_cookie("session")
    page = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert tender.title in page and "正在接受投标" in page
    assert "综合偿付能力充足率" in page and "低价优先法" in page
    assert "持有经营保险业务许可证" in page


def test_a_published_tender_cannot_be_edited_only_amended(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer)
    response = client.get(f"/tenders/{tender.id}/edit")
    assert response.status_code == 302
    changed = submit(
        client,
        f"/tenders/{tender.id}/edit",
        particulars(title="改名"),
        form_page=f"/tenders/{tender.id}/manage",
    )
    assert changed.status_code == 302
    db.session.refresh(tender)
    assert tender.title != "改名"


def test_an_amendment_is_recorded_and_shown(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, deadline_in=timedelta(days=30))
    data = particulars(
        reference=tender.reference,
        title=tender.title,
        ceiling_price="3200",
        submission_deadline=local(tender.submission_deadline),
        opening_time=local(tender.opening_time),
        reason="根据市场询价调整最高限价",
    )
    response = submit(client, f"/tenders/{tender.id}/amend", data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    db.session.refresh(tender)
    assert str(tender.ceiling_price) == "3200.00"
    amendment = tender.amendments[0]
    assert {"field": "ceiling_price", "before": "3000.00", "after": "3200.00"} in amendment.changes
    assert not amendment.deadline_moved
    page = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert "第 1 号更正" in page and "根据市场询价调整最高限价" in page
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "tender.amend"))
    assert event.details["reason"] == "根据市场询价调整最高限价"


def test_a_late_amendment_moves_the_deadline(client, db, login_as, frozen_clock):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, deadline_in=timedelta(days=5))
    old_deadline, old_opening = tender.submission_deadline, tender.opening_time
    data = particulars(
        reference=tender.reference,
        title=tender.title + "（更正）",
        submission_deadline=local(tender.submission_deadline),
        opening_time=local(tender.opening_time),
        reason="更正项目名称",
    )
    assert submit(client, f"/tenders/{tender.id}/amend", data).status_code == 302
    db.session.refresh(tender)
    assert tender.submission_deadline == frozen_clock() + timedelta(days=15)
    assert tender.opening_time - tender.submission_deadline == old_opening - old_deadline
    assert tender.submission_deadline > old_deadline
    assert tender.amendments[0].deadline_moved


def test_no_amendment_after_the_deadline(client, db, login_as, frozen_clock):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, deadline_in=timedelta(days=1))
    frozen_clock.advance(days=2)
    response = client.get(f"/tenders/{tender.id}/amend")
    assert response.status_code == 302
    page = client.get(f"/tenders/{tender.id}/manage").get_data(as_text=True)
    assert "投标截止时间已过，不能再更正" in page


def test_cancel_needs_a_reason(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer)
    url = f"/tenders/{tender.id}/cancel"
    submit(client, url, {"reason": ""}, form_page=f"/tenders/{tender.id}/manage")
    db.session.refresh(tender)
    assert tender.status is TenderStatus.PUBLISHED
    submit(client, url, {"reason": "采购需求发生变化"}, form_page=f"/tenders/{tender.id}/manage")
    db.session.refresh(tender)
    assert tender.status is TenderStatus.CANCELLED
    assert "采购需求发生变化" in client.get(f"/tenders/{tender.reference}").get_data(as_text=True)


def test_only_officers_manage_tenders(client, db, login_as):
    tender = make_tender(status="draft")
    for user in (make_user(Role.MEMBER), make_user(Role.ADMIN), make_insurer()):
        client.delete_cookie("session")
        login_as(user)
        for url in (
            "/tenders/manage",
            "/tenders/new",
            f"/tenders/{tender.id}/manage",
            f"/tenders/{tender.id}/criteria",
            f"/tenders/{tender.id}/preview",
        ):
            assert client.get(url).status_code == 403, (user.role, url)


def test_public_list_filters_and_paginates(client, db, app, monkeypatch, frozen_clock):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    open_one = make_tender(title="江北区电梯保险", districts=["江北区"])
    make_tender(title="渝中区电梯保险", districts=["渝中区"])
    closed = make_tender(
        title="南岸区电梯保险", districts=["南岸区"], deadline_in=timedelta(hours=1)
    )
    make_tender(title="草稿项目", status="draft")
    frozen_clock.advance(hours=2)
    everything = client.get("/tenders/").get_data(as_text=True)
    assert "第 1 页，共 2 页" in everything and "草稿项目" not in everything
    by_district = client.get("/tenders/?district=江北区").get_data(as_text=True)
    assert open_one.title in by_district and "渝中区电梯保险" not in by_district
    closed_only = client.get("/tenders/?status=closed").get_data(as_text=True)
    assert closed.title in closed_only and open_one.title not in closed_only
    searched = client.get("/tenders/?q=南岸").get_data(as_text=True)
    assert closed.title in searched and open_one.title not in searched
    assert "没有符合条件的招标项目" in client.get("/tenders/?q=不存在").get_data(as_text=True)
    assert client.get("/tenders/?since=bad").status_code == 400


def test_a_reference_is_letters_digits_and_hyphens(client, db, login_as):
    """A reference with / made its announcement unreachable (issue 13 item 12)."""
    officer = login_as(make_user(Role.OFFICER))
    for reference in ("CQ/2026/0100", "CQ_2026_0100", "CQ-2026-01 00", "渝CQ-2026"):
        response = submit(client, "/tenders/new", particulars(reference=reference))
        assert response.status_code == 400, reference
        assert "项目编号：只能包含字母、数字和连字符（-）" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tender)) == 0
    tender = make_tender(officer=officer, deadline_in=timedelta(days=30))
    amended = submit(
        client,
        f"/tenders/{tender.id}/amend",
        particulars(
            reference="CQ/2026/0100",
            title=tender.title,
            submission_deadline=local(tender.submission_deadline),
            opening_time=local(tender.opening_time),
            reason="更正项目编号",
        ),
    )
    assert amended.status_code == 400
    assert submit(client, "/tenders/new", particulars(reference="CQ-2026-0100")).status_code == 302
