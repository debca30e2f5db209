"""Hostile query strings: out-of-range dates, huge page numbers and junk are a 400 with a message,
on web pages and in the API, never a 500; the API answers every error in JSON (issue 12 §9)."""

from __future__ import annotations

import pytest

from procurement.accounts.models import Role
from tests.conftest import submit
from tests.factories import make_published_period, make_tender, make_user

HUGE = "99999999999999999999"

PUBLIC_PAGES = [
    "/tenders/?since=0001-01-01",
    "/tenders/?until=9999-12-31",
    "/tenders/?since=2025-02-30",
    f"/tenders/?page={HUGE}",
    "/tenders/?page=abc",
    "/tenders/?page=-1",
    "/tenders/?page=0",
    "/tenders/?page=１",  # a full-width digit is not a page number
    "/tenders/?status=won",
    "/maintenance/periods/2025?publication=abc",
    f"/maintenance/periods/2025?publication={HUGE}",
    f"/maintenance/periods/2025?page={HUGE}",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_public_page_answers_junk_with_400_and_a_message(client, db, url):
    make_tender()
    make_published_period(companies=2)
    response = client.get(url)
    assert response.status_code == 400, url
    text = response.get_data(as_text=True)
    assert "请填写" in text or "不是有效" in text or "Not a valid" in text or "无效" in text, text


def test_the_message_names_the_parameter_and_the_range(client, db):
    text = client.get(f"/tenders/?page={HUGE}").get_data(as_text=True)
    assert "page=" in text and "1 至 100000 之间的整数" in text
    text = client.get("/tenders/?since=0001-01-01").get_data(as_text=True)
    assert "1900-01-01 至 9998-12-31" in text


def test_a_page_past_the_last_is_still_not_found(client, db):
    make_tender()
    assert client.get("/tenders/?page=1").status_code == 200
    assert client.get("/tenders/?page=7").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/audit/?since=0001-01-01",
        f"/audit/?page={HUGE}",
        "/accounts/?page=x",
        "/calendar/?year=99999",
    ],
)
def test_staff_pages_answer_junk_with_400(client, db, login_as, url):
    login_as(make_user(Role.ADMIN))
    assert client.get(url).status_code == 400


def test_the_officers_list_and_the_registry_refuse_a_huge_page(client, db, login_as):
    login_as(make_user(Role.OFFICER))
    assert client.get(f"/tenders/manage?page={HUGE}").status_code == 400
    assert client.get(f"/manage/maintenance/companies?page={HUGE}").status_code == 400


@pytest.mark.parametrize(
    ("query", "name"),
    [
        (f"page={HUGE}", "page"),
        ("page=x", "page"),
        ("per_page=-3", "per_page"),
        ("published_until=9999-12-31", "published_until"),
        ("published_since=0001-01-01", "published_since"),
        ("published_since=2025-13-01", "published_since"),
    ],
)
def test_the_api_answers_a_bad_parameter_in_json(client, db, query, name):
    response = client.get(f"/api/v1/tenders?{query}")
    assert response.status_code == 400 and response.is_json
    assert response.json["error"].startswith(f"{name}:")


def test_the_api_answers_every_error_in_json_with_allow_on_405(client, db):
    make_published_period(companies=2)
    for url in ("/api/v1/nothing", "/api/v1/tenders/T-NONE", "/api/v1/maintenance/periods/x"):
        response = client.get(url)
        assert response.status_code == 404 and response.json == {"error": "Not Found"}
    response = client.get(f"/api/v1/maintenance/periods/2025?page={HUGE}")
    assert response.status_code == 400 and response.json["error"].startswith("page:")
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/v1/tenders")
        assert response.status_code == 405 and response.json == {"error": "Method Not Allowed"}
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_a_web_page_keeps_the_allow_header_on_405(client, db):
    response = client.delete("/tenders/")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert "text/html" in response.headers["Content-Type"]


@pytest.mark.parametrize(
    "url",
    [
        "/tenders/?q=%00",
        "/tenders/?district=a%00b",
        "/tenders/%00",
        "/maintenance/periods/2025?q=%00",
        "/maintenance/periods/%00",
    ],
)
def test_a_nul_character_is_a_400_not_a_database_error(client, db, url):
    """PostgreSQL text cannot hold NUL: refused before any view reads it."""
    make_published_period(companies=2)
    response = client.get(url)
    assert response.status_code == 400 and "无法读取" in response.get_data(as_text=True)


def test_a_nul_character_in_the_api_or_a_form_is_a_400(client, db):
    for url in ("/api/v1/tenders/%00", "/api/v1/tenders?status=%00"):
        response = client.get(url)
        assert response.status_code == 400 and response.is_json
    response = submit(client, "/login", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400 and "无法读取" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/accounts/?role=chair", "/accounts/insurers?status=maybe"])
def test_an_unknown_choice_on_a_staff_list_is_a_400(client, db, login_as, url):
    login_as(make_user(Role.ADMIN))
    assert client.get(url).status_code == 400
    assert client.get(url.split("?")[0]).status_code == 200
