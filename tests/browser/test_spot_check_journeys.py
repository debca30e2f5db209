"""An insurer records spot checks, one with a photo and two by an imported file; the period's draft
result takes the insurers' spot-check pass rate from them. An insurer sees the maintenance companies
of the elevators it insures; an officer lists a period's spot checks."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from procurement import clock
from procurement.accounts.models import Insurer, Role
from procurement.extensions import db
from procurement.maintenance import generate, spotchecks
from procurement.maintenance import operations as ops
from procurement.maintenance import spotcheck_operations as sops
from procurement.register import operations as register
from procurement.register.rows import HEADERS, MAINTAINER_HEADERS
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import fill_period, make_insurer, make_period, make_user, register_companies
from tests.procurement.register import helpers as h

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_insurer_records_spot_checks_and_the_period_uses_them(page, tmp_path):
    items = register_companies(4)
    period = make_period()
    fill_period(period, items, elevators=100)
    ops.update_template(period, {**period.template, "spot_checks": "insurers"})
    db.session.commit()
    insurer, officer = make_insurer(), make_user(Role.OFFICER)
    photo, upload = tmp_path / "门锁.png", tmp_path / "抽查.csv"
    photo.write_bytes(PNG)
    rows = [
        ["E2", items[0].uscc, "2025-06-02", "曳引机", "合格", ""],
        ["E3", items[0].uscc, "2025-06-03", "限速器", "合格", "动作正常"],
    ]
    upload.write_bytes(generate.upload_file(spotchecks.HEADERS, rows, "csv"))

    sign_in(page, insurer.username)
    page.get_by_role("link", name="维保质量抽查").click()
    page.get_by_label("电梯编号").fill("E1")
    page.get_by_label("维保单位统一社会信用代码").fill(items[0].uscc)
    page.get_by_label("抽查日期").fill("2025-06-01")
    page.get_by_label("抽查项目").fill("制动器、门锁装置")
    page.get_by_label("抽查结果").select_option("合格")
    page.get_by_label("照片（JPEG 或 PNG，可选）").set_input_files(str(photo))
    page.get_by_role("button", name="录入抽查记录").click()
    expect(page.get_by_role("status")).to_contain_text("抽查记录已录入")
    expect(page.get_by_role("link", name="门锁.png")).to_be_visible()

    page.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(upload))
    page.get_by_role("button", name="检查文件").click()
    expect(page.get_by_role("cell", name=items[0].name).first).to_be_visible()
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已导入抽查记录 2 条")
    expect(page.get_by_role("row").filter(has_text=items[0].name)).to_have_count(3)
    sign_out(page)

    sign_in(page, officer.username)
    page.goto(f"/manage/maintenance/periods/{period.id}/draft/{items[0].uscc}")
    row = page.get_by_role("row").filter(has_text="保险机构抽查合格率")
    expect(row).to_contain_text("保险机构抽查记录")
    expect(row).to_contain_text("100%")
    expect(row).to_contain_text("10.00 / 10")
    expect(page.get_by_role("row", name="保险机构抽查次数 3")).to_be_visible()


def test_the_insurer_sees_its_maintenance_companies_and_the_officer_lists_spot_checks(page, db):
    items = register_companies(3)
    period = make_period()
    fill_period(period, items, elevators=100)
    ops.publish(period, None)
    h.load()
    a, b = h.insurers()
    elevators = [
        [*row, "", code]
        for row, code in zip(
            h.elevator_rows(), [items[0].uscc, items[0].uscc, items[1].uscc], strict=True
        )
    ]
    register.apply_file(
        "elevators",
        "e.csv",
        generate.upload_file(HEADERS["elevators"] + MAINTAINER_HEADERS, elevators),
    )
    year = clock.to_local(clock.now()).year
    policies = [
        ["P1", a, "E1", "险", "备", "2000", "自筹", f"{year}-01-01", f"{year}-12-31", "已承保"],
        ["P1", a, "E2", "险", "备", "2000", "自筹", f"{year}-01-01", f"{year}-12-31", "已承保"],
        ["P2", b, "E3", "险", "备", "2000", "自筹", f"{year}-01-01", f"{year}-12-31", "已承保"],
    ]
    register.apply_file("policies", "p.csv", h.file("policies", policies))
    db.session.commit()
    insurer = db.session.scalar(sa.select(Insurer).where(Insurer.uscc == a)).users[0]
    fields = {"elevator_no": "E1", "company": items[0].uscc, "checked_on": "2025-06-01",
              "items": "制动器", "result": "不合格", "note": "制动器磨损"}  # fmt: skip
    sops.record_spot_check(insurer, fields, [("制动器.png", PNG)])
    db.session.commit()

    sign_in(page, insurer.username)
    page.get_by_role("link", name="维保质量抽查").click()
    page.get_by_role("link", name="在保电梯的维保单位").click()
    row = page.get_by_role("row").filter(has_text=items[0].name)
    expect(row).to_contain_text("2025年度")
    expect(row.get_by_role("cell", name="2", exact=True)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=items[1].name)).to_have_count(0)
    _fits_a_phone(page)
    row.get_by_role("link", name=items[0].name).click()
    expect(page.get_by_role("heading", level=2, name=items[0].name)).to_be_visible()
    sign_out(page)

    sign_in(page, make_user(Role.OFFICER).username)
    page.goto(f"/manage/maintenance/periods/{period.id}")
    page.get_by_role("link", name="保险机构抽查记录").click()
    page.get_by_label("抽查结果").select_option("不合格")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("共 1 条抽查记录")).to_be_visible()
    _fits_a_phone(page)
    page.get_by_role("link", name="2025-06-01").click()
    expect(page.get_by_text("制动器磨损")).to_be_visible()
    expect(page.get_by_role("link", name="制动器.png")).to_be_visible()
    _fits_a_phone(page)


def _fits_a_phone(page):
    """The page at 375 px: no sideways scrolling, no axe violation; then back to the desktop."""
    from tests.browser.test_public_surface import check_page

    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 900})
    check_page(page, 375)
    page.set_viewport_size(size)
