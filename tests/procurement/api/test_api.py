"""The public JSON API: published material only, filters, pagination, errors; fuzzed by schemathesis."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import settings

from procurement.api.openapi import document
from procurement.publication import operations as publication
from tests.factories import (
    bid_content,
    make_insurer,
    make_published_period,
    make_tender,
    submit_bid,
)
from tests.procurement.publication.test_publication import evaluated


def test_the_list_shows_published_tenders_only_with_filters_and_pages(client, db):
    for n in range(3):
        make_tender(title=f"公开项目{n}")
    make_tender(title="草稿项目", status="draft")
    data = client.get("/api/v1/tenders?per_page=2").json
    assert data["total"] == 3 and len(data["items"]) == 2 and data["page"] == 1
    assert all(item["status"] == "open" for item in data["items"])
    assert "草稿项目" not in str(client.get("/api/v1/tenders?per_page=100").json)
    assert client.get("/api/v1/tenders?status=failed").json["total"] == 0
    for query, name in (
        ("status=won", "status"),
        ("page=0", "page"),
        ("per_page=500", "per_page"),
        ("published_since=yesterday", "published_since"),
        ("published_since=0001-01-01", "published_since"),  # before the first UTC datetime
        ("published_until=9999-12-31", "published_until"),
    ):
        response = client.get(f"/api/v1/tenders?{query}")
        assert response.status_code == 400 and response.json["error"].startswith(f"{name}:")


def test_a_tender_never_shows_sealed_content_and_drafts_do_not_exist(client, db):
    draft = make_tender(status="draft")
    assert client.get(f"/api/v1/tenders/{draft.reference}").status_code == 404
    tender = make_tender()
    bidder = make_insurer(name="接口保密测试保险公司")
    submit_bid(tender, bidder, bid_content("2777.77"))
    db.session.commit()
    body = client.get(f"/api/v1/tenders/{tender.reference}").get_data(as_text=True)
    assert "接口保密测试保险公司" not in body and "2777.77" not in body
    assert client.get(f"/api/v1/tenders/{tender.reference}").json["opening"] is None
    assert client.get(f"/api/v1/tenders/{tender.reference}/ranking").status_code == 404


def test_the_ranking_appears_with_the_notice(client, db):
    tender = evaluated(db)
    assert client.get(f"/api/v1/tenders/{tender.reference}/ranking").status_code == 404
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    data = client.get(f"/api/v1/tenders/{tender.reference}/ranking").json
    assert [row["rank"] for row in data["ranking"]] == sorted(
        row["rank"] for row in data["ranking"]
    )
    assert data["notice"]["objections_close_at"] and len(data["committee"]) == 3
    assert sum(data["ranking"][0]["groups"].values()) == pytest.approx(
        data["ranking"][0]["total"], abs=0.05
    )
    opening = client.get(f"/api/v1/tenders/{tender.reference}").json["opening"]
    assert len(opening["bids"]) == 5 and all(b["receipt_verified"] for b in opening["bids"])


def test_the_openapi_document_is_served(client):
    assert client.get("/api/v1/openapi.json").json == document()


def test_no_server_error_for_any_input(app, db):
    """Every operation of the OpenAPI document, fuzzed by schemathesis: never a 5xx, always JSON.
    Derandomized on CI (tests/conftest.py), so a red build draws the same cases again."""
    from hypothesis import HealthCheck, given

    make_tender(title="模糊测试项目")
    make_published_period(companies=4)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def never_a_server_error(case):
            response = case.call_and_validate(checks=[schemathesis.checks.not_a_server_error])
            # Every answer of the API is JSON, its errors included (issue 12 §9).
            assert response.headers["content-type"][0].startswith("application/json")

        never_a_server_error()
