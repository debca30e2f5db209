"""Shaoguan's route end to end: eligibility → proposal → notice to owners (poster whose QR code
decodes to the public page) → an owner's objection answered → approval by 公示无异议 → the insurer
confirms: policies in the register and the money moved in the ledger."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.procurement.shaoguan.helpers import PDF, World

# The four conditions of 韶市建联字〔2024〕12号, as the page names them.
CONDITION_NAMES = [
    "维修资金量充足",
    "业主委员会发挥较好",
    "物业管理与电梯维保比较规范",
    "有参加试点的意愿",
]


def test_from_eligibility_to_insured_elevators(page, db, frozen_clock, live_server):
    world = World()
    programme = world.programme

    sign_in(page, world.city.username)  # the city bureau posts the year's income
    page.goto(f"/shaoguan/{programme.id}/ledger")
    page.get_by_label("收益所属年度").fill("2024")
    page.get_by_label("金额（元）").first.fill("50000")
    page.get_by_label("托管银行对账单（PDF）").set_input_files(
        {"name": "对账单.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="入账").click()
    expect(page.get_by_role("status")).to_contain_text("收益已入账")
    sign_out(page)

    sign_in(page, world.bureau.username)  # the district bureau: eligibility
    page.goto("/shaoguan/")
    page.get_by_role("link", name="风采小区").click()
    page.get_by_label("物业服务企业").select_option(label=world.property_org.name)
    page.get_by_label("业主委员会", exact=True).select_option(label=world.committee_org.name)
    page.get_by_role("button", name="保存").click()
    for name in CONDITION_NAMES:
        page.get_by_label("条件").select_option(label=name)
        page.get_by_label("佐证材料", exact=True).fill(f"{name}：经现场核查属实")
        page.get_by_role("button", name="登记佐证材料").click()
        expect(page.locator("#conditions")).to_contain_text(f"{name}：经现场核查属实")
    page.get_by_role("button", name="认定符合试点条件").click()
    expect(page.get_by_text("符合试点条件", exact=True)).to_be_visible()
    sign_out(page)

    sign_in(page, world.staff.username)  # the property company proposes
    page.goto("/shaoguan/")
    page.get_by_role("link", name="新建方案").click()
    page.get_by_label("投保电梯").select_option([str(e.id) for e in world.elevators])
    page.get_by_label("保险机构").select_option(label=world.insurer.name)
    page.get_by_label("保险产品").fill("电梯维修保险")
    page.get_by_label("条款费率批准或备案号").fill("C00001232612024051600001")
    page.get_by_label("单台保费（元/年）").fill("2400")
    page.get_by_label("保险起期").fill("2025-01-01")
    page.get_by_label("保险止期").fill("2025-12-31")
    page.get_by_role("button", name="保存方案").click()
    expect(page.locator("#proposal-status")).to_contain_text("草稿")
    proposal_url = page.url
    sign_out(page)

    sign_in(page, world.bureau.username)  # clause-by-clause review, then the notice
    page.goto(proposal_url)
    page.get_by_label("条款", exact=True).fill("第五条 保险责任")
    page.get_by_label("研判意见").fill("覆盖零部件更换及人工费用，符合业主利益")
    page.get_by_role("button", name="添加研判意见").click()
    expect(page.locator("#clauses")).to_contain_text("第五条 保险责任")
    page.get_by_role("button", name="向业主公示").click()
    expect(page.locator("#proposal-status")).to_contain_text("向业主公示中")
    poster_href = page.get_by_role("link", name="A4").get_attribute("href")
    sign_out(page)

    poster = page.request.get(
        poster_href, timeout=120_000
    )  # the poster's QR code leads to the public page
    assert poster.ok
    pdf_page = PdfReader(io.BytesIO(poster.body())).pages[0]
    image = Image.open(io.BytesIO(pdf_page.images[0].data))
    [decoded] = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded.startswith(live_server) and "/notices/" in decoded
    page.goto(decoded)
    expect(page.get_by_role("heading", name="业主公示 · 风采小区")).to_be_visible()

    page.get_by_role("link", name="对方案提出异议").click()  # an owner objects
    page.get_by_label("楼栋").fill("3栋")
    page.get_by_label("单元", exact=True).fill("2单元")
    page.get_by_label("房号").fill("1201")
    page.get_by_label("异议理由").fill("保费是否偏高，请说明比选依据")
    page.get_by_label("您的姓名").fill("张三丰")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_role("button", name="提交异议").click()
    expect(page.get_by_role("status")).to_contain_text("您的异议已登记")
    expect(page.get_by_text("保费是否偏高，请说明比选依据")).to_be_visible()
    expect(page.get_by_text("13812345678")).to_have_count(0)

    sign_in(page, world.bureau.username)  # the bureau answers; the owner withdraws
    page.goto(proposal_url)
    expect(page.get_by_text("13812345678", exact=False)).to_be_visible()
    page.get_by_label("回复", exact=True).fill("保费经公开比选确定，为同类产品最低价")
    page.get_by_label("业主收到答复后撤回异议").check()
    page.get_by_role("button", name="公布答复").click()
    expect(page.get_by_text("已答复，业主撤回异议")).to_be_visible()
    sign_out(page)

    frozen_clock.advance(days=7, minutes=1)  # the notice ends with no standing objection
    page.goto(decoded)
    expect(page.locator("#proposal-status")).to_contain_text("方案已通过（公示无异议）")
    expect(page.get_by_text("保费经公开比选确定，为同类产品最低价")).to_be_visible()

    sign_in(page, world.insurer_user.username)  # the insurer confirms
    page.goto(proposal_url)
    page.get_by_label("保单号").fill("PSG2025001")
    page.get_by_role("button", name="确认承保").click()
    expect(page.get_by_role("status")).to_contain_text("已确认承保")
    expect(page.locator("#policies li")).to_have_count(3)
    sign_out(page)

    page.goto(f"/shaoguan/p/{programme.slug}")
    expect(page.locator("#insured")).to_contain_text("已投保 3 台")
    expect(page.get_by_role("row", name="风采小区")).to_contain_text("7200.00")
    expect(page.get_by_text("42800.00")).to_be_visible()
