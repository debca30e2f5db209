"""A competitive consultation ready for its round: opened, both reviews passed, a committee seated."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from procurement import clock
from procurement.accounts.models import Role, User
from procurement.consultation import offers, operations, sealed
from procurement.consultation.models import context
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.extensions import db
from procurement.keyholders.queries import tender_key_of
from procurement.tenders.models import TenderMethod
from tests.factories import holder_passphrases, make_opened_tender, make_user
from tests.procurement.evaluation.test_evaluation_operations import pass_all


def consultation_tender(
    prices: tuple[str, ...] = ("2400.00", "2600.00", "2200.00"), fail_first: bool = False
):
    """Opened, reviewed (the first bid fails qualification if `fail_first`), a committee seated."""
    tender = make_opened_tender(prices=prices, method=TenderMethod.COMPETITIVE_CONSULTATION)
    first = min(tender.bids, key=lambda bid: bid.id)
    fail = {first.id: "营业执照已过期"} if fail_first else None
    users = [make_user(Role.MEMBER) for _ in range(3)]
    seats = evaluation.assign_committee(tender, users, users[0])
    for seat in seats:
        evaluation.declare(seat, False, "")
    pass_all(tender, tender.created_by, fail=fail)
    db.session.commit()
    return tender


def chair_of(tender) -> User:
    return next(seat.user for seat in queries.members(tender) if seat.is_chair)


def insurer_user(bid) -> User:
    return bid.insurer.users[0]


def offer_content(price: str, annual_limit: float = 50, deductible: float = 0) -> dict[str, Any]:
    return {
        "price": price,
        "fields": {"annual_limit": annual_limit, "deductible": deductible},
        "rate_table": {"0-5": "1700.00", "6-10": "2100.00", "11-15": "2500.00", "16+": "2800.00"},
    }


def seal(tender, bid, content: dict[str, Any]) -> bytes:
    key = tender_key_of(tender).public_key
    return sealed.seal_offer(key, context(tender.id, bid.insurer_id), content)


def consult_all(tender) -> None:
    """One minute per qualified supplier."""
    chair = chair_of(tender)
    state = queries.EvaluationState(tender)
    from procurement.consultation import queries as cq

    for bid in cq.still_in(state, cq.offers_of(tender)):
        operations.record_minute(tender, bid, f"与{bid.insurer.name}磋商：服务方案细化。", chair)


def invite(tender, hours: int = 24, **kwargs: Any):
    deadline = clock.now() + timedelta(hours=hours)
    return operations.invite_offers(
        tender, deadline, kwargs.get("exception"), kwargs.get("note", ""), chair_of(tender)
    )


def submit(tender, bid, price: str, **fields: Any):
    return offers.submit_offer(
        tender, bid, insurer_user(bid), seal(tender, bid, offer_content(price, **fields))
    )


def open_offers(tender):
    return offers.open_offers(tender, tender.created_by, holder_passphrases(tender))
