"""OCDS 1.1 releases of published tenders (tender, parties, items, bids extension, awards).

A tender's releases are its history, one per public event, each dated by that event and built only
from what was fixed when it happened, so that a release never changes once it exists:

- `tender`: the announcement as published (amended fields taken back to their earlier values);
- `tenderAmendment`: each amendment (更正公告);
- `tenderUpdate`: the opening, when the prices become public (bids `pending`, not yet evaluated);
- `award`: the candidates' notice (公示; the award `pending`, bids `valid` or `disqualified`), and
  `awardUpdate` for each later notice after an upheld objection had the evaluation redone (each
  notice is its own release, built from that notice as publicised, `publication.NoticeEdition`);
- `awardUpdate`: the award once the notice ran without a sustained objection (公示无异议);
- `tenderUpdate` or `tenderCancellation`: the tender failed (流标) or was cancelled.

Prices are per elevator per year (元/台·年): the unit value of `items` (台·年) with the number of
elevators as quantity; an amount (`value`) is always the yearly total, price × elevators. In a
competitive consultation (竞争性磋商) a bid's value is its first price at the opening and, from the
candidates' notice on, its final offer (最后报价) where it made one: the price that was scored.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import current_app

from procurement import clock
from procurement.api.serialise import iso
from procurement.tenders.models import Tender, TenderMethod, TenderStatus

OCID_PREFIX = (
    "ocds-tibao0"  # replace with the prefix registered with the Open Contracting Partnership
)
CURRENCY = "CNY"
UNIT = "台·年"  # one elevator insured for one year
BIDS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/"
    "v1.1.5/extension.json"
)
USCI_SCHEME = "CN-USCI"  # 统一社会信用代码 in org-id.guide
METHOD_DETAILS = {"open_tender": "公开招标", "competitive_consultation": "竞争性磋商"}


@dataclass(frozen=True)
class Event:
    """One public event of a tender and the release it gives."""

    key: str
    date: datetime
    tags: tuple[str, ...]
    stage: str  # announced, opened, publicised, awarded, failed, cancelled
    amendments: int  # how many amendments were published by then
    result: dict[str, Any] | None = None  # the notice as publicised then (publicised, awarded)


def _money(amount: Any) -> dict[str, Any]:
    return {"amount": float(amount), "currency": CURRENCY}


def _yearly(unit_price: Any, tender: Tender) -> dict[str, Any]:
    return _money(Decimal(str(unit_price)) * tender.elevator_count)


def buyer_of(tender: Tender) -> dict[str, Any]:
    """The procuring entity, with an id that stays the same for all its tenders."""
    import hashlib

    office = tender.organisation
    if office is not None and office.uscc:
        return {"id": f"{USCI_SCHEME}-{office.uscc}", "name": tender.procuring_entity}
    digest = hashlib.sha256(tender.procuring_entity.encode("utf-8")).hexdigest()[:12]
    return {"id": f"buyer-{digest}", "name": tender.procuring_entity}


def _buyer_party(tender: Tender) -> dict[str, Any]:
    """The buyer in `parties`, with its 统一社会信用代码 when its office has one."""
    party: dict[str, Any] = {**buyer_of(tender), "roles": ["buyer", "procuringEntity"]}
    office = tender.organisation
    if office is not None and office.uscc:
        party["identifier"] = {"scheme": USCI_SCHEME, "id": office.uscc, "legalName": office.name}
    return party


def _organisation(insurer: Any) -> dict[str, Any]:
    return {"id": f"{USCI_SCHEME}-{insurer.uscc}", "name": insurer.name}


def _states(tender: Tender) -> list[dict[str, Any]]:
    """The tender's amendable fields after 0, 1, … n amendments (JSON forms, as changes store them)."""
    current = {
        "title": tender.title,
        "description": tender.description,
        "elevator_count": tender.elevator_count,
        "ceiling_price": str(tender.ceiling_price),
        "submission_deadline": tender.submission_deadline.isoformat(),
        "criteria": tender.criteria,
        "method": tender.method.value,
        "procuring_entity": tender.procuring_entity,
    }
    states = [current]
    for amendment in reversed(tender.amendments):
        earlier = copy.deepcopy(states[0])
        for change in amendment.changes:
            if change["field"] in earlier:
                earlier[change["field"]] = change["before"]
        states.insert(0, earlier)
    return states


