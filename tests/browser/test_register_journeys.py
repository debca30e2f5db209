"""The pilot register in the browser: an insurer imports its policies and claims (a file with an
error first), a user unit rates the service, and the district office reviews its annexes and submits
its report."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from procurement.accounts.models import Insurer, Role
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register import operations
from procurement.register.models import Claim, Elevator, ReportSubmission, Survey
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import make_office, make_user
from tests.procurement.register import helpers as h


def test_insurer_imports_a_unit_rates_and_the_district_submits(page, db, tmp_path):
    h.load()
    a, b = h.insurers()
    operations.apply_file("elevators", "e.csv", h.file("elevators", h.elevator_rows()))
    insurer = db.session.scalar(sa.select(Insurer).where(Insurer.uscc == a)).users[0]
    unit = db.session.scalar(sa.select(Organisation).where(Organisation.uscc == h.UNIT_A))
    resident = make_user(Role.COMMUNITY, organisation=unit)
    district = db.session.scalar(sa.select(District).where(District.code == "500103"))
    office = make_office("渝中区市场监督管理局", OrganisationKind.DISTRICT_MARKET, district)
    officer = make_user(Role.SUPERVISOR, organisation=office)
    db.session.commit()
    ours = [r for r in h.policy_rows(a, b) if r[1] == a]
    bad, good = tmp_path / "保单.csv", tmp_path / "保单-改正.xlsx"
    bad.write_bytes(h.file("policies", [*ours, [*ours[0][:1], b, *ours[0][2:]]]))
    good.write_bytes(h.file("policies", ours, "xlsx"))
    claims = tmp_path / "赔案.csv"
    claims.write_bytes(h.file("claims", [r for r in h.claim_rows() if r[1] == "P1"]))

    sign_in(page, insurer.username)
    page.get_by_role("link", name="保单与赔案").click()
    section = page.get_by_role("region", name="保单文件")
    section.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(bad))
    section.get_by_role("button", name="检查文件").click()
    expect(page.get_by_text("不是本机构的保单")).to_be_visible()
    section = page.get_by_role("region", name="保单文件")
    section.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(good))
    section.get_by_role("button", name="检查文件").click()
    expect(page.get_by_text("共 2 行，无错误")).to_be_visible()
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已导入：新增 2 条")
    section = page.get_by_role("region", name="赔案文件")
    section.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(claims))
    section.get_by_role("button", name="检查文件").click()
    expect(page.get_by_role("cell", name="2024-03-01 09:00")).to_be_visible()  # Beijing time
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已导入：新增 3 条")
    expect(page.get_by_role("cell", name="C1", exact=True)).to_be_visible()
    sign_out(page)

    sign_in(page, resident.username)
    page.get_by_role("link", name="本单位电梯与保险").click()
    expect(page.get_by_role("cell", name="E2", exact=True)).to_be_visible()
    page.get_by_label("保险机构").select_option(label="甲保险")
    expect(page.get_by_label("满意度（0–100）")).to_have_attribute("max", "100")
    page.get_by_label("满意度（0–100）").fill("95")
    page.get_by_label("意见建议").fill("理赔及时")
    page.get_by_role("button", name="提交测评").click()
    expect(page.get_by_role("status")).to_contain_text("您的测评已记录")
    expect(page.get_by_role("cell", name="理赔及时")).to_be_visible()
    sign_out(page)

    sign_in(page, officer.username)
    page.get_by_role("link", name="试点登记").click()
    page.get_by_role("spinbutton", name="年度").fill("2024")
    page.get_by_role("button", name="显示").click()
    annex1 = page.locator("#annex1")
    expect(annex1.get_by_role("row").filter(has_text="自筹")).to_contain_text("1.23")
    page.get_by_role("button", name="报送报告").click()
    expect(page.get_by_role("status")).to_contain_text("报告已报送：第 1 版")
    expect(page.locator("#versions").get_by_role("row")).to_have_count(2)

    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) == 1
    report = db.session.scalar(sa.select(ReportSubmission))
    assert (report.year, report.version) == (2024, 1)


def test_a_unit_uploads_and_rates_the_district_corrects_submits_and_downloads(page, db, tmp_path):
    h.load()
    a, b = h.insurers()
    unit = Organisation(name="甲使用单位", kind=OrganisationKind.USER_UNIT, uscc=h.UNIT_A)
    db.session.add(unit)
    resident = make_user(Role.COMMUNITY, organisation=unit)
    district = db.session.scalar(sa.select(District).where(District.code == "500103"))
    office = make_office("渝中区市场监督管理局", OrganisationKind.DISTRICT_MARKET, district)
    officer = make_user(Role.SUPERVISOR, organisation=office)
    db.session.commit()
    ours = [r for r in h.elevator_rows() if r[3] == h.UNIT_A]
    bad, good = tmp_path / "电梯.csv", tmp_path / "电梯-改正.xlsx"
    bad.write_bytes(h.file("elevators", [*ours, h.elevator_rows()[2]]))
    good.write_bytes(h.file("elevators", ours, "xlsx"))

    sign_in(page, resident.username)
    page.get_by_role("link", name="本单位电梯与保险").click()
    section = page.get_by_role("region", name="电梯文件")
    section.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(bad))
    section.get_by_role("button", name="检查文件").click()
    expect(page.get_by_text("不是本单位的统一社会信用代码")).to_be_visible()
    section = page.get_by_role("region", name="电梯文件")
    section.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(good))
    section.get_by_role("button", name="检查文件").click()
    expect(page.get_by_text("共 2 行，无错误")).to_be_visible()
    expect(page.get_by_role("cell", name="保障性住房")).to_be_visible()
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已导入：新增 2 条")
    expect(page.get_by_role("cell", name="E2", exact=True)).to_be_visible()
    # the insurer's policies arrive (its own journey is the test above)
    policies = [r for r in h.policy_rows(a, b) if r[2] in {"E1", "E2"} and r[1] == a]
    operations.apply_file("policies", "p.csv", h.file("policies", policies))
    db.session.commit()
    page.reload()
    page.get_by_label("保险机构").select_option(label="甲保险")
    page.get_by_label("满意度（0–100）").fill("90")
    page.get_by_role("button", name="提交测评").click()
    expect(page.get_by_role("status")).to_contain_text("您的测评已记录")
    sign_out(page)

    sign_in(page, officer.username)
    page.get_by_role("link", name="试点登记").click()
    page.get_by_role("spinbutton", name="年度").fill("2024")
    page.get_by_role("button", name="显示").click()
    page.get_by_role("button", name="报送报告").click()
    expect(page.get_by_role("status")).to_contain_text("报告已报送：第 1 版")
    page.get_by_role("link", name="更正台账记录").click()
    page.get_by_label("类型").select_option(label="电梯")
    page.get_by_label("编号").fill("E1")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="更正 电梯 E1").click()
    page.get_by_label("服务居民人数").fill("150")
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_text("更正理由：")).to_be_visible()  # the reason is required
    page.get_by_label("更正理由").fill("入户核实居民人数")
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_role("status")).to_contain_text("已更正")
    expect(page.locator("#corrections")).to_contain_text("服务居民人数：120 → 150")
    page.get_by_role("link", name="返回").click()
    page.get_by_role("spinbutton", name="年度").fill("2024")
    page.get_by_role("button", name="显示").click()
    expect(page.locator("#changed")).to_contain_text("报送后已变更")
    page.get_by_label("更正理由").fill("居民人数更正")
    page.get_by_role("button", name="报送更正").click()
    expect(page.get_by_role("status")).to_contain_text("报告已报送：第 2 版")
    expect(page.locator("#changed")).to_have_count(0)
    first = page.locator("#versions").get_by_role("row").nth(1)
    with page.expect_download() as download_info:
        first.get_by_role("link", name="附件2 XLSX").click()
    path = tmp_path / "附件2.xlsx"
    download_info.value.save_as(path)

    db.session.rollback()
    report = db.session.scalar(sa.select(ReportSubmission).where(ReportSubmission.version == 2))
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(path).active.iter_rows() for c in row]
    assert any(report.sha256 in str(c) for c in cells) and 150 in cells


def test_the_district_corrects_an_elevators_number_and_user_unit_and_deletes_a_claim(page, db):
    h.build()
    district = db.session.scalar(sa.select(District).where(District.code == "500103"))
    office = make_office("渝中区市场监督管理局", OrganisationKind.DISTRICT_MARKET, district)
    officer = make_user(Role.SUPERVISOR, organisation=office)
    db.session.commit()

    sign_in(page, officer.username)
    page.get_by_role("link", name="试点登记").click()
    page.get_by_role("link", name="更正台账记录").click()
    page.get_by_label("类型").select_option(label="电梯")
    page.get_by_label("编号").fill("E3")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="更正 电梯 E3").click()
    page.get_by_label("电梯编号").fill("E1")
    page.get_by_label("更改编号的理由").fill("编号录错")
    page.get_by_role("button", name="保存新编号").click()
    expect(page.get_by_text("电梯编号 E1 已被另一部电梯使用")).to_be_visible()
    page.get_by_label("电梯编号").fill("E3-1")
    page.get_by_label("更改编号的理由").fill("编号录错")
    page.get_by_role("button", name="保存新编号").click()
    expect(page.get_by_role("status")).to_contain_text("已更正")
    expect(page.locator("#corrections")).to_contain_text("电梯编号：E3 → E3-1")

    page.get_by_label("编号").fill("E3-1")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="更正 电梯 E3-1").click()
    page.get_by_label("新的使用单位（名称或统一社会信用代码）").fill("丁使用单位")
    page.get_by_label("更改使用单位的理由").fill("使用单位录错")
    page.get_by_role("button", name="保存新的使用单位").click()
    expect(page.get_by_text("没有名称或统一社会信用代码为 丁使用单位 的使用单位")).to_be_visible()
    page.get_by_label("新的使用单位（名称或统一社会信用代码）").fill("甲使用单位")
    page.get_by_label("更改使用单位的理由").fill("使用单位录错")
    page.get_by_role("button", name="保存新的使用单位").click()
    expect(page.get_by_role("status")).to_contain_text("已更正")
    expect(page.locator("#corrections")).to_contain_text(
        f"使用单位：乙使用单位（{h.UNIT_B}） → 甲使用单位（{h.UNIT_A}）"
    )

    page.get_by_label("类型").select_option(label="赔案")
    page.get_by_label("编号").fill("C4")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="更正 赔案 C4").click()
    page.get_by_label("删除理由").fill("重复录入")
    page.once("dialog", lambda dialog: dialog.dismiss())  # changed their mind: nothing deleted
    page.get_by_role("button", name="删除", exact=True).click()
    expect(page.get_by_role("heading", name="删除此行")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="删除", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已删除")
    expect(page.locator("#corrections")).to_contain_text("赔案号：C4 → —")

    db.session.rollback()
    assert db.session.scalar(sa.select(Claim).where(Claim.number == "C4")) is None
    moved = db.session.scalar(sa.select(Elevator).where(Elevator.number == "E3-1"))
    assert moved is not None and moved.user_unit.uscc == h.UNIT_A
