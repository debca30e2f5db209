"""What the consultation pages show, read once per page (the views stay thin)."""

from __future__ import annotations

import base64
from typing import Any

from flask_login import current_user

from procurement import clock
from procurement.bids.fields import AGE_BANDS
from procurement.bids.forms import rate_field
from procurement.bids.models import Bid
from procurement.consultation import queries, sealed
from procurement.consultation.exceptions import BY_CODE
from procurement.consultation.forms import (
    ChangeForm,
    ConfirmForm,
    InviteForm,
    MinuteForm,
    ResponseForm,
)
from procurement.consultation.models import ChangeResponse, context
from procurement.evaluation.models import ReviewKind
from procurement.evaluation.queries.state import EvaluationState
from procurement.keyholders.queries import tender_key_of
from procurement.tenders.models import Tender, TenderStatus


def round_page(tender: Tender) -> dict[str, Any]:
    """The committee's page: every qualified supplier with its minutes, the changes, the call."""
    state = EvaluationState(tender)
    consultation = queries.consultation_of(tender)
    offers = queries.offers_of(tender)
    minutes: dict[int, list[Any]] = {}
    for row in queries.minutes_of(tender):
        minutes.setdefault(row.bid_id, []).append(row)
    reviewed = state.review_complete(ReviewKind.QUALIFICATION) and state.review_complete(
        ReviewKind.COMPLIANCE
    )
    invited = consultation is not None and consultation.invited
    minimum, citation = queries.minimum(tender)
    return {
        "tender": tender,
        "consultation": consultation,
        "exception": BY_CODE.get(consultation.exception or "") if consultation else None,
        "suppliers": queries.qualified(state),
        "still_in": queries.still_in(state, offers),
        "offers": offers,
        "minutes": minutes,
        "changes": queries.changes_of(tender),
        # The written responses beside each change: the officer and the committee only.
        "responses": queries.responses_of(tender)
        if ChangeResponse.committee_reads(tender, current_user)
        else None,
        "minimum": minimum,
        "citation": citation,
        "round_open": tender.status is TenderStatus.OPENED
        and reviewed
        and not state.scoring_started
        and not invited,
        "may_open": consultation is not None
        and consultation.offer_deadline is not None
        and consultation.opened_at is None
        and clock.now() >= consultation.offer_deadline,
        "is_chair": tender.can_chair(current_user),
        "is_officer": tender.can_manage(current_user),
        "minute_form": MinuteForm(),
        "change_form": ChangeForm(),
        "invite_form": InviteForm(),
        "confirm_form": ConfirmForm(),
    }


def supplier_page(tender: Tender, bid: Bid) -> dict[str, Any]:
    """One supplier's page: its own minutes, the changes sent to it, its final offer."""
    consultation = queries.consultation_of(tender)
    offer = queries.offers_of(tender).get(bid.id)
    tender_key = tender_key_of(tender)
    left = offer is not None and offer.left_at is not None
    changes = queries.changes_of(tender, bid)
    now = clock.now()
    return {
        "tender": tender,
        "bid": bid,
        "consultation": consultation,
        "offer": offer,
        "left": left,
        "minutes": queries.minutes_of(tender, bid),
        "changes": changes,
        "responses": queries.responses_of(tender, bid),
        # The changes it may still answer in writing (before their deadline, while still in).
        "answerable": {
            change.id
            for change in changes
            if now < change.respond_by and not left and tender.status is TenderStatus.OPENED
        },
        "response_form": ResponseForm(),
        "accepts": consultation is not None
        and consultation.accepts_offers(clock.now())
        and not left,
        "form": sealed.FinalOfferForm(),
        "rate_fields": [rate_field(band) for band, _label in AGE_BANDS],
        "priced_fields": list(sealed.PRICED_FIELDS),
        "seal_key": base64.b64encode(tender_key.public_key).decode() if tender_key else "",
        "seal_context": context(tender.id, bid.insurer_id),
        "required": " ".join(sealed.names()),
        "confirm_form": ConfirmForm(),
    }


def supplier_panel(tender: Tender) -> dict[str, Any] | None:
    """For the announcement: the signed-in supplier's consultation (changes sent to it), or None."""
    if not queries.is_consultation(tender) or tender.opened_at is None:
        return None
    if not current_user.is_authenticated or current_user.insurer_id is None:
        return None
    bid = queries.bid_of_insurer(tender, current_user.insurer_id)
    if bid is None or bid not in queries.qualified(EvaluationState(tender)):
        return None
    return {
        "changes": queries.changes_of(tender, bid),
        "consultation": queries.consultation_of(tender),
    }
