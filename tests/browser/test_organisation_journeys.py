"""An administrator creates a district office on its page, moves an officer into it with a reason,
and the officer then acts for that office: its name is in the header of every page."""

from __future__ import annotations

from playwright.sync_api import expect

from procurement.accounts.models import Role
from procurement.organisations.districts import BUILT_IN
from procurement.organisations.operations import load_districts
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import make_uscc, make_user

YUBEI = "重庆市渝北区住房和城乡建设委员会"


def test_an_admin_creates_an_office_and_moves_an_officer_into_it(page, db):
    for path in BUILT_IN:
        load_districts(path.read_bytes(), path.name)
    make_user(Role.ADMIN, username="admin_org")
    officer = make_user(Role.OFFICER, username="officer_moved", display_name="调动的经办人")
    first_office = officer.organisation.name
    db.session.commit()

    sign_in(page, "admin_org")
    page.get_by_role("link", name="单位管理").click()
    page.get_by_role("link", name="新建单位").click()
    page.get_by_label("单位名称").fill(YUBEI)
    page.get_by_label("单位类型").select_option(label="区县住房和城乡建设主管部门")
    page.get_by_label("管辖区域").select_option(label="500112 渝北区")
    code = make_uscc()
    page.get_by_label("统一社会信用代码").fill(code[:-1] + ("0" if code[-1] != "0" else "1"))
    page.get_by_role("button", name="创建单位").click()
    expect(page.locator("#uscc-errors")).to_contain_text("校验码不符")
    expect(page.get_by_label("单位名称")).to_have_value(YUBEI)
    page.get_by_label("统一社会信用代码").fill(code)
    page.get_by_role("button", name="创建单位").click()
    expect(page.get_by_role("status")).to_contain_text(f"已创建单位 {YUBEI}")
    expect(page.get_by_role("heading", name=YUBEI)).to_be_visible()
    expect(page.get_by_text("该单位还没有成员账号")).to_be_visible()

    page.get_by_role("link", name="账号管理").click()
    page.get_by_role("link", name="officer_moved").click()
    page.get_by_label("调入单位").select_option(label=f"{YUBEI}（区县住房和城乡建设主管部门）")
    page.get_by_label("理由").fill("岗位调动")
    page.get_by_role("button", name="调整单位").click()
    expect(page.get_by_role("status")).to_contain_text("已调整账号 officer_moved 的所属单位")
    history = page.get_by_role("row").filter(has_text="岗位调动")
    expect(history).to_contain_text(first_office)
    expect(history).to_contain_text(YUBEI)
    page.get_by_role("link", name=YUBEI).first.click()
    expect(page.get_by_role("row").filter(has_text="officer_moved")).to_be_visible()
    sign_out(page)

    sign_in(page, "officer_moved")
    expect(page.get_by_test_id("acting-organisation")).to_have_text(YUBEI)
