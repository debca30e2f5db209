"""Published material as JSON. Nothing sealed or unpublished is ever read here."""

from __future__ import annotations

from typing import Any

from procurement import clock
from procurement.tenders.models import Tender, TenderStatus

RANKING_STATES = {TenderStatus.PUBLICISED, TenderStatus.AWARDED}


def public_status(tender: Tender) -> str:
    if tender.status is TenderStatus.PUBLISHED:
        return "open" if tender.accepts_bids(clock.now()) else "closed"
    return tender.status.value


def iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def tender_summary(tender: Tender) -> dict[str, Any]:
    return {
        "reference": tender.reference,
        "title": tender.title,
        "procuring_entity": tender.procuring_entity,
        "method": tender.method.value,
        "route": tender.route.value,
        "districts": tender.districts,
        "elevator_count": tender.elevator_count,
        "ceiling_price": str(tender.ceiling_price),
        "status": public_status(tender),
        "published_at": iso(tender.published_at),
        "submission_deadline": iso(tender.submission_deadline),
        "opening_time": iso(tender.opening_time),
    }


def tender_detail(tender: Tender) -> dict[str, Any]:
    from procurement.opening.queries import submitted_bids

    detail = tender_summary(tender)
    detail.update(
        {
            "description": tender.description,
            "min_bids": tender.min_bids,
            "notice_days": tender.notice_days,
            "criteria": [
                {k: c[k] for k in ("id", "name", "group", "max_points", "rule") if k in c}
                | {"guidance": c.get("guidance", "")}
                for c in tender.criteria
            ],
            "requirements": tender.requirements,
            "amendments": [
                {
                    "number": a.number,
                    "published_at": iso(a.created_at),
                    "reason": a.reason,
                    "deadline_moved": a.deadline_moved,
                }
                for a in tender.amendments
            ],  # fmt: skip
            "failure_reason": tender.failure_reason,
            "opening": None,
        }
    )
    if tender.opened_at is not None:  # the opening record is public once the tender is opened
        detail["opening"] = {
            "opened_at": iso(tender.opened_at),
            "bids": [
                {
                    "bidder": bid.insurer.name,
                    "price": str(bid.opened_price) if bid.opened_price else None,
                    "received_at": iso(bid.submitted_at),
                    "receipt_hash": bid.receipt_hash,
                    "receipt_verified": bid.hash_verified,
                }
                for bid in submitted_bids(tender)
            ],  # fmt: skip
            # 下浮系数 K drawn at opening, with what checks it (procurement/opening/draw.py)
            "k_draw": tender.k_draw,
        }
    return detail


def ranking(tender: Tender) -> dict[str, Any] | None:
    """The publicised ranking, or None before the candidates' notice."""
    if tender.status not in RANKING_STATES:
        return None
    from procurement.publication.queries import group_totals, notice_of, objections_of

    notice = notice_of(tender)
    if notice is None:
        return None
    # The result as publicised, kept on the notice (never the live scores of a reopened evaluation).
    published = notice.result
    names = published["names"]
    entries = [
        {"rank": entry["rank"], "bidder": names[entry["bid"]], "price": entry["price"],
         "total": entry["total"], "points": entry["points"],
         "groups": group_totals(entry, tender.criteria), "tie": entry["tie"]}
        for entry in published["ranking"]
    ]  # fmt: skip
    excluded = [
        {"bidder": names.get(e["bid"], e["bid"]), "reason": e["reason"]}
        for e in published["excluded"]
    ]
    return {
        "reference": tender.reference,
        "status": tender.status.value,
        "notice": {
            "published_at": iso(notice.published_at),
            "ends_at": iso(notice.notice_ends_at),
            "objections_close_at": iso(notice.objections_close_at),
            "awarded_at": iso(notice.awarded_at),
        },
        "committee": [member["name"] for member in published["committee"]],
        "ranking": entries,
        "excluded": excluded,
        "objections": [
            {
                "number": o.number,
                "filed_at": iso(o.filed_at),
                "grounds": o.grounds,
                "status": o.status.value,
                "answer": o.answer,
                "answered_at": iso(o.answered_at),
            }
            for o in objections_of(tender)
        ],  # fmt: skip
    }


def maintenance_period(period: Any, publication: Any) -> dict[str, Any]:
    return {
        "code": period.code,
        "name": period.name,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
        "publication": publication.number,
        "published_at": publication.published_at.isoformat(),
        "correction_reason": publication.reason,
        "grades": publication.grade_counts,
    }


def maintenance_line(line: Any) -> dict[str, Any]:
    return {
        "uscc": line.uscc,
        "name": line.name,
        "districts": line.districts,
        "elevators": line.elevators,
        "rank": line.rank,
        "total": line.total,
        "grade": line.grade,
        "vetoes": line.vetoes,
        "values": line.values,
        "points": line.points,
        "no_data": line.missing,
    }
