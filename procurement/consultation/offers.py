"""Final offers (最后报价): submitted sealed like a bid, with a receipt, and opened after their
deadline by the tender's key holders like the bids (procurement.keyholders).

The receipt hash is the SHA-256 of the canonical JSON of `{"tender": reference, "insurer": uscc,
"final_offer": sha256 of the sealed offer}`. At the opening each offer is decrypted, checked against
its receipt and read by the final-offer form's rules (procurement.consultation.sealed). Fewer valid
final offers than the rule set's minimum (or the recorded exception's) ends the procedure
(财库〔2014〕214号第三十四条): the tender fails, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from cryptography.hazmat.primitives.asymmetric import ec

from procurement import clock, sealing
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.models import Bid
from procurement.consultation import exceptions, queries, sealed
from procurement.consultation.errors import ConsultationError
from procurement.consultation.models import Consultation, FinalOffer
from procurement.evaluation.queries.state import EvaluationState
from procurement.extensions import db
from procurement.i18n import local_time
from procurement.keyholders import envelope
from procurement.keyholders.operations import holders_present, unlock_tender
from procurement.tenders.models import Tender, TenderStatus
from procurement.tenders.operations import lock_tender

# The record's words for an invalid final offer (official text: Chinese only).
PROBLEMS = {
    "unreadable": "最后报价无效：密封内容无法解密（已被改动或不属于本供应商）",
    "malformed": "最后报价无效：填写有误，无法读取",
    "incomplete": "最后报价无效：内容不完整",
    "above_ceiling": "最后报价无效：报价超过最高限价{ceiling}元",
    "receipt": "最后报价无效：密文与回执不符",
}


def receipt_hash(offer: FinalOffer) -> str:
    bid = offer.bid
    return sealing.digest(
        sealing.canonical_json(
            {
                "tender": bid.tender.reference,
                "insurer": bid.insurer.uscc,
                "final_offer": sealing.digest(offer.sealed_content or b""),
            }
        )
    )


def still_in(tender: Tender, bid: Bid) -> FinalOffer | None:
    """`bid`'s place in the consultation (None before it offered or left); refused when the
    supplier left or is no longer in the procedure (a review failed it)."""
    offers = queries.offers_of(tender)
    offer = offers.get(bid.id)
    if offer is not None and offer.left_at is not None:
        raise ConsultationError("left")
    if bid not in queries.still_in(EvaluationState(tender), offers):
        raise ConsultationError("not_in")
    return offer


def submit_offer(tender: Tender, bid: Bid, user: User, sealed_content: bytes) -> FinalOffer:
    """Store the final offer as sealed in the browser (again, as a revision, until the deadline)."""
    tender = lock_tender(tender)  # no submission interleaves with the opening
    consultation = queries.consultation_of(tender)
    if consultation is None or not consultation.invited:
        raise ConsultationError("not_invited")
    if not consultation.accepts_offers(clock.now()):
        raise ConsultationError("offers_closed")
    offer = still_in(tender, bid)
    if not envelope.looks_sealed(sealed_content):
        raise ConsultationError("not_sealed")
    if offer is None:
        offer = FinalOffer(tender_id=tender.id, bid_id=bid.id, revision=0)
        db.session.add(offer)
    offer.sealed_content = sealed_content
    offer.revision += 1
    offer.submitted_at = clock.now()
    db.session.flush()
    offer.receipt_hash = receipt_hash(offer)
    record(
        "consultation.final_offer",
        tender,
        details={"bid": bid.id, "revision": offer.revision, "receipt": offer.receipt_hash},
        actor=user,
    )
    return offer


def _read(tender: Tender, offer: FinalOffer, private: ec.EllipticCurvePrivateKey) -> bool:
    offer.hash_verified = receipt_hash(offer) == offer.receipt_hash
    try:
        plaintext = envelope.unseal(private, offer.sealed_content or b"", offer.sealing_context())
    except envelope.SealError:
        offer.opened_problem = PROBLEMS["unreadable"]
        return False
    content, problem = sealed.read(plaintext, tender)
    if content is not None and content.get("price") is not None:
        offer.opened_price = Decimal(content["price"])
    if problem is None and not offer.hash_verified:
        problem = "receipt"
    if problem is not None:
        offer.opened_problem = PROBLEMS[problem].format(ceiling=tender.ceiling_price)
        return False
    offer.opened_content = content
    return True


def _least(tender: Tender, consultation: Consultation) -> int:
    case = exceptions.BY_CODE.get(consultation.exception or "")
    return case.minimum if case is not None else queries.minimum(tender)[0]


def open_offers(tender: Tender, officer: User, passphrases: Mapping[int, str]) -> Consultation:
    """Put the tender's key together again from k holders' passphrases and open every final offer;
    the tender fails (第三十四条) when fewer valid offers than needed remain."""
    tender = lock_tender(tender)
    consultation = queries.consultation_of(tender)
    if consultation is None or consultation.offer_deadline is None:
        raise ConsultationError("not_invited")
    if consultation.opened_at is not None:
        raise ConsultationError("opened")
    if clock.now() < consultation.offer_deadline:
        raise ConsultationError("not_yet", time=local_time(consultation.offer_deadline))
    private = unlock_tender(tender, passphrases)
    offers = [o for o in queries.offers_of(tender).values() if o.receipt_hash and not o.left_at]
    valid = sum(_read(tender, offer, private) for offer in offers)
    del private  # the key is not kept
    consultation.opened_at = clock.now()
    consultation.opened_by_id = officer.id
    consultation.opened_with = [user.id for user in holders_present(tender, passphrases)]
    least = _least(tender, consultation)
    if valid < least:
        tender.move_to(TenderStatus.FAILED)
        tender.failure_reason = (
            f"提交有效最后报价的供应商不足{least}家（实收{valid}家），"
            "终止竞争性磋商（财库〔2014〕214号第三十四条）"
        )
    db.session.flush()
    record(
        "consultation.open_offers",
        tender,
        details={
            "status": tender.status.value,
            "holders": consultation.opened_with,
            "offers": [{"bid": o.bid_id, "price": str(o.opened_price), "receipt": o.receipt_hash,
                        "verified": o.hash_verified, "problem": o.opened_problem} for o in offers],
        },
        actor=officer,
    )  # fmt: skip
    return consultation
