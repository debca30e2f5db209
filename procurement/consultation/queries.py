"""Reads of a tender's consultation: who is still in, the minutes, the changes, the final offers."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.bids.models import Bid
from procurement.consultation.models import (
    ChangeResponse,
    Consultation,
    ConsultationChange,
    ConsultationMinute,
    FinalOffer,
)
from procurement.evaluation.models import ReviewKind
from procurement.evaluation.queries.state import EvaluationState
from procurement.extensions import db
from procurement.rulesets.queries import rules_of
from procurement.tenders.models import Tender, TenderMethod


def is_consultation(tender: Tender) -> bool:
    return tender.method is TenderMethod.COMPETITIVE_CONSULTATION


def consultation_of(tender: Tender) -> Consultation | None:
    return db.session.scalar(sa.select(Consultation).where(Consultation.tender_id == tender.id))


def offers_of(tender: Tender) -> dict[int, FinalOffer]:
    """Bid id -> its final-offer row (an offer, or the record of the supplier leaving)."""
    rows = db.session.scalars(sa.select(FinalOffer).where(FinalOffer.tender_id == tender.id))
    return {row.bid_id: row for row in rows}


def qualified(state: EvaluationState) -> list[Bid]:
    """The opened bids that passed both reviews: the suppliers the committee consults."""
    return [
        bid
        for bid in state.bids
        if not state.failures(bid, ReviewKind.QUALIFICATION)
        and not state.failures(bid, ReviewKind.COMPLIANCE)
    ]


def still_in(state: EvaluationState, offers: dict[int, FinalOffer]) -> list[Bid]:
    """The qualified suppliers that have not left the consultation."""
    return [
        bid for bid in qualified(state) if bid.id not in offers or offers[bid.id].left_at is None
    ]


def minutes_of(tender: Tender, bid: Bid | None = None) -> list[ConsultationMinute]:
    """The minutes of every supplier, or of one supplier only (what that supplier may read)."""
    query = sa.select(ConsultationMinute).where(ConsultationMinute.tender_id == tender.id)
    if bid is not None:
        query = query.where(ConsultationMinute.bid_id == bid.id)
    return list(db.session.scalars(query.order_by(ConsultationMinute.id)))


def changes_of(tender: Tender, bid: Bid | None = None) -> list[ConsultationChange]:
    """Every change, or those sent to one supplier (while it was still in)."""
    rows = db.session.scalars(
        sa.select(ConsultationChange)
        .where(ConsultationChange.tender_id == tender.id)
        .order_by(ConsultationChange.number)
    )
    return [row for row in rows if bid is None or bid.id in row.sent_to]


def responses_of(tender: Tender, bid: Bid | None = None) -> dict[int, list[ChangeResponse]]:
    """Change id -> the written responses to it: every supplier's (for the committee and the
    officer), or one supplier's only (what that supplier may read)."""
    query = sa.select(ChangeResponse).where(ChangeResponse.tender_id == tender.id)
    if bid is not None:
        query = query.where(ChangeResponse.bid_id == bid.id)
    responses: dict[int, list[ChangeResponse]] = {}
    for row in db.session.scalars(query.order_by(ChangeResponse.bid_id)):
        responses.setdefault(row.change_id, []).append(row)
    return responses


def response_of(change: ConsultationChange, bid: Bid) -> ChangeResponse | None:
    return db.session.scalar(
        sa.select(ChangeResponse).where(
            ChangeResponse.change_id == change.id, ChangeResponse.bid_id == bid.id
        )
    )


def change_numbered(tender: Tender, number: int) -> ConsultationChange | None:
    return db.session.scalar(
        sa.select(ConsultationChange).where(
            ConsultationChange.tender_id == tender.id, ConsultationChange.number == number
        )
    )


def minimum(tender: Tender) -> tuple[int, str]:
    """The rule set's least number of suppliers, and its citation."""
    rule = rules_of(tender)["consultation_suppliers"]
    return (rule.value if rule.value is not None else 3), rule.citation


def bid_of_insurer(tender: Tender, insurer_id: int | None) -> Bid | None:
    if insurer_id is None:
        return None
    return db.session.scalar(
        sa.select(Bid).where(Bid.tender_id == tender.id, Bid.insurer_id == insurer_id)
    )
