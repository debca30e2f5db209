"""Signing in and out: credentials, throttling, CSRF, redirects, password change."""

from __future__ import annotations

import re

import sqlalchemy as sa

from procurement.accounts import operations as accounts
from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.auth.passwords import check_password
from tests.conftest import PASSWORD, submit
from tests.factories import make_user


def sign_in(client, username, password=PASSWORD, **extra):
    return submit(client, "/login", {"username": username, "password": password, **extra})


def test_sign_in_and_out(client, db):
    user = make_user(Role.OFFICER, username="wang")
    response = sign_in(client, "WANG")  # user names are not case-sensitive
    assert response.status_code == 302
    assert "王" not in response.headers["Location"]
    assert client.get("/accounts/me").status_code == 200
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.sign_in"))
    assert event.actor_id == user.id
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))
    response = client.post("/logout", data={"csrf_token": token.group(1)})
    assert response.status_code == 302
    assert client.get("/accounts/me").status_code == 302  # back to the sign-in page


def test_wrong_password_and_unknown_user_get_the_same_answer(client, db):
    make_user(Role.OFFICER, username="wang")
    wrong = sign_in(client, "wang", "Not-the-password-1")
    unknown = sign_in(client, "nobody", "Not-the-password-1")
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "用户名或密码错误" in response.get_data(as_text=True)


def test_a_deactivated_account_cannot_sign_in(client, db):
    user = make_user(Role.MEMBER, username="li")
    admin = make_user(Role.ADMIN)
    accounts.set_active(user, False, admin)
    db.session.commit()
    assert sign_in(client, "li").status_code == 401


def test_sign_in_is_throttled_per_account_and_the_window_expires(client, db, app, frozen_clock):
    make_user(Role.OFFICER, username="wang")
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert sign_in(client, "wang", "Wrong-password-9").status_code == 401
    refused = sign_in(client, "wang")  # even the right password waits
    assert refused.status_code == 429
    assert "登录失败次数过多" in refused.get_data(as_text=True)
    frozen_clock.advance(minutes=16)
    assert sign_in(client, "wang").status_code == 302


def test_throttling_per_address_covers_many_accounts(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ADDRESS", 3)
    make_user(Role.OFFICER, username="wang")
    for name in ("a1", "a2", "a3"):
        assert sign_in(client, name, "Wrong-password-9").status_code == 401
    assert sign_in(client, "wang").status_code == 429


def test_a_successful_sign_in_clears_the_account_failures(client, db, app):
    make_user(Role.OFFICER, username="wang")
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit - 1):
        sign_in(client, "wang", "Wrong-password-9")
    assert sign_in(client, "wang").status_code == 302
    client.delete_cookie("session")
    assert sign_in(client, "wang", "Wrong-password-9").status_code == 401
    assert sign_in(client, "wang").status_code == 302


def test_a_post_without_csrf_token_is_refused(client, db):
    make_user(Role.OFFICER, username="wang")
    response = client.post("/login", data={"username": "wang", "password": PASSWORD})
    assert response.status_code == 400
    assert "请求有误" in response.get_data(as_text=True)
    assert client.get("/accounts/me").status_code == 302  # not signed in


def test_next_parameter_stays_on_the_site(client, db):
    make_user(Role.OFFICER, username="wang")
    token_page = "/login?next=https://evil.example/"
    response = submit(
        client, token_page, {"username": "wang", "password": PASSWORD}, form_page="/login"
    )
    assert response.headers["Location"] == "/dashboard"  # each role lands on its own tasks
    client.delete_cookie("session")
    response = submit(
        client,
        "/login?next=/accounts/me",
        {"username": "wang", "password": PASSWORD},
        form_page="/login",
    )
    assert response.headers["Location"] == "/accounts/me"


def test_change_password(client, db, login_as):
    user = login_as(make_user(Role.MEMBER, username="li_ping"))
    wrong = submit(
        client,
        "/password",
        {"current_password": "nope", "new_password": "Lift-safety-77", "confirm": "Lift-safety-77"},
    )
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.get_data(as_text=True)
    weak = submit(
        client,
        "/password",
        {"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert weak.status_code == 400 and "密码至少需要 10 位" in weak.get_data(as_text=True)
    done = submit(
        client,
        "/password",
        {
            "current_password": PASSWORD,
            "new_password": "Lift-safety-77",
            "confirm": "Lift-safety-77",
        },
    )
    assert done.status_code == 302
    db.session.refresh(user)
    assert check_password(user.password_hash, "Lift-safety-77")
    assert not check_password(user.password_hash, PASSWORD)