def events(tender: Tender) -> list[Event]:
    """The public events of a tender, oldest first."""
    from procurement.audit.queries import last_event_at
    from procurement.publication.queries import editions_of, notice_of

    published = tender.published_at or tender.created_at  # only public tenders have releases
    found = [Event("tender", published, ("tender",), "announced", 0)]
    for amendment in tender.amendments:
        found.append(
            Event(f"amendment-{amendment.number}", amendment.created_at,
                  ("tenderAmendment",), "announced", amendment.number)
        )  # fmt: skip
    count = len(tender.amendments)
    if tender.opened_at is not None:
        found.append(Event("opened", tender.opened_at, ("tenderUpdate",), "opened", count))
    notice = notice_of(tender)
    if notice is not None:
        # every notice as publicised (notices older than their editions: the one notice kept)
        editions = [(e.published_at, e.result) for e in editions_of(tender)]
        for number, (when, result) in enumerate(editions or [(notice.published_at, notice.result)]):
            key, tags = (
                ("publicised", ("award",))
                if number == 0
                else (f"publicised-{number + 1}", ("awardUpdate",))
            )
            found.append(Event(key, when, tags, "publicised", count, result))
        if notice.awarded_at is not None:
            found.append(Event("awarded", notice.awarded_at, ("awardUpdate",), "awarded", count,
                               notice.result))  # fmt: skip
    if tender.status is TenderStatus.FAILED:
        when = last_event_at(tender, ("tender.open", "publication.answer")) or found[-1].date
        found.append(Event("failed", when, ("tenderUpdate",), "failed", count))
    if tender.status is TenderStatus.CANCELLED:
        when = last_event_at(tender, ("tender.cancel",)) or found[-1].date
        found.append(Event("cancelled", when, ("tenderCancellation",), "cancelled", count))
    return found


TENDER_STATUS = {
    "announced": "active",
    "opened": "active",
    "publicised": "active",
    "awarded": "complete",
    "failed": "unsuccessful",
    "cancelled": "cancelled",
}


def _tender_section(tender: Tender, event: Event, state: dict[str, Any]) -> dict[str, Any]:
    buyer = buyer_of(tender)
    body: dict[str, Any] = {
        "id": tender.reference,
        "title": state["title"],
        "status": TENDER_STATUS[event.stage],
        "procuringEntity": buyer,
        "items": [
            {
                "id": "1",
                "description": "电梯保险服务（每台电梯每年）",
                "quantity": state["elevator_count"],
                # The ceiling price (最高限价) is the highest unit value a bid may ask.
                "unit": {"name": UNIT, "value": _money(state["ceiling_price"])},
            }
        ],
        "maxValue": _money(Decimal(state["ceiling_price"]) * state["elevator_count"]),
        "procurementMethod": "open"
        if state["method"] == TenderMethod.OPEN_TENDER.value
        else "selective",
        "procurementMethodDetails": METHOD_DETAILS[state["method"]],
        "mainProcurementCategory": "services",
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "综合评分法："
        + "；".join(f"{c['name']} {c['max_points']:g}分" for c in state["criteria"]),
        "tenderPeriod": {
            "startDate": iso(tender.published_at),
            "endDate": state["submission_deadline"],
        },
    }
    if state["description"]:
        body["description"] = state["description"]
    amendments = tender.amendments[: event.amendments]
    if amendments:
        body["amendments"] = [
            {"id": str(a.number), "date": iso(a.created_at), "rationale": a.reason}
            for a in amendments
        ]
    return body


