"""Insurer self-registration: validation, duplicates, pending status, audit."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Insurer, InsurerStatus, User
from procurement.audit.models import AuditEvent
from tests.conftest import submit
from tests.factories import make_insurer, make_uscc


def registration(**overrides):
    data = {
        "company_name": "渝北财产保险股份有限公司重庆分公司",
        "uscc": make_uscc(),
        "licence_number": "000123500000800",
        "contact_name": "赵经理",
        "contact_phone": "023-61234567",
        "contact_email": "zhao@example.com",
        "username": "yubei_bid",
        "password": "Elevator-2026x",
        "confirm": "Elevator-2026x",
    }
    data.update(overrides)
    return data


def count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_registration_creates_a_pending_company_and_signs_in(client, db):
    data = registration(uscc=make_uscc().lower())  # typed in lower case: normalised
    response = submit(client, "/register", data)
    assert response.status_code == 302
    insurer = db.session.scalar(sa.select(Insurer))
    assert insurer.status is InsurerStatus.PENDING
    assert insurer.uscc == data["uscc"].upper()
    user = insurer.users[0]
    assert user.username == "yubei_bid" and not user.can_bid
    assert user.password_hash.startswith("$argon2id$")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "insurer.register"))
    assert event.actor_id == user.id and event.details["uscc"] == insurer.uscc
    profile = client.get("/accounts/me").get_data(as_text=True)
    assert "待审核" in profile


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91500000MA000000", "应为 18 位"),
        ("91500000MA00000I1B", "只能包含数字和除 I、O、S、V、Z 以外的大写字母"),
        ("91500000MA0000001C", "校验码不符"),
        ("", "该字段是必填字段"),
    ],
)
def test_a_bad_code_is_refused_with_its_reason_and_nothing_is_written(client, db, code, message):
    response = submit(client, "/register", registration(uscc=code))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"统一社会信用代码：{message}" in page
    assert count(db, Insurer) == 0 and count(db, User) == 0
    assert "渝北财产保险股份有限公司重庆分公司" in page  # what was typed is kept


def test_a_registered_code_is_refused(client, db):
    existing = make_insurer()
    response = submit(client, "/register", registration(uscc=existing.insurer.uscc))
    assert response.status_code == 400
    assert "该统一社会信用代码已注册" in response.get_data(as_text=True)
    assert count(db, Insurer) == 1


def test_a_taken_user_name_is_refused_whatever_its_case(client, db):
    make_insurer(username="yubei_bid")
    response = submit(client, "/register", registration(username="YUBEI_BID"))
    assert response.status_code == 400
    assert "该用户名已被占用" in response.get_data(as_text=True)
    assert count(db, Insurer) == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-1", "密码至少需要 10 位"),
        ("onlyletters-here", "密码须同时包含字母和数字"),
        ("password123", "该密码过于常见"),
        ("yubei_bid-2026", "密码不能包含用户名"),
    ],
)
def test_weak_passwords_are_refused(client, db, password, message):
    response = submit(client, "/register", registration(password=password, confirm=password))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(db, User) == 0


def test_mismatched_confirmation_and_bad_contact_details(client, db):
    response = submit(
        client,
        "/register",
        registration(confirm="Elevator-2026y", contact_email="not-an-email", contact_phone="abc"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "两次输入的密码不一致" in page
    assert "联系邮箱：" in page and "联系电话：请输入电话号码" in page
    assert count(db, User) == 0
