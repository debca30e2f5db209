"""User journeys through accounts in a real browser: sign-in per role, language, registration."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from procurement.accounts.models import Role
from tests.conftest import PASSWORD
from tests.factories import make_insurer, make_uscc, make_user


def sign_in(page, username, password=PASSWORD):
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def sign_out(page):
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("status")).to_contain_text("您已退出登录")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OFFICER, Role.MEMBER, Role.INSURER])
def test_each_role_signs_in_and_out(page, db, role):
    user = make_insurer() if role is Role.INSURER else make_user(role)
    sign_in(page, user.username)
    expect(page.get_by_role("status")).to_contain_text("您已登录")
    expect(page.get_by_role("link", name=user.display_name)).to_be_visible()
    admin_link = page.get_by_role("link", name="审计日志")
    if role is Role.ADMIN:
        expect(admin_link).to_be_visible()
    else:
        expect(admin_link).to_have_count(0)
    sign_out(page)
    expect(page.get_by_role("banner").get_by_role("link", name="登录")).to_be_visible()


def test_a_wrong_password_is_explained_next_to_the_field(page, db):
    make_user(Role.OFFICER, username="officer_b")
    sign_in(page, "officer_b", "Wrong-password-1")
    expect(page.locator("#password-errors")).to_contain_text("用户名或密码错误")
    expect(page.get_by_label("用户名")).to_have_value("officer_b")


def test_language_switch_is_remembered(page, db):
    page.goto("/login")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/register")
    expect(page.get_by_role("heading", name="Insurer registration")).to_be_visible()
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", name="保险机构注册")).to_be_visible()


def test_insurer_registers_fixes_an_error_and_an_administrator_approves(page, db):
    admin = make_user(Role.ADMIN, username="admin_c")
    page.goto("/")
    page.get_by_role("link", name="保险机构注册").first.click()
    code = make_uscc()
    page.get_by_label("公司名称").fill("渝中财产保险股份有限公司重庆分公司")
    page.get_by_label("统一社会信用代码").fill(code[:-1] + ("0" if code[-1] != "0" else "1"))
    page.get_by_label("保险许可证编号").fill("000777500000800")
    page.get_by_label("联系人").fill("周经理")
    page.get_by_label("联系电话").fill("023-63000000")
    page.get_by_label("联系邮箱").fill("zhou@example.com")
    page.get_by_label("用户名").fill("yuzhong_bid")
    page.get_by_label("密码", exact=True).fill("Insure-lift-2026")
    page.get_by_label("再次输入密码").fill("Insure-lift-2026")
    page.get_by_role("button", name="注册").click()
    expect(page.locator("#uscc-errors")).to_contain_text("校验码不符")
    expect(page.get_by_label("公司名称")).to_have_value("渝中财产保险股份有限公司重庆分公司")
    page.get_by_label("统一社会信用代码").fill(code)
    page.get_by_label("密码", exact=True).fill("Insure-lift-2026")  # passwords are not echoed back
    page.get_by_label("再次输入密码").fill("Insure-lift-2026")
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_role("status")).to_contain_text("注册申请已提交")
    expect(page.get_by_text("待审核")).to_be_visible()
    sign_out(page)

    sign_in(page, admin.username)
    page.get_by_role("link", name="保险机构注册审核").click()
    page.get_by_role("link", name="审核", exact=True).click()
    expect(page.get_by_role("heading", name="渝中财产保险股份有限公司重庆分公司")).to_be_visible()
    page.get_by_label("备注（选填）").fill("资质齐全")
    page.get_by_role("button", name="批准").click()
    expect(page.get_by_role("status")).to_contain_text("已批准")
    sign_out(page)

    sign_in(page, "yuzhong_bid", "Insure-lift-2026")
    page.get_by_role("link", name="周经理").click()
    expect(page.get_by_text("已批准")).to_be_visible()


def test_deactivation_asks_for_confirmation(page, db):
    make_user(Role.ADMIN, username="admin_d")
    member = make_user(Role.MEMBER, username="member_d")
    sign_in(page, "admin_d")
    page.goto("/accounts/")
    row = page.get_by_role("row").filter(has_text="member_d")
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="停用").click()
    expect(row.get_by_text("启用")).to_be_visible()  # dismissed: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="停用").click()
    expect(page.get_by_role("status")).to_contain_text("已停用账号 member_d")
    db.session.refresh(member)
    assert member.active is False