def _release(tender: Tender, event: Event, state: dict[str, Any]) -> dict[str, Any]:
    from procurement.opening.queries import submitted_bids
    from procurement.publication.queries import admitted_in

    buyer = buyer_of(tender)
    parties: list[dict[str, Any]] = [_buyer_party(tender)]
    document: dict[str, Any] = {
        "ocid": f"{OCID_PREFIX}-{tender.reference}",
        "id": f"{tender.reference}-{event.key}",
        "date": iso(event.date),
        "language": "zh",
        "tag": list(event.tags),
        "initiationType": "tender",
        "buyer": buyer,
        "parties": parties,
        "tender": _tender_section(tender, event, state),
    }
    if event.stage == "announced" or tender.opened_at is None:
        return document
    opened = submitted_bids(tender)
    result = event.result
    ranked = {entry["bid"]: entry for entry in result["ranking"]} if result is not None else {}
    for bid in opened:
        parties.append({**_organisation(bid.insurer), "roles": ["tenderer"],
                        "identifier": {"scheme": USCI_SCHEME, "id": bid.insurer.uscc,
                                       "legalName": bid.insurer.name}})  # fmt: skip
    document["tender"]["numberOfTenderers"] = len(opened)
    if opened:
        document["tender"]["tenderers"] = [_organisation(b.insurer) for b in opened]
        details = []
        # A consultation's final offers (最后报价) stand for the bids once a result is public.
        final = _final_prices(tender) if result is not None else {}
        for bid in opened:
            status = "pending"
            if result is not None:
                status = "valid" if f"B{bid.id}" in ranked else "disqualified"
            detail: dict[str, Any] = {
                "id": f"{tender.reference}-B{bid.id}",
                "date": iso(bid.submitted_at),
                "status": status,
                "tenderers": [_organisation(bid.insurer)],
            }
            price = final.get(bid.id, bid.opened_price)
            if price is not None:
                detail["value"] = _yearly(price, tender)
            details.append(detail)
        document["bids"] = {"details": details}
    if result is not None:
        # one award per admitted supplier (入围, issue 14 §3); the first-ranked alone otherwise
        keys = admitted_in(tender, result) if tender.admit_count or tender.admit_min_score else []
        winners = [ranked[key] for key in keys] or [result["ranking"][0]]
        document["awards"] = []
        for number, winner in enumerate(winners, start=1):
            bid = next(b for b in opened if f"B{b.id}" == winner["bid"])
            supplier = _organisation(bid.insurer)
            for party in parties:
                if party["id"] == supplier["id"] and "supplier" not in party["roles"]:
                    party["roles"].append("supplier")
            award_id = f"{tender.reference}-award" + (f"-{number}" if len(winners) > 1 else "")
            document["awards"].append(
                {"id": award_id, "title": state["title"],
                 "status": "active" if event.stage == "awarded" else "pending",
                 "date": iso(event.date),
                 "suppliers": [supplier],
                 "relatedBid": f"{tender.reference}-B{bid.id}",
                 "value": _yearly(winner["price"], tender),
                 "items": [{"id": "1", "description": "电梯保险服务（每台电梯每年）",
                            "quantity": tender.elevator_count,
                            "unit": {"name": UNIT, "value": _money(winner["price"])}}]}
            )  # fmt: skip
    return document


def _final_prices(tender: Tender) -> dict[int, Any]:
    """Bid id -> its opened final offer, for a competitive consultation whose offers are opened."""
    from procurement.consultation import queries

    consultation = queries.consultation_of(tender) if queries.is_consultation(tender) else None
    if consultation is None or consultation.opened_at is None:
        return {}
    offers = queries.offers_of(tender).values()
    return {o.bid_id: o.opened_price for o in offers if o.opened_price is not None}


def releases(tender: Tender) -> list[dict[str, Any]]:
    """Every release of a public tender, oldest first, with unique ids."""
    states = _states(tender)
    return [_release(tender, event, states[event.amendments]) for event in events(tender)]


def release(tender: Tender) -> dict[str, Any]:
    """The latest release."""
    return releases(tender)[-1]


def release_package(tender: Tender, uri: str) -> dict[str, Any]:
    """The whole history of a tender as one release package (for `ocdskit compile`)."""
    found = releases(tender)
    config = current_app.config
    return {
        "uri": uri,
        "version": "1.1",
        "extensions": [BIDS_EXTENSION],
        "publishedDate": found[-1]["date"] if found else iso(clock.now()),
        "publisher": {"name": config["OCDS_PUBLISHER"]},
        "license": config["OCDS_LICENSE"],
        # By default the API description beside the package, which states the policy.
        "publicationPolicy": config["OCDS_PUBLICATION_POLICY"]
        or uri.split("/api/v1/")[0] + "/api/v1/openapi.json",
        "releases": found,
    }
