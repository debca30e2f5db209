"""What the evaluation scores for a supplier of a competitive consultation, once the final offers
are opened: its final offer's price and price-bearing fields over its opened bid, or its exclusion
(EvaluationState.exclusions and engine_spec ask here)."""

from __future__ import annotations

from typing import Any

from procurement.bids.models import Bid
from procurement.consultation.models import FinalOffer

# Official wording of the evaluation report (Chinese only).
LEFT = "已在提交最后报价前退出磋商（财库〔2014〕214号第二十二条）"
NO_OFFER = "未在规定时间内提交最后报价，视为退出磋商"


def exclusion(offer: FinalOffer | None) -> str | None:
    """Why a qualified supplier is not scored after the final offers were opened, or None."""
    if offer is None or (offer.left_at is None and offer.receipt_hash is None):
        return NO_OFFER
    if offer.left_at is not None:
        return LEFT
    if offer.opened_problem:
        return offer.opened_problem
    return None


def scored_content(bid: Bid, offer: FinalOffer | None) -> dict[str, Any]:
    """The bid as scored: the opened bid with its final offer laid over it (when there is one)."""
    content = dict(bid.opened_content or {})
    if offer is None or offer.opened_content is None:
        return content
    final = offer.opened_content
    content["price"] = final["price"]
    content["fields"] = {**content.get("fields", {}), **final.get("fields", {})}
    content["rate_table"] = dict(final.get("rate_table", {}))
    content["first_price"] = str(bid.opened_price) if bid.opened_price is not None else None
    return content
