"""The OpenAPI 3.1 document of /api/v1 (written by hand: a few read-only endpoints)."""

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


MAINTENANCE_PERIOD: dict[str, Any] = {
    "type": "object",
    "required": ["code", "name", "starts_on", "ends_on", "publication", "published_at", "grades"],
    "properties": {
        "code": STRING, "name": STRING, "starts_on": DATE, "ends_on": DATE,
        "publication": {"type": "integer", "description": "1, then 2 for the first correction, …"},
        "published_at": STRING, "correction_reason": NULLABLE_STRING,
        "grades": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
}  # fmt: skip

MAINTENANCE_LINE: dict[str, Any] = {
    "type": "object",
    "required": ["uscc", "name", "districts", "rank", "total", "grade", "vetoes", "values", "points"],
    "properties": {
        "uscc": STRING, "name": STRING, "districts": {"type": "array", "items": STRING},
        "elevators": {"type": "integer"},
        "rank": {"type": ["integer", "null"], "description": "null for a vetoed company"},
        "total": {"type": "number"}, "grade": STRING,
        "vetoes": {"type": "array", "items": STRING},
        "values": {"type": "object"}, "points": {"type": "object"},
        "no_data": {"type": "array", "items": STRING},
    },
}  # fmt: skip

TENDER_DETAIL: dict[str, Any] = {
    "type": "object",
    "required": [*TENDER_SUMMARY["required"], "criteria", "requirements", "amendments", "opening"],
    "properties": {
        **TENDER_SUMMARY["properties"],
        "description": STRING, "min_bids": {"type": "integer"}, "notice_days": {"type": "integer"},
        "criteria": {"type": "array", "items": {"type": "object", "required": ["name", "max_points"]}},
        "requirements": {"type": "array", "items": {"type": "object"}},
        "amendments": {"type": "array", "items": {
            "type": "object", "required": ["number", "published_at", "reason"],
            "properties": {"number": {"type": "integer"}, "published_at": STRING, "reason": STRING,
                           "deadline_moved": {"type": "boolean"}}}},
        "failure_reason": NULLABLE_STRING,
        "opening": {"type": ["object", "null"], "required": ["opened_at", "bids"], "properties": {
            "opened_at": STRING,
            "bids": {"type": "array", "items": {
                "type": "object", "required": ["bidder", "price", "received_at"],
                "properties": {"bidder": STRING, "price": NULLABLE_STRING, "received_at": STRING,
                               "receipt_hash": NULLABLE_STRING,
                               "receipt_verified": {"type": ["boolean", "null"]}}}},
            "k_draw": {"type": ["object", "null"], "description": "下浮系数 K drawn at opening: seed ="
                       " SHA-256 of the receipts joined by line feeds, K = candidates[int(seed, 16) mod n]",
                       "properties": {"candidates": {"type": "array", "items": {"type": "number"}},
                                      "receipts": {"type": "array", "items": STRING}, "seed": STRING,
                                      "index": {"type": "integer"}, "k": {"type": "number"}}}}},
    },
}  # fmt: skip

RANKING: dict[str, Any] = {
    "type": "object",
    "required": ["reference", "status", "notice", "committee", "ranking", "excluded"],
    "properties": {
        "reference": STRING, "status": {"enum": ["publicised", "awarded"]},
        "notice": {"type": "object", "required": ["published_at", "ends_at", "objections_close_at"]},
        "committee": {"type": "array", "items": STRING},
        "ranking": {"type": "array", "items": {
            "type": "object", "required": ["rank", "bidder", "price", "total"],
            "properties": {"rank": {"type": "integer"}, "bidder": STRING, "price": {"type": "number"},
                           "total": {"type": "number"}}}},
        "excluded": {"type": "array", "items": {"type": "object", "required": ["bidder", "reason"]}},
        "objections": {"type": "array"},
    },
}  # fmt: skip

# The OCDS answer is a release package; its schema is the standard's (1.1.5, with the bids extension).
OCDS_PACKAGE = {
    "$ref": "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
}

POLICY = (
    " Publication policy: a tender appears once published; its opening record (bidders and prices)"
    " once the bids are opened; scores, ranking and award once the candidates are publicised (公示)."
    " The OCDS package holds one release per event (published, amended, opened, publicised, awarded,"
    " failed or cancelled), dated by the event; releases never change. Amounts are yearly totals"
    " (price per elevator per year × elevators); item unit values are per elevator per year (台·年)."
    " Data are under the licence named in each package. Responses carry ETag and Cache-Control."
)


def maintenance_paths() -> dict[str, Any]:
    not_found = {"404": {"description": "No such published period or company",
                         "content": {"application/json": {"schema": ERROR}}}}  # fmt: skip
    code = {"name": "code", "in": "path", "required": True, "schema": STRING}

    def ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "200": {"description": description, "content": {"application/json": {"schema": schema}}}
        }

    return {
        "/api/v1/maintenance/periods": {
            "get": {
                "summary": "Published maintenance-company evaluation periods, newest first",
                "responses": ok(
                    "The periods",
                    {
                        "type": "object",
                        "required": ["items"],
                        "properties": {"items": {"type": "array", "items": MAINTENANCE_PERIOD}},
                    },
                ),
            }
        },
        "/api/v1/maintenance/periods/{code}": {
            "get": {
                "summary": "A period's current published results, ranked (vetoed companies last, unranked)",
                "parameters": [
                    code,
                    {"name": "grade", "in": "query", "schema": STRING},
                    {"name": "district", "in": "query", "schema": STRING},
                    {"name": "page", "in": "query", "schema": PAGE},
                    {
                        "name": "per_page",
                        "in": "query",
                        "schema": PER_PAGE,
                    },
                ],
                "responses": {
                    **ok(
                        "The results",
                        {
                            "type": "object",
                            "required": [
                                "period",
                                "indicators",
                                "items",
                                "page",
                                "per_page",
                                "total",
                            ],
                            "properties": {
                                "period": MAINTENANCE_PERIOD,
                                "indicators": {"type": "array"},
                                "items": {"type": "array", "items": MAINTENANCE_LINE},
                                "page": {"type": "integer"},
                                "per_page": {"type": "integer"},
                                "total": {"type": "integer"},
                            },
                        },
                    ),
                    **not_found,
                    "400": {
                        "description": "A parameter is invalid",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                },
            }
        },
        "/api/v1/maintenance/periods/{code}/companies/{uscc}": {
            "get": {
                "summary": "One company's published line, its rank in each district it serves, its history",
                "parameters": [
                    code,
                    {"name": "uscc", "in": "path", "required": True, "schema": STRING},
                ],
                "responses": {
                    **ok(
                        "The company",
                        {
                            "type": "object",
                            "required": ["period", "company", "history"],
                            "properties": {
                                "period": MAINTENANCE_PERIOD,
                                "company": MAINTENANCE_LINE,
                                "district_ranks": {"type": "array"},
                                "history": {"type": "array"},
                            },
                        },
                    ),
                    **not_found,
                },
            }
        },
    }


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
            "description": "Published elevator-insurance tenders, opening records and rankings, and the "
            "published maintenance-company evaluation results. Read-only; "
            "nothing sealed or unpublished is ever served." + POLICY,
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
                                          "content": {"application/json": {"schema": TENDER_DETAIL}}},
                                  **error_responses},
                }
            },
            "/api/v1/tenders/{reference}/ocds": {
                "get": {
                    "summary": "The tender's whole history as an OCDS 1.1 release package",
                    "parameters": [reference],
                    "responses": {"200": {"description": "The release package",
                                          "content": {"application/json": {"schema": OCDS_PACKAGE}}},
                                  **error_responses},
                }
            },
            **maintenance_paths(),
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
            "/api/v1/tenders/{reference}/ranking": {
                "get": {
                    "summary": "The publicised ranking, once the candidates are under notice",
                    "parameters": [reference],
                    "responses": {"200": {"description": "The ranking",
                                          "content": {"application/json": {"schema": RANKING}}},
                                  **error_responses},
                }
            },
        },
    }  # fmt: skip
