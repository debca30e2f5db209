"""An officer imports a period's elevator records, fixes an error and publishes; a member of the public
searches the results and opens a company page."""

from __future__ import annotations

from playwright.sync_api import expect

from procurement.accounts.models import Role
from procurement.maintenance import generate, sheets
from tests.browser.test_accounts_journeys import sign_in
from tests.factories import make_period, make_user, register_companies


def test_officer_imports_fixes_and_publishes_then_the_public_searches(page, db, tmp_path):
    items = register_companies(6)
    period = make_period()
    officer = make_user(Role.OFFICER)
    rows = generate.record_rows(items, 120, period.starts_on, period.months)
    rows[7][4] = "-1"  # a negative number of entrapments on row 9
    bad, good = tmp_path / "电梯记录.csv", tmp_path / "电梯记录-改正.xlsx"
    bad.write_bytes(generate.records_file(rows))
    rows[7][4] = "1"
    good.write_bytes(generate.records_file(rows, "xlsx"))
    indicators = tmp_path / "单位指标.csv"
    values = generate.indicator_rows(items, period.template)
    indicators.write_bytes(
        generate.upload_file(sheets.indicator_headers(period.template), values, "csv")
    )

    sign_in(page, officer.username)
    page.get_by_role("link", name="评测期间").click()
    page.get_by_role("link", name="2025年度").click()
    records = page.get_by_role("region", name="电梯记录")
    records.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(bad))
    records.get_by_role("button", name="检查文件").click()
    expect(page.get_by_role("heading", name="文件中有 1 处问题，未导入任何数据")).to_be_visible()
    expect(page.get_by_role("row", name="9 困人次数 -1 不能为负数")).to_be_visible()

    page.get_by_role("region", name="电梯记录").get_by_label("文件（CSV 或 XLSX）").set_input_files(
        str(good)
    )
    page.get_by_role("region", name="电梯记录").get_by_role("button", name="检查文件").click()
    expect(page.get_by_text("共 120 行、6 家单位，无错误")).to_be_visible()
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已导入 120 行，涉及 6 家单位")

    section = page.get_by_role("region", name="单位指标与否决事项")
    section.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(indicators))
    section.get_by_role("button", name="检查文件").click()
    page.get_by_role("button", name="导入", exact=True).click()

    page.get_by_role("link", name="核对草稿结果").click()
    expect(page.get_by_role("row")).to_have_count(7)
    page.get_by_role("link", name=items[0].name).click()
    expect(page.get_by_role("cell", name="困人故障率（每台每月）")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="2025年度").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布评测结果").click()
    expect(page.get_by_role("heading", name="电梯维保单位评测结果：2025年度")).to_be_visible()

    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("link", name="维保单位评测").first.click()
    page.get_by_role("link", name="2025年度").click()
    target = items[2]
    page.get_by_label("公司名称").fill(target.name[2:6])
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name=target.name).click()
    expect(page.get_by_role("heading", name=target.name)).to_be_visible()
    expect(page.get_by_text("在各服务区县同行中的排名")).to_be_visible()
    expect(page.get_by_role("cell", name="定期检验一次合格率")).to_be_visible()
