"""Two offices and a supervisor: a district officer publishes a tender that a second office's
officer can neither see nor manage; a supervisor of the city reads the office's finalised
evaluation and leaves a note, which the officer answers."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from procurement import clock
from procurement.accounts.models import Role
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries as ev
from procurement.evaluation.models import FlagKind, FlagResolution
from procurement.organisations.demo import load_organisations
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.browser.test_tender_journeys import local
from tests.factories import make_holder, make_user
from tests.procurement.evaluation.test_evaluation_operations import scored_tender

JIANGBEI = "重庆市江北区住房和城乡建设委员会"


def _finalised_and_signed(db, office, officer):
    """A tender of the office evaluated to the end: ranking finalised, report signed."""
    tender, seats = scored_tender(db)
    evaluation.compute_result(tender)
    for row in ev.result_of(tender).result["ranking"]:
        if "abnormally_low" in row["flags"]:
            bid = next(b for b in ev.compliant_bids(tender) if f"B{b.id}" == row["bid"])
            evaluation.decide_flag(tender, kind=FlagKind.ABNORMALLY_LOW, bid=bid, seat=None,
                                   resolution=FlagResolution.ACCEPTED, explanation="成本说明合理",
                                   votes_for=None, chair=seats[0].user)  # fmt: skip
    evaluation.finalise(tender, seats[0].user)
    db.session.commit()  # a job renders the draft as this commits
    draft = ev.current_draft(tender)  # members sign the draft they read, by its hash
    for seat in seats:
        evaluation.sign_report(seat, "", draft.sha256)
    tender.organisation, tender.created_by = office, officer
    db.session.commit()
    return tender


def test_offices_keep_to_their_own_and_a_supervisor_notes_what_the_officer_answers(page, db):
    offices = load_organisations()
    owner = make_user(Role.OFFICER, username="jb_officer", organisation=offices[JIANGBEI])
    make_holder(owner)
    make_holder(make_user(Role.OFFICER, organisation=offices[JIANGBEI]))
    make_holder(make_user(Role.ADMIN))
    make_user(
        Role.OFFICER, username="zj_officer", organisation=offices["韶关市浈江区住房和城乡建设局"]
    )
    make_user(Role.SUPERVISOR, username="cq_market", organisation=offices["重庆市市场监督管理局"])
    evaluated = _finalised_and_signed(db, offices[JIANGBEI], owner)

    sign_in(page, "jb_officer")
    expect(page.get_by_test_id("acting-organisation")).to_have_text(JIANGBEI)
    page.goto("/tenders/new")
    now = clock.now()
    page.get_by_label("项目编号").fill("CQ-2026-0900")
    page.get_by_label("项目名称").fill("江北区加装电梯保险采购")
    page.get_by_label("采购人").fill(JIANGBEI)
    page.get_by_label("适用法律").select_option("tendering_law")
    page.get_by_label("区县").fill("江北区")
    page.get_by_label("电梯数量").fill("300")
    page.get_by_label("最高限价（元/台·年）").fill("2600")
    page.get_by_label("投标截止时间").fill(local(now + timedelta(days=21)))
    page.get_by_label("开标时间").fill(local(now + timedelta(days=21, hours=1)))
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已按内置评分标准创建草稿")
    draft_url = page.url.replace("/criteria", "/manage")  # the draft's page
    sign_out(page)

    sign_in(page, "zj_officer")
    page.goto("/tenders/manage")
    expect(page.get_by_text("江北区加装电梯保险采购")).to_have_count(0)
    response = page.goto(draft_url)
    assert response.status == 404
    expect(page.get_by_text("江北区加装电梯保险采购")).to_have_count(0)
    sign_out(page)

    sign_in(page, "jb_officer")
    page.goto(draft_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已发布")
    sign_out(page)

    sign_in(page, "cq_market")
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="监督", exact=True
    ).click()
    expect(page.get_by_text("江北区加装电梯保险采购")).to_have_count(0)  # not opened yet
    page.get_by_role("link", name=evaluated.reference).click()
    report = page.get_by_role("link", name="评标报告（PDF）")
    expect(report).to_be_visible()
    pdf = page.request.get(report.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    page.get_by_label("监督意见").fill("请补充专家回避情况的说明。")
    page.get_by_role("button", name="提交监督意见").click()
    expect(page.get_by_text("等待所属单位回复")).to_be_visible()
    sign_out(page)

    sign_in(page, "jb_officer")
    page.goto("/dashboard")
    page.get_by_role("link", name=f"回复关于 {evaluated.reference} 的监督意见").click()
    page.get_by_label("回复").fill("已补充：两名专家主动回避。")
    page.get_by_role("button", name="提交回复").click()
    expect(page.get_by_text("已补充：两名专家主动回避。")).to_be_visible()
