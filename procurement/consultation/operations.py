"""The consultation round: minutes per supplier, changes of the requirements, the call for final
offers, and a supplier leaving (退出磋商). Each operation flushes and writes its audit event; the
request commits once. The final offers themselves: procurement.consultation.offers.

Law (财库〔2014〕214号, from secondary sources, to check against the text): the committee consults
each supplier separately, with equal chances (第十八条); a change of the technical or service
requirements is sent in writing to every supplier in the consultation (第十九、二十条); the committee
then asks every supplier still in for a final offer by a deadline (第二十一条); a supplier may leave
before it submits its final offer (第二十二条). At least 3 suppliers, save the lawful exceptions
(procurement.consultation.exceptions).
"""

from __future__ import annotations

from datetime import datetime

from procurement import clock, sealing
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.models import Bid
from procurement.consultation import exceptions, queries
from procurement.consultation.errors import ConsultationError
from procurement.consultation.models import (
    Consultation,
    ConsultationChange,
    ConsultationMinute,
    FinalOffer,
)
from procurement.evaluation.models import ReviewKind
from procurement.evaluation.queries.state import EvaluationState
from procurement.extensions import db
from procurement.i18n import local_time
from procurement.publication.notifications import notify_insurer
from procurement.tenders.models import Tender, TenderStatus


def _open_round(tender: Tender) -> tuple[EvaluationState, Consultation]:
    """The state of a consultation that may still be consulted (reviews done, no invitation)."""
    if not queries.is_consultation(tender):
        raise ConsultationError("not_consultation")
    state = EvaluationState(tender)
    if (
        tender.status is not TenderStatus.OPENED
        or state.scoring_started
        or not state.review_complete(ReviewKind.QUALIFICATION)
        or not state.review_complete(ReviewKind.COMPLIANCE)
    ):
        raise ConsultationError("not_ready")
    consultation = queries.consultation_of(tender)
    if consultation is None:
        consultation = Consultation(tender_id=tender.id)
        db.session.add(consultation)
        db.session.flush()
    if consultation.invited:
        raise ConsultationError("invited")
    return state, consultation


def record_minute(tender: Tender, bid: Bid, text: str, user: User) -> ConsultationMinute:
    """The minutes of one session with one supplier (the chair records them for the committee)."""
    state, _consultation = _open_round(tender)
    if bid not in queries.still_in(state, queries.offers_of(tender)):
        raise ConsultationError("not_in")
    if not text.strip():
        raise ConsultationError("text_required", "text")
    minute = ConsultationMinute(
        tender_id=tender.id, bid_id=bid.id, text=text.strip(), recorded_by_id=user.id
    )
    db.session.add(minute)
    db.session.flush()
    record(
        "consultation.minute",
        tender,
        details={
            "bid": bid.id,
            "minute": minute.id,
            "sha256": sealing.digest(minute.text.encode()),
        },
        actor=user,
    )
    return minute


def record_change(
    tender: Tender, text: str, respond_by: datetime, user: User
) -> ConsultationChange:
    """A change of the requirements, sent to every supplier still in, who responds by `respond_by`."""
    state, _consultation = _open_round(tender)
    if not text.strip():
        raise ConsultationError("text_required", "text")
    if respond_by <= clock.now():
        raise ConsultationError("respond_by_past", "respond_by")
    suppliers = queries.still_in(state, queries.offers_of(tender))
    change = ConsultationChange(
        tender_id=tender.id,
        number=len(queries.changes_of(tender)) + 1,
        text=text.strip(),
        respond_by=respond_by,
        sent_to=[bid.id for bid in suppliers],
        created_by_id=user.id,
    )
    db.session.add(change)
    db.session.flush()
    for bid in suppliers:
        notify_insurer(
            bid.insurer,
            f"{tender.reference} 竞争性磋商：磋商小组对采购需求作出实质性变动（第{change.number}号），"
            f"请于{local_time(respond_by)}前按变动情况作出响应。",
            f"/consultation/{tender.id}/mine",
        )
    record(
        "consultation.change",
        tender,
        details={"number": change.number, "sent_to": change.sent_to, "text": change.text},
        actor=user,
    )
    return change


