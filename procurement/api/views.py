"""/api/v1: public, read-only JSON of published material."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for

from procurement import clock
from procurement.api import openapi, serialise
from procurement.clock import LOCAL_ZONE
from procurement.extensions import db
from procurement.maintenance import queries as mq
from procurement.pagecache import cached
from procurement.queryargs import MAX_PAGE, choice_arg, date_arg, int_arg
from procurement.tenders import queries
from procurement.tenders.models import Tender, TenderStatus

bp = Blueprint("api", __name__, url_prefix="/api/v1")

STATUSES = {"open", "closed", "opened", "evaluated", "publicised", "awarded", "failed", "cancelled"}
# Errors, bad parameters and unsupported methods are answered in JSON by procurement.errors (the
# whole /api/ prefix, including addresses that match no route).

# Read-only CORS: any site may read the open data, with GET alone and no credentials.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
    "Access-Control-Max-Age": "86400",
}


@bp.after_request
def open_data_headers(response: Response) -> Response:
    """CORS on every answer; on a successful read, an ETag and a short public Cache-Control, and a
    304 when the client already holds that ETag (If-None-Match)."""
    response.headers.update(CORS_HEADERS)
    cacheable = request.method in {"GET", "HEAD"} and response.status_code == 200
    if cacheable and "Set-Cookie" not in response.headers and not response.is_streamed:
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
        response.add_etag()
        response.make_conditional(request)
    return response


@bp.get("/tenders")
@cached("status", "page", "per_page", "published_since", "published_until")
def tenders() -> Any:
    status = choice_arg("status", ["", *sorted(STATUSES)], "") or None
    page = int_arg("page", 1, 1, MAX_PAGE)
    per_page = int_arg("per_page", 20, 1, 100)
    since, until = date_arg("published_since"), date_arg("published_until")
    query = queries.public_tenders(
        clock.now(),
        status=status if status in {"open", "closed", "opened", "failed", "cancelled"} else None,
    )
    if status in {"evaluated", "publicised", "awarded"}:
        query = query.where(Tender.status == TenderStatus(status))
    if since:
        query = query.where(Tender.published_at >= datetime.combine(since, time(), LOCAL_ZONE))
    if until:
        query = query.where(
            Tender.published_at < datetime.combine(until + timedelta(days=1), time(), LOCAL_ZONE)
        )
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    return jsonify(
        items=[serialise.tender_summary(t) for t in result.items],
        page=page,
        per_page=per_page,
        total=result.total,
    )


def load(reference: str) -> Tender:
    """A public tender, or 404 (answered in JSON by `http_error`) for a draft or no tender."""
    found: Tender = db.first_or_404(queries.by_reference(reference))
    if not found.is_public:
        abort(404)
    return found


@bp.get("/tenders/<reference>")
@cached
def tender(reference: str) -> Any:
    return jsonify(serialise.tender_detail(load(reference)))


@bp.get("/tenders/<reference>/ranking")
@cached
def ranking(reference: str) -> Any:
    data = serialise.ranking(load(reference))
    if data is None:
        abort(404)
    return jsonify(data)


@bp.get("/tenders/<reference>/ocds")
@cached
def ocds(reference: str) -> Any:
    from procurement.api.ocds import release_package

    found = load(reference)
    return jsonify(release_package(found, url_for("api.ocds", reference=reference, _external=True)))


@bp.get("/openapi.json")
def openapi_document() -> Any:
    return jsonify(openapi.document())


# --- maintenance-company evaluation -------------------------------------------------------------------


@bp.get("/maintenance/periods")
@cached
def maintenance_periods() -> Any:
    return jsonify(
        items=[serialise.maintenance_period(p, pub) for p, pub in mq.published_periods()]
    )


@bp.get("/maintenance/periods/<code>")
@cached("grade", "district", "page", "per_page")
def maintenance_period(code: str) -> Any:
    found = mq.publication_of(code)
    if found is None:
        abort(404)
    period, publication = found
    grade, district = request.args.get("grade"), request.args.get("district")
    page = int_arg("page", 1, 1, MAX_PAGE)
    per_page = int_arg("per_page", 20, 1, 100)
    rows = mq.select(
        mq.lines(publication),
        publication.template,
        mq.Selection(grade=grade or "", district=district or ""),
    )
    indicators = [
        {k: i.get(k) for k in ("id", "name", "group", "unit", "better", "max_points")}
        for i in publication.template["indicators"]
    ]
    return jsonify(
        period=serialise.maintenance_period(period, publication),
        indicators=indicators,
        items=[
            serialise.maintenance_line(r) for r in rows[(page - 1) * per_page : page * per_page]
        ],
        page=page,
        per_page=per_page,
        total=len(rows),
    )


@bp.get("/maintenance/periods/<code>/companies/<uscc>")
@cached
def maintenance_company(code: str, uscc: str) -> Any:
    found = mq.publication_of(code)
    if found is None:
        abort(404)
    period, publication = found
    rows = mq.lines(publication)
    line = mq.company_line(rows, uscc)
    if line is None:
        abort(404)
    return jsonify(
        period=serialise.maintenance_period(period, publication),
        company=serialise.maintenance_line(line),
        district_ranks=[
            {"district": d, "rank": rank, "of": count}
            for d, rank, count in mq.district_ranks(rows, line)
        ],
        history=[
            {"period": p.code, "total": r.total, "grade": r.grade, "rank": r.rank}
            for p, r in mq.history(line.company_id)
        ],
    )
