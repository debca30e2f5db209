"""The record of the final offers' opening (最后报价开启记录), read where the bids' opening record is.

Nothing of it exists before the key holders open the final offers: until then no price, no list of
who offered, only what each supplier holds as its own receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from procurement.accounts.models import User
from procurement.bids.models import Bid
from procurement.consultation import queries
from procurement.consultation.models import Consultation, FinalOffer
from procurement.evaluation.queries.state import EvaluationState
from procurement.extensions import db
from procurement.tenders.models import Tender


@dataclass(frozen=True)
class OfferLine:
    """One consulted supplier: its opened final offer, or that it left or offered nothing."""

    bid: Bid
    offer: FinalOffer | None

    @property
    def left(self) -> bool:
        return self.offer is not None and self.offer.left_at is not None

    @property
    def offered(self) -> bool:
        return self.offer is not None and self.offer.receipt_hash is not None and not self.left

    @property
    def price(self) -> Decimal | None:
        return self.offer.opened_price if self.offered and self.offer is not None else None


@dataclass(frozen=True)
class FinalOfferRecord:
    opened_at: datetime
    opened_by: User | None
    holders: list[User]
    lines: list[OfferLine]


def final_offer_record(tender: Tender) -> FinalOfferRecord | None:
    """The opening record of the final offers, or None (not a consultation, or not opened yet)."""
    if not queries.is_consultation(tender):
        return None
    consultation = queries.consultation_of(tender)
    if consultation is None or consultation.opened_at is None:
        return None
    offers = queries.offers_of(tender)
    consulted = {bid.id: bid for bid in queries.qualified(EvaluationState(tender))}
    consulted.update({offer.bid_id: offer.bid for offer in offers.values()})
    lines = [OfferLine(bid, offers.get(bid_id)) for bid_id, bid in sorted(consulted.items())]
    return FinalOfferRecord(
        consultation.opened_at, _user(consultation.opened_by_id), _holders(consultation), lines
    )


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id is not None else None


def _holders(consultation: Consultation) -> list[User]:
    ids = consultation.opened_with or []
    if not ids:
        return []
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
    return [users[i] for i in ids if i in users]
