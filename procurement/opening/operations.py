"""Opening a tender: k key holders put its key together, every submitted bid is decrypted, checked
against its receipt and read again by the bid form's rules; the result is recorded.

The tender's private key exists only in this request's memory. A bid that cannot be decrypted, or
that fails the checks the insurer's browser made (completeness, the ceiling price, PDF attachments),
is recorded as invalid (无效投标) with the reason. A tender with fewer valid bids than its minimum
fails (流标), with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids import sealed
from procurement.bids.models import Bid
from procurement.bids.operations import looks_like_pdf, receipt_hash
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.keyholders import envelope
from procurement.keyholders.operations import unlock_for_opening
from procurement.opening.draw import draw, k_candidates
from procurement.opening.queries import submitted_bids
from procurement.register import past
from procurement.tenders.models import Tender, TenderStatus
from procurement.tenders.operations import lock_tender


class OpeningError(DomainError):
    messages = {
        "not_yet": _l("The opening time has not come yet."),
        "not_openable": _l("This tender cannot be opened."),
    }


# The opening record's words for an invalid bid (official text: Chinese only).
PROBLEMS = {
    "unreadable": "无效投标：密封内容无法解密（已被改动或不属于本投标）",
    "malformed": "无效投标：投标文件填写有误（{count}项）",
    "unparseable": "无效投标：投标文件格式不符，无法读取",
    "incomplete": "无效投标：投标文件不完整（缺少{count}项）",
    "above_ceiling": "无效投标：投标报价超过最高限价{ceiling}元",
    "attachment": "无效投标：附件无法解密或不是PDF文件（{details}）",
}


def open_tender(tender: Tender, officer: User, passphrases: Mapping[int, str]) -> Tender:
    """Put the key together from the holders' passphrases ({holder id: passphrase}), decrypt and
    check every submitted bid, then move the tender to opened, or to failed (流标) when fewer bids
    than its minimum are valid and match their receipts."""
    locked = lock_tender(tender)  # no submission interleaves with the opening
    now = clock.now()
    if not locked.can_open(officer, now):
        raise OpeningError("not_yet" if locked.status is TenderStatus.PUBLISHED else "not_openable")
    private, holders = unlock_for_opening(locked, passphrases)
    valid = sum(_read(locked, bid, private) for bid in submitted_bids(locked))
    del private  # the key is not kept: the opened content is what the evaluation reads
    past.fill(locked.criteria, submitted_bids(locked), now)  # past performance from the register
    locked.opened_at = now
    locked.opened_by = officer
    if valid < locked.min_bids:
        locked.move_to(TenderStatus.FAILED)
        locked.failure_reason = f"有效投标不足{locked.min_bids}家（实收{valid}家），项目流标"
    else:
        locked.move_to(TenderStatus.OPENED)
        candidates = k_candidates(locked.criteria)
        if candidates is not None:  # 下浮系数 K, seeded by the record's receipts in its order
            locked.k_draw = draw(candidates, [b.receipt_hash or "" for b in submitted_bids(locked)])
    db.session.flush()
    record(
        "tender.open",
        locked,
        details={
            "status": locked.status.value,
            "holders": [{"id": h.id, "name": h.display_name} for h in holders],
            "k_draw": locked.k_draw,
            "bids": [
                {"bid": b.id, "insurer": b.insurer.name, "price": str(b.opened_price),
                 "receipt": b.receipt_hash, "verified": b.hash_verified,
                 "problem": b.opened_problem,
                 **({"register": b.opened_content["register"]}
                    if b.opened_content and "register" in b.opened_content else {})}
                for b in submitted_bids(locked)
            ],
        },
    )  # fmt: skip
    return locked


def _read(tender: Tender, bid: Bid, private: ec.EllipticCurvePrivateKey) -> bool:
    """Decrypt one bid and its attachments into the `opened_*` columns; True if the bid is valid
    and its ciphertexts are those of the receipt."""
    bid.hash_verified = receipt_hash(bid) == bid.receipt_hash
    try:
        plaintext = envelope.unseal(private, bid.sealed_content, bid.sealing_context())
    except envelope.SealError:
        bid.opened_problem = PROBLEMS["unreadable"]  # altered at rest or moved: recorded so
        return False
    content, problem, details = sealed.read(plaintext, tender)
    if content is not None and content.get("price") is not None:
        bid.opened_price = Decimal(content["price"])
    if problem is None:
        problem, details = _read_attachments(bid, private)
    if problem is not None:
        bid.opened_problem = _problem(problem, details, tender)
        return False
    bid.opened_content = content
    return bool(bid.hash_verified)


def _read_attachments(
    bid: Bid, private: ec.EllipticCurvePrivateKey
) -> tuple[str | None, list[str]]:
    bad = []
    for attachment in bid.attachments:
        try:
            data = envelope.unseal(private, attachment.sealed_data, attachment.sealing_context())
        except envelope.SealError:
            bad.append(attachment.filename)
            continue
        if not looks_like_pdf(data):
            bad.append(attachment.filename)
        attachment.opened_data = data
    return ("attachment", bad) if bad else (None, [])


def _problem(code: str, details: list[str], tender: Tender) -> str:
    if code == "malformed" and not details:
        code = "unparseable"  # not the bid form's fields at all
    values: dict[str, Any] = {
        "details": "、".join(details),
        "count": len(details),
        "ceiling": tender.ceiling_price,
    }
    return PROBLEMS[code].format(**values)
