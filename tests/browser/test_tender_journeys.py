"""An officer drafts, adjusts and publishes a tender; the public finds it; the officer amends it."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from procurement import clock
from procurement.accounts.models import Role
from procurement.clock import to_local
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import make_holders, make_user


def local(moment):
    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def test_officer_creates_adjusts_and_publishes_a_tender(page, db):
    make_holders(make_user(Role.OFFICER, username="officer_e"))  # they hold the tender's key
    sign_in(page, "officer_e")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="招标项目").click()
    expect(page.get_by_text("还没有招标项目")).to_be_visible()
    page.get_by_role("link", name="新建招标项目").click()
    now = clock.now()
    page.get_by_label("项目编号").fill("CQ-2026-0500")
    page.get_by_label("项目名称").fill("江北区老旧住宅电梯保险采购")
    page.get_by_label("采购人").fill("重庆市江北区住房和城乡建设委员会")
    page.get_by_label("适用法律").select_option("tendering_law")
    page.get_by_label("区县").fill("江北区")
    page.get_by_label("电梯数量").fill("640")
    page.get_by_label("最高限价（元/台·年）").fill("2600")
    page.get_by_label("投标截止时间").fill(local(now + timedelta(days=21)))
    page.get_by_label("开标时间").fill(local(now - timedelta(days=1)))  # a mistake, caught
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#opening_time-errors")).to_contain_text("开标时间不得早于投标截止时间")
    expect(page.get_by_label("项目名称")).to_have_value("江北区老旧住宅电梯保险采购")
    page.get_by_label("开标时间").fill(local(now + timedelta(days=21, hours=1)))
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已按内置评分标准创建草稿")

    # the criteria editor: make a mistake in the total, then fix it
    expect(page.get_by_text("合计：100 分")).to_be_visible()
    page.get_by_label("分值 1", exact=True).fill("12")
    page.get_by_role("button", name="保存评分标准").click()
    expect(page.get_by_role("alert")).to_contain_text("各项评分因素合计 102 分，应为 100 分")
    page.get_by_label("分值 1", exact=True).fill("10")
    page.get_by_label("规则参数 1", exact=True).fill("225:10, 180:6, 100:3")
    page.get_by_role("button", name="保存评分标准").click()
    expect(page.get_by_role("status")).to_contain_text("评分标准已保存")

    page.get_by_role("link", name="预览").click()
    expect(page.get_by_text("预览：发布后公告将如下显示")).to_be_visible()
    page.go_back()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已发布")
    sign_out(page)

    page.goto("/tenders/?district=江北区")
    page.get_by_role("link", name="江北区老旧住宅电梯保险采购").click()
    expect(page.get_by_role("heading", name="江北区老旧住宅电梯保险采购")).to_be_visible()
    expect(page.get_by_text("正在接受投标")).to_be_visible()
    expect(page.get_by_role("cell", name="≥225% 得10分", exact=False)).to_be_visible()


def test_officer_amends_a_published_tender_and_the_public_sees_it(page, db):
    from tests.factories import make_tender

    officer = make_user(Role.OFFICER, username="officer_f")
    tender = make_tender(officer=officer, deadline_in=timedelta(days=10))
    sign_in(page, "officer_f")
    page.goto(f"/tenders/{tender.id}/manage")
    page.get_by_role("link", name="发布更正", exact=True).click()
    page.get_by_label("最高限价（元/台·年）").fill("3100")
    page.get_by_label("更正理由").fill("依据询价结果调整最高限价")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布更正公告").click()
    expect(page.get_by_role("status")).to_contain_text("已发布第 1 号更正公告")
    expect(page.get_by_role("status")).to_contain_text("投标截止时间已相应顺延")  # 10 < 15 days
    sign_out(page)
    page.goto(f"/tenders/{tender.reference}")
    expect(page.get_by_text("依据询价结果调整最高限价")).to_be_visible()
    expect(page.get_by_role("cell", name="3100.00")).to_be_visible()
