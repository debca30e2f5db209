"""A member of the public reads the ranking and files an objection; the officer answers and awards."""

from __future__ import annotations

from playwright.sync_api import expect

from procurement.publication import operations as publication
from tests.browser.test_accounts_journeys import sign_in
from tests.procurement.publication.test_publication import evaluated


def test_public_objection_answer_and_award(page, db, frozen_clock):
    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    page.goto("/tenders/")
    page.get_by_role("link", name=tender.title).click()
    page.goto(f"/tenders/{tender.reference}/notice")
    expect(page.get_by_role("heading", name="中标候选人公示")).to_be_visible()
    expect(page.get_by_role("row").nth(1)).to_contain_text("1")
    page.get_by_role("link", name="提出异议").click()
    page.get_by_label("姓名或单位").fill("某小区业主委员会")
    page.get_by_label("联系方式").fill("13900000000")
    page.get_by_label("异议事项及理由").fill("第一名的查勘车辆数量与实际不符")
    page.get_by_role("button", name="提交异议").click()
    expect(page.get_by_role("status")).to_contain_text("第 1 号异议已提交")
    expect(page.get_by_text("第一名的查勘车辆数量与实际不符")).to_be_visible()
    expect(page.get_by_text("13900000000")).to_have_count(0)

    sign_in(page, tender.created_by.username)
    page.goto(f"/tenders/{tender.id}/objections")
    page.get_by_label("具备异议资格", exact=True).check()
    page.get_by_role("button", name="保存").click()
    page.get_by_label("已驳回", exact=True).check()
    page.get_by_label("答复及理由").fill("经核实，车辆登记信息与投标文件一致")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="公布答复").click()
    expect(
        page.get_by_text("已驳回：经核实，车辆登记信息与投标文件一致", exact=False)
    ).to_be_visible()
    expect(page.get_by_text("异议期尚未届满")).to_be_visible()
    frozen_clock.advance(days=30)
    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确定中标", exact=True).click()
    expect(page.get_by_role("heading", name="中标结果公告")).to_be_visible()
