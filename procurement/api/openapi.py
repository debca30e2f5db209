"""The OpenAPI 3.1 document of /api/v1 (written by hand: three read-only endpoints)."""

from __future__ import annotations

from typing import Any

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
PAGE = {"type": "integer", "minimum": 1, "maximum": 100000}
PER_PAGE = {"type": "integer", "minimum": 1, "maximum": 100}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": STRING}}

TENDER_SUMMARY: dict[str, Any] = {
    "type": "object",
    "required": ["reference", "title", "status"],
    "properties": {
        "reference": STRING,
        "title": STRING,
        "procuring_entity": STRING,
        "method": {"enum": ["open_tender", "competitive_consultation"]},
        "route": {"enum": ["tendering_law", "government_procurement"]},
        "districts": {"type": "array", "items": STRING},
        "elevator_count": {"type": "integer"},
        "ceiling_price": STRING,
        "status": {"enum": ["open", "closed", "opened", "evaluated", "publicised", "awarded", "failed",
                            "cancelled"]},
        "published_at": NULLABLE_STRING,
        "submission_deadline": NULLABLE_STRING,
        "opening_time": NULLABLE_STRING,
    },
}  # fmt: skip


def document() -> dict[str, Any]:
    error_responses = {
        "404": {
            "description": "No such published tender",
            "content": {"application/json": {"schema": ERROR}},
        }
    }
    reference = {"name": "reference", "in": "path", "required": True, "schema": STRING}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tibao open data",
            "version": "1",
            "description": "Published elevator-insurance tenders, opening records and rankings. Read-only; "
            "nothing sealed or unpublished is ever served.",
        },
        "paths": {
            "/api/v1/tenders": {
                "get": {
                    "summary": "Published tenders, newest first",
                    "parameters": [
                        {"name": "status", "in": "query", "schema": TENDER_SUMMARY["properties"]["status"]},
                        {"name": "published_since", "in": "query", "schema": DATE},
                        {"name": "published_until", "in": "query", "schema": DATE},
                        {"name": "page", "in": "query", "schema": PAGE},
                        {"name": "per_page", "in": "query", "schema": PER_PAGE},
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of tenders",
                            "content": {"application/json": {"schema": {
                                "type": "object",
                                "required": ["items", "page", "per_page", "total"],
                                "properties": {"items": {"type": "array", "items": TENDER_SUMMARY},
                                               "page": {"type": "integer"}, "per_page": {"type": "integer"},
                                               "total": {"type": "integer"}}}}},
                        },
                        "400": {"description": "A parameter is invalid",
                                "content": {"application/json": {"schema": ERROR}}},
                    },
                }
            },
            "/api/v1/tenders/{reference}": {
                "get": {
                    "summary": "One published tender with its criteria, amendments and opening record",
                    "parameters": [reference],
                    "responses": {"200": {"description": "The tender",
                                          "content": {"application/json": {"schema": {"type": "object"}}}},
                                  **error_responses},
                }
            },
            "/api/v1/tenders/{reference}/ocds": {
                "get": {
                    "summary": "The tender as an OCDS 1.1 release package",
                    "parameters": [reference],
                    "responses": {"200": {"description": "The release package",
                                          "content": {"application/json": {"schema": {"type": "object"}}}},
                                  **error_responses},
                }
            },
            "/api/v1/tenders/{reference}/ranking": {
                "get": {
                    "summary": "The publicised ranking, once the candidates are under notice",
                    "parameters": [reference],
                    "responses": {"200": {"description": "The ranking",
                                          "content": {"application/json": {"schema": {"type": "object"}}}},
                                  **error_responses},
                }
            },
        },
    }  # fmt: skip
