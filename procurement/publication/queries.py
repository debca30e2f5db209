"""Reads of the publication: the notice and what it shows, objections, what blocks the award,
notifications. Never imports the operations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from procurement import clock
from procurement.accounts.models import User
from procurement.bids.models import Bid, BidStatus
from procurement.evaluation.models import CommitteeMember
from procurement.extensions import db
from procurement.publication.models import (
    Notice,
    NoticeEdition,
    Notification,
    Objection,
    ObjectionStatus,
    TieSettlement,
)
from procurement.tenders.models import Tender, TenderStatus

# The criterion groups in the order the notice shows them.
GROUP_ORDER = ("qualification", "service", "terms", "rate", "platform", "price")


def notice_of(tender: Tender) -> Notice | None:
    return db.session.scalar(sa.select(Notice).where(Notice.tender_id == tender.id))


def editions_of(tender: Tender) -> list[NoticeEdition]:
    """Every notice of the tender's candidates as it was publicised, the first first."""
    return list(
        db.session.scalars(
            sa.select(NoticeEdition)
            .where(NoticeEdition.tender_id == tender.id)
            .order_by(NoticeEdition.number)
        )
    )


def objections_of(tender: Tender) -> list[Objection]:
    return list(
        db.session.scalars(
            sa.select(Objection).where(Objection.tender_id == tender.id).order_by(Objection.number)
        )
    )


def objection_numbered(tender: Tender, number: int) -> Objection | None:
    return db.session.scalar(
        sa.select(Objection).where(Objection.tender_id == tender.id, Objection.number == number)
    )


def award_blockers(tender: Tender) -> list[str]:
    """The codes of what stops the award now (PublicationError's messages say them in words)."""
    notice = notice_of(tender)
    if tender.status is not TenderStatus.PUBLICISED or notice is None:
        return ["not_publicised"]
    blockers = []
    if clock.now() < notice.objections_close_at:
        blockers.append("window_open")
    if any(o.status is ObjectionStatus.OPEN for o in objections_of(tender)):
        blockers.append("open_objections")
    if first_place_tie(notice) and tie_settlement_of(notice) is None:
        blockers.append("tied_first")
    return blockers


def first_place_tie(notice: Notice) -> list[str]:
    """The bid keys sharing first place in the publicised ranking (empty when one bid leads)."""
    tied = [entry["bid"] for entry in notice.result["ranking"] if entry["rank"] == 1]
    return tied if len(tied) > 1 else []


def tie_settlement_of(notice: Notice) -> TieSettlement | None:
    """The settlement of the notice as published now (one made before a republication no longer
    counts)."""
    return db.session.scalar(
        sa.select(TieSettlement)
        .where(
            TieSettlement.tender_id == notice.tender_id,
            TieSettlement.notice_published_at == notice.published_at,
        )
        .order_by(TieSettlement.id.desc())
        .limit(1)
    )


def tied_bids(tender: Tender) -> list[str]:
    notice = notice_of(tender)
    return first_place_tie(notice) if notice is not None else []


def letter_bids(tender: Tender, user: User) -> tuple[Bid, list[Bid]] | None:
    """(the user's company's bid, the bids the award admits, best first: the winner alone unless
    the tender admits several) of an awarded tender, or None when the user's company did not bid
    (no letter to read)."""
    notice = notice_of(tender)
    if tender.status is not TenderStatus.AWARDED or notice is None or user.insurer_id is None:
        return None
    bids = {f"B{bid.id}": bid for bid in opening_record(tender)}
    mine = next((bid for bid in bids.values() if bid.insurer_id == user.insurer_id), None)
    if mine is None:
        return None
    admitted = [bids[key] for key in admitted_of(notice) if key in bids]
    return (mine, admitted) if admitted else None


def winner_of(notice: Notice) -> str:
    """The winning bid's key: first place, or the tied bid the settlement chose."""
    settlement = tie_settlement_of(notice) if first_place_tie(notice) else None
    return settlement.winner if settlement is not None else notice.result["ranking"][0]["bid"]


def admitted_of(notice: Notice) -> list[str]:
    """The bids the award admits, best first: the winner alone, or where the tender admits several
    insurers (入围) those ranked within `admit_count` and scoring at least `admit_min_score`."""
    tender = notice.tender
    if tender.admit_count is None and tender.admit_min_score is None:
        return [winner_of(notice)]
    return admitted_in(tender, notice.result)


def admitted_in(tender: Tender, result: dict[str, Any]) -> list[str]:
    """The bids a publicised `result` admits where the tender admits several insurers (入围)."""
    ranking = result["ranking"]
    if tender.admit_min_score is not None:
        ranking = [r for r in ranking if Decimal(str(r["total"])) >= tender.admit_min_score]
    if tender.admit_count is not None:
        ranking = [r for r in ranking if r["rank"] <= tender.admit_count]
    return [r["bid"] for r in ranking]


def latest_notifications(user: User, limit: int = 50) -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def opening_record(tender: Tender) -> list[Bid]:
    """The bids read at the opening, in the order they were received (the public opening record)."""
    return list(
        db.session.scalars(
            sa.select(Bid)
            .where(Bid.tender_id == tender.id, Bid.status == BidStatus.SUBMITTED)
            .options(selectinload(Bid.insurer))
            .order_by(Bid.submitted_at, Bid.id)
        )
    )


