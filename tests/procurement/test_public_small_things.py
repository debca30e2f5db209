"""Small things of the public surface (issue 18): Beijing time, the rule name once, a favicon."""

from __future__ import annotations

from tests.factories import make_opened_tender


def test_the_announcement_says_beijing_time_and_names_each_rule_once(client, db):
    tender = make_opened_tender()
    page = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert "接收时间（北京时间）" in page and "服务器时间）" not in page
    assert "低价优先法：满足要求的最低报价为基准价" in page
    assert "低价优先法（基准价/投标报价×分值）：低价优先法" not in page


def test_every_page_names_a_favicon_that_is_served(client, db):
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.data.startswith(b"<svg")
