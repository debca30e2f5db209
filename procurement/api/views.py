"""/api/v1: public, read-only JSON of published material."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from procurement import clock
from procurement.api import openapi, serialise
from procurement.clock import LOCAL_ZONE
from procurement.extensions import db
from procurement.maintenance import queries as mq
from procurement.pagecache import cached
from procurement.tenders import queries
from procurement.tenders.models import Tender, TenderStatus

bp = Blueprint("api", __name__, url_prefix="/api/v1")

EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(9998, 12, 31)
STATUSES = {"open", "closed", "opened", "evaluated", "publicised", "awarded", "failed", "cancelled"}


class BadParameter(Exception):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter) -> Any:
    return jsonify(error=str(error)), 400


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Any:
    return jsonify(error=error.name), error.code


def _date(name: str) -> date | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise BadParameter(name, "must be a date, YYYY-MM-DD") from error
    # Beijing midnight of 0001-01-01 is before the first UTC datetime: keep to dates that convert.
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise BadParameter(name, f"must be a date from {EARLIEST_DATE} to {LATEST_DATE}")
    return day


def _integer(name: str, default: int, maximum: int) -> int:
    value = request.args.get(name)
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= maximum:
        raise BadParameter(name, f"must be a whole number from 1 to {maximum}")
    return int(value)


@bp.get("/tenders")
@cached
def tenders() -> Any:
    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        raise BadParameter("status", "must be one of " + ", ".join(sorted(STATUSES)))
    page = _integer("page", 1, 100000)
    per_page = _integer("per_page", 20, 100)
    since, until = _date("published_since"), _date("published_until")
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
@cached
def maintenance_period(code: str) -> Any:
    found = mq.publication_of(code)
    if found is None:
        abort(404)
    period, publication = found
    grade, district = request.args.get("grade"), request.args.get("district")
    page = _integer("page", 1, 100000)
    per_page = _integer("per_page", 20, 100)
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
