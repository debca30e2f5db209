"""Languages: Chinese by default, English on request and remembered; the catalogue is complete."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from procurement import ROOT
from procurement.accounts.models import Role
from tests.factories import make_user


def test_chinese_is_the_default_even_for_an_english_browser(client):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    text = page.get_data(as_text=True)
    assert '<html lang="zh-CN">' in text and "登录" in text


def test_switching_to_english_is_remembered_for_the_session_and_the_account(client, db, login_as):
    user = login_as(make_user(Role.OFFICER, username="officer_en"))
    response = client.get("/language/en?next=/accounts/me")
    assert response.headers["Location"] == "/accounts/me"
    page = client.get("/accounts/me").get_data(as_text=True)
    assert "My account" in page and "我的账号" not in page
    db.session.refresh(user)
    assert user.locale == "en"
    # a new session on another device: the account remembers
    client.delete_cookie("session")
    login_as(user)
    assert "My account" in client.get("/accounts/me").get_data(as_text=True)


def test_an_unknown_language_or_outside_redirect_is_ignored(client):
    response = client.get("/language/xx?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    assert "登录" in client.get("/login").get_data(as_text=True)


def test_every_string_has_a_chinese_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "pgettext:1c,2",
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {(message.id, message.context) for message in read_po(handle) if message.id}
    with (ROOT / "procurement/translations/zh/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (message.id, message.context)
        for message in catalogue
        if message.id and message.string and not message.fuzzy
    }
    assert sorted(wanted - translated, key=str) == []
