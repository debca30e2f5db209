"""Crawl every public page and API response reachable anonymously: nothing sealed or unpublished."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from procurement.evaluation.queries import result_of
from tests.factories import bid_content, make_insurer, make_tender, submit_bid
from tests.procurement.publication.test_publication import evaluated

LINK = re.compile(r'href="([^"#]+)"')
SEALED_PRICE = "2919.19"
SEALED_COMPANY = "爬取保密测试保险公司"
SEALED_FIELD = "SEALED-RATE-0042"


def crawl(client, start_urls, limit=400):
    seen, queue, bodies = set(), list(start_urls), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = (
            response.get_data(as_text=True)
            if response.mimetype.startswith(("text/", "application/json"))
            else ""
        )
        bodies[url] = text
        for href in LINK.findall(text):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or parts.path.startswith(
                ("/static", "/language", "/login", "/register")
            ):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return bodies


def test_nothing_sealed_or_unpublished_is_public(client, db):
    sealed = make_tender(title="爬取测试开放项目")
    bidder = make_insurer(name=SEALED_COMPANY)
    submit_bid(sealed, bidder, bid_content(SEALED_PRICE, rate_filing_number=SEALED_FIELD))
    draft = make_tender(title="爬取测试草稿项目", status="draft")
    evaluated_only = evaluated(db)  # evaluated, not yet publicised: its scores are not public
    db.session.commit()
    unpublished_total = f"{result_of(evaluated_only).result['ranking'][0]['total']:.2f}"
    pages = crawl(
        client,
        [
            "/",
            "/tenders/",
            "/api/v1/tenders?per_page=100",
            f"/tenders/{sealed.reference}",
            f"/api/v1/tenders/{sealed.reference}",
            f"/api/v1/tenders/{sealed.reference}/ocds",
            f"/tenders/{draft.reference}",
            f"/tenders/{evaluated_only.reference}",
            f"/api/v1/tenders/{evaluated_only.reference}/ranking",
            f"/tenders/{evaluated_only.reference}/notice",
            "/api/v1/openapi.json",
        ],
    )
    assert len(pages) >= 8
    secrets = [
        SEALED_PRICE,
        SEALED_COMPANY,
        SEALED_FIELD,
        bidder.username,
        "爬取测试草稿项目",
        draft.reference,
    ]
    for url, body in pages.items():
        for secret in secrets:
            assert secret not in body, (url, secret)
        if evaluated_only.reference in url:
            assert unpublished_total not in body, url
    assert f"/tenders/{evaluated_only.reference}/notice" not in pages  # 404 before the notice
