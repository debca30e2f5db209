"""OCDS 1.1 release packages of published tenders (tender, parties, bids extension, awards).

Only what is public goes in: the announcement; after the opening, the bids' prices; after the
candidates' notice, the award (pending during the notice, active once awarded).
"""

from __future__ import annotations

from typing import Any

from procurement import clock
from procurement.api.serialise import iso
from procurement.tenders.models import Tender, TenderMethod, TenderStatus

OCID_PREFIX = (
    "ocds-tibao0"  # replace with the prefix registered with the Open Contracting Partnership
)
CURRENCY = "CNY"

TENDER_STATUS = {
    TenderStatus.PUBLISHED: "active",
    TenderStatus.OPENED: "active",
    TenderStatus.EVALUATED: "active",
    TenderStatus.PUBLICISED: "active",
    TenderStatus.AWARDED: "complete",
    TenderStatus.FAILED: "unsuccessful",
    TenderStatus.CANCELLED: "cancelled",
}


def _money(amount: Any) -> dict[str, Any]:
    return {"amount": float(amount), "currency": CURRENCY}


def release(tender: Tender) -> dict[str, Any]:
    from procurement.evaluation import queries as ev
    from procurement.opening.queries import submitted_bids
    from procurement.publication.queries import admitted_of, notice_of

    buyer = {"id": f"buyer-{tender.id}", "name": tender.procuring_entity}
    parties: list[dict[str, Any]] = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
    tags = ["tender"] if not tender.amendments else ["tender", "tenderAmendment"]
    body: dict[str, Any] = {
        "id": tender.reference,
        "title": tender.title,
        "description": tender.description,
        "status": TENDER_STATUS[tender.status],
        "procuringEntity": buyer,
        "maxValue": _money(tender.ceiling_price),
        "procurementMethod": "open" if tender.method is TenderMethod.OPEN_TENDER else "selective",
        "procurementMethodDetails": {
            "open_tender": "公开招标",
            "competitive_consultation": "竞争性磋商",
        }[tender.method.value],
        "mainProcurementCategory": "services",
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "综合评分法："
        + "；".join(f"{c['name']} {c['max_points']:g}分" for c in tender.criteria),
        "tenderPeriod": {
            "startDate": iso(tender.published_at),
            "endDate": iso(tender.submission_deadline),
        },
        "amendments": [
            {"id": str(a.number), "date": iso(a.created_at), "rationale": a.reason}
            for a in tender.amendments
        ],
    }
    document: dict[str, Any] = {
        "ocid": f"{OCID_PREFIX}-{tender.reference}",
        "id": f"{tender.reference}-{tender.status.value}",
        "date": iso(clock.now()),
        "language": "zh",
        "tag": tags,
        "initiationType": "tender",
        "buyer": buyer,
        "parties": parties,
        "tender": body,
    }
    if tender.opened_at is not None:
        opened = submitted_bids(tender)
        excluded = ev.exclusions(tender)
        for bid in opened:
            parties.append({"id": bid.insurer.uscc, "name": bid.insurer.name, "roles": ["tenderer"],
                            "identifier": {"scheme": "CN-USCC", "id": bid.insurer.uscc}})  # fmt: skip
        body["numberOfTenderers"] = len(opened)
        body["tenderers"] = [{"id": b.insurer.uscc, "name": b.insurer.name} for b in opened]
        document["bids"] = {
            "details": [
                {"id": f"{tender.reference}-B{bid.id}", "date": iso(bid.submitted_at),
                 "status": "disqualified" if bid.id in excluded else "valid",
                 "tenderers": [{"id": bid.insurer.uscc, "name": bid.insurer.name}],
                 "value": _money(bid.opened_price) if bid.opened_price is not None else None}
                for bid in opened
            ]
        }  # fmt: skip
        for detail in document["bids"]["details"]:
            if detail["value"] is None:
                del detail["value"]
    notice = notice_of(tender)
    if notice is not None and tender.status in {TenderStatus.PUBLICISED, TenderStatus.AWARDED}:
        # one award per admitted supplier (入围, issue 14 §3); the first-ranked alone otherwise
        keys = admitted_of(notice) if tender.admit_count or tender.admit_min_score else []
        ranked = {entry["bid"]: entry for entry in notice.result["ranking"]}
        winners = [ranked[key] for key in keys] or [notice.result["ranking"][0]]
        document["awards"] = []
        for number, winner in enumerate(winners, start=1):
            bid = next(b for b in tender.bids if f"B{b.id}" == winner["bid"])
            for party in parties:
                if party["id"] == bid.insurer.uscc and "supplier" not in party["roles"]:
                    party["roles"].append("supplier")
            award_id = f"{tender.reference}-award" + (f"-{number}" if len(winners) > 1 else "")
            document["awards"].append(
                {"id": award_id, "title": tender.title,
                 "status": "active" if tender.status is TenderStatus.AWARDED else "pending",
                 "date": iso(notice.awarded_at or notice.published_at),
                 "suppliers": [{"id": bid.insurer.uscc, "name": bid.insurer.name}],
                 "value": _money(winner["price"])}
            )  # fmt: skip
        document["tag"] = tags + ["award"]
    return document


def release_package(tender: Tender, uri: str) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": iso(clock.now()),
        "publisher": {"name": "tibao 梯保"},
        "releases": [release(tender)],
    }