def _check_count(tender: Tender, count: int, exception: str | None, note: str) -> str | None:
    """The exception recorded (None when none is needed), or the refusal with the citation."""
    minimum, citation = queries.minimum(tender)
    if count >= minimum:
        return None
    case = exceptions.BY_CODE.get(exception or "")
    if case is None:
        raise ConsultationError("too_few", "exception", minimum=minimum, citation=citation,
                                count=count)  # fmt: skip
    if count < case.minimum:
        raise ConsultationError("exception_short", "exception", minimum=case.minimum,
                                citation=case.citation, count=count)  # fmt: skip
    if not note.strip():
        raise ConsultationError("exception_note", "exception_note")
    return case.code


def invite_offers(
    tender: Tender, deadline: datetime, exception: str | None, note: str, user: User
) -> Consultation:
    """End the consultation: every supplier still in is asked for a sealed final offer by
    `deadline`, after each was consulted and every change's response deadline has passed."""
    state, consultation = _open_round(tender)
    if deadline <= clock.now():
        raise ConsultationError("deadline_past", "deadline")
    for change in queries.changes_of(tender):
        if deadline < change.respond_by:
            raise ConsultationError("deadline_before_response", "deadline", number=change.number,
                                    time=local_time(change.respond_by))  # fmt: skip
    suppliers = queries.still_in(state, queries.offers_of(tender))
    consulted = {minute.bid_id for minute in queries.minutes_of(tender)}
    unheard = [bid.insurer.name for bid in suppliers if bid.id not in consulted]
    if unheard:
        raise ConsultationError("consult_each", names="、".join(unheard))
    consultation.exception = _check_count(tender, len(suppliers), exception, note)
    consultation.exception_note = note.strip() if consultation.exception else None
    consultation.offer_deadline = deadline
    consultation.invited_at = clock.now()
    consultation.invited_by_id = user.id
    db.session.flush()
    for bid in suppliers:
        notify_insurer(
            bid.insurer,
            f"{tender.reference} 竞争性磋商：请于{local_time(deadline)}前提交密封的最后报价。",
            f"/consultation/{tender.id}/mine",
        )
    record(
        "consultation.invite",
        tender,
        details={"deadline": deadline.isoformat(), "suppliers": [b.id for b in suppliers],
                 "exception": consultation.exception, "note": consultation.exception_note},
        actor=user,
    )  # fmt: skip
    return consultation


def leave(tender: Tender, bid: Bid, user: User) -> FinalOffer:
    """The supplier leaves the consultation before its final offer (第二十二条)."""
    if not queries.is_consultation(tender) or tender.status is not TenderStatus.OPENED:
        raise ConsultationError(
            "not_consultation" if not queries.is_consultation(tender) else "opened"
        )
    if bid not in queries.qualified(EvaluationState(tender)):
        raise ConsultationError("not_in")
    consultation = queries.consultation_of(tender)
    if consultation is not None and consultation.opened_at is not None:
        raise ConsultationError("opened")
    if (
        consultation is not None
        and consultation.invited
        and not consultation.accepts_offers(clock.now())
    ):
        raise ConsultationError("offers_closed")
    offer = queries.offers_of(tender).get(bid.id)
    if offer is not None and offer.left_at is not None:
        raise ConsultationError("left")
    if offer is not None and offer.receipt_hash is not None:
        raise ConsultationError("offered")
    if offer is None:
        offer = FinalOffer(tender_id=tender.id, bid_id=bid.id, revision=0)
        db.session.add(offer)
    offer.left_at = clock.now()
    db.session.flush()
    record("consultation.leave", tender, details={"bid": bid.id}, actor=user)
    return offer