def committee_of(tender: Tender) -> list[CommitteeMember]:
    """The committee as it stands (removed members left out), in the order of appointment."""
    return list(
        db.session.scalars(
            sa.select(CommitteeMember)
            .where(CommitteeMember.tender_id == tender.id, CommitteeMember.removed.is_(False))
            .order_by(CommitteeMember.id)
        )
    )


def bidder_names(tender: Tender) -> dict[str, str]:
    """Bid key (as the scoring engine names bids) -> the bidder's name, for the submitted bids."""
    return {f"B{bid.id}": bid.insurer.name for bid in opening_record(tender)}


@dataclass
class NoticeView:
    """What the notice page, its PDF and its XLSX show: the result as publicised (never the live
    scores of a reopened evaluation), the opening record and the objections."""

    tender: Tender
    notice: Notice | None
    result: dict[str, Any]
    names: dict[str, str]
    # [{"name": ..., "chair": bool}]
    committee: list[dict[str, Any]]
    # [(bidder's name, reasons)]
    exclusions: list[tuple[str, str]]
    opening: list[Bid]
    objections: list[Objection]
    # An upheld objection reopened the evaluation: the result shown is not final (重新评审中).
    re_evaluating: bool = False
    group_keys: list[str] = field(default_factory=list)
    # bid key -> criterion group -> points
    groups: dict[str, dict[str, float]] = field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def group_totals(entry: dict[str, Any], criteria: list[dict[str, Any]]) -> dict[str, float]:
    """A ranked bid's points summed by criterion group."""
    group_of = {c["id"]: c["group"] for c in criteria}
    totals: dict[str, float] = {}
    for cid, points in entry["points"].items():
        group = group_of.get(cid, "")
        totals[group] = round(totals.get(group, 0) + points, 2)
    return totals


# Where a tender with a notice is back in evaluation after an upheld objection.
RE_EVALUATION_STATES = {TenderStatus.OPENED, TenderStatus.EVALUATED}


def notice_view(tender: Tender) -> NoticeView:
    notice = notice_of(tender)
    result = notice.result if notice is not None else {"ranking": [], "excluded": []}
    names: dict[str, str] = result.get("names", {})
    return NoticeView(
        tender=tender,
        notice=notice,
        result=result,
        names=names,
        committee=result.get("committee", []),
        exclusions=[(names.get(e["bid"], ""), e.get("reason") or "") for e in result["excluded"]],
        opening=opening_record(tender),
        objections=objections_of(tender),
        re_evaluating=notice is not None and tender.status in RE_EVALUATION_STATES,
        group_keys=[g for g in GROUP_ORDER if any(c["group"] == g for c in tender.criteria)],
        groups={e["bid"]: group_totals(e, tender.criteria) for e in result["ranking"]},
    )


def objection_of(tender: Tender, objection_id: int | None) -> Objection | None:
    if objection_id is None:
        return None
    return db.session.scalar(
        sa.select(Objection).where(Objection.tender_id == tender.id, Objection.id == objection_id)
    )


def next_clock_change(now: datetime) -> sa.Select[tuple[datetime | None, datetime | None]]:
    """The next end of a notice and of an objection period: the public pages change then by the
    clock alone (the page cache's expiry source, registered by the blueprint)."""

    def next_of(column: Any) -> Any:
        return sa.func.min(sa.case((column > now, column)))

    return sa.select(next_of(Notice.notice_ends_at), next_of(Notice.objections_close_at))


@dataclass(frozen=True)
class AdmittedProduct:
    """An admitted insurer's product on the public list (入围名单): its price, rates and filing."""

    tender: Tender
    insurer: str
    insurer_id: int
    price: Decimal | None
    rates: dict[str, str]
    approval: str  # "approved" (批准) or "filed" (备案); "" if the bid did not say
    clause_numbers: str
    rate_number: str


def admitted_list(district: str | None) -> tuple[list[AdmittedProduct], list[str]]:
    """The insurers and products admitted by awarded tenders covering `district` (every district
    when None), newest award first; and every district some awarded tender covers."""
    rows = db.session.execute(
        sa.select(Notice, Tender)
        .join(Tender, Notice.tender_id == Tender.id)
        .where(Tender.status == TenderStatus.AWARDED, Notice.awarded_at.is_not(None))
        .order_by(Notice.awarded_at.desc())
    ).all()
    districts = sorted({d for _notice, tender in rows for d in tender.districts})
    products: list[AdmittedProduct] = []
    for notice, tender in rows:
        if district is not None and district not in tender.districts:
            continue
        bids = {f"B{bid.id}": bid for bid in opening_record(tender)}
        for key in admitted_of(notice):
            bid = bids.get(key)
            if bid is None:
                continue
            fields = (bid.opened_content or {}).get("fields", {})
            products.append(AdmittedProduct(
                tender, bid.insurer.name, bid.insurer_id, bid.opened_price,
                (bid.opened_content or {}).get("rate_table", {}),
                fields.get("clause_approval", ""), fields.get("clause_filing_numbers", ""),
                fields.get("rate_filing_number", ""),
            ))  # fmt: skip
    return products, districts
