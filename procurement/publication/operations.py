"""Publishing the candidates, objections and their answers, the award, notifications."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.bids.operations import looks_like_pdf
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.publication import documents, notifications, rules
from procurement.publication.models import (
    Notice,
    NoticeEdition,
    Notification,
    Objection,
    ObjectionStatus,
    TieSettlement,
)
from procurement.publication.notifications import notify as notify  # its home is notifications
from procurement.publication.queries import (
    admitted_of,
    award_blockers,
    bidder_names,
    committee_of,
    editions_of,
    first_place_tie,
    notice_of,
    opening_record,
    tie_settlement_of,
)
from procurement.tenders.models import Tender, TenderMethod, TenderStatus

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


class PublicationError(DomainError):
    messages = {
        "not_evaluated": _l("Only an evaluated tender can be publicised."),
        "not_publicised": _l("The candidates of this tender are not under notice."),
        "window_closed": _l("The period for objections has ended."),
        "too_large": _l("The file is larger than 20 MB."),
        "not_pdf": _l("The file is not a PDF (its content was checked, not its name)."),
        "answered": _l("This objection has already been answered."),
        "answer_required": _l("Give the answer with its reasons."),
        "standing_first": _l("Verify the objector's standing first."),
        "window_open": _l("The objection period has not ended yet."),
        "open_objections": _l("An objection is still open: answer it before awarding."),
        "tied_first": _l(
            "Several bids share first place: settle the tie as the tender documents say "
            "before awarding."
        ),
        "not_tied": _l("First place is not shared: there is no tie to settle."),
        "not_tied_bid": _l("Choose one of the bids that share first place."),
        "settled": _l("The tie has already been settled."),
        "reason_required": _l("Give the reason: how the tie was settled and who witnessed it."),
    }


def publish_candidates(tender: Tender, officer: User) -> Notice:
    """Publicise the ranked candidates of an evaluated tender (公示)."""
    if tender.status is not TenderStatus.EVALUATED:
        raise PublicationError("not_evaluated")
    now = clock.now()
    ends, closes = rules.notice_window(tender, now)
    result = publicised_result(tender)
    notice = notice_of(tender)
    if notice is None:
        notice = Notice(tender_id=tender.id, published_by_id=officer.id, published_at=now,
                        notice_ends_at=ends, objections_close_at=closes, result=result)  # fmt: skip
        db.session.add(notice)
    else:  # publicised again after a re-evaluation: a new window, the new result
        notice.published_at, notice.notice_ends_at, notice.objections_close_at = now, ends, closes
        notice.result = result
    number = len(editions_of(tender)) + 1
    db.session.add(NoticeEdition(tender_id=tender.id, number=number, published_at=now,
                                 notice_ends_at=ends, objections_close_at=closes, result=result))  # fmt: skip
    tender.move_to(TenderStatus.PUBLICISED)
    db.session.flush()
    documents.refresh(notice)
    record(
        "publication.publish",
        tender,
        details={"notice_ends_at": ends.isoformat(), "objections_close_at": closes.isoformat()},
    )
    bidders = [bid.insurer for bid in opening_record(tender)]
    notifications.candidates_publicised(bidders, tender.reference, ends, closes)
    return notice


def publicised_result(tender: Tender) -> dict[str, Any]:
    """The finalised result as the notice keeps it: the ranking and the excluded bids, with the
    bidders' names and the committee (kept on the Notice, see its `result`)."""
    from procurement.evaluation.queries import result_of

    row = result_of(tender)
    if row is None or row.finalised_at is None:
        raise PublicationError("not_evaluated")
    ranking, excluded = row.result["ranking"], row.result["excluded"]
    keys = {entry["bid"] for entry in ranking} | {entry["bid"] for entry in excluded}
    return {
        "finalised_at": row.finalised_at.isoformat(),
        "ranking": ranking,
        "excluded": excluded,
        "names": {key: name for key, name in bidder_names(tender).items() if key in keys},
        "committee": [
            {"name": seat.user.display_name, "chair": seat.is_chair}
            for seat in committee_of(tender)
        ],
    }


def file_objection(
    tender: Tender,
    *,
    user: User | None,
    name: str,
    contact: str,
    grounds: str,
    evidence: bytes | None,
    evidence_filename: str | None,
) -> Objection:
    notice = notice_of(tender)
    now = clock.now()
    if tender.status is not TenderStatus.PUBLICISED or notice is None:
        raise PublicationError("not_publicised")
    if now >= notice.objections_close_at:
        raise PublicationError("window_closed")
    if evidence:
        if len(evidence) > MAX_EVIDENCE_BYTES:
            raise PublicationError("too_large", "evidence")
        if not looks_like_pdf(evidence):
            raise PublicationError("not_pdf", "evidence")
    number = 1 + (
        db.session.scalar(
            sa.select(sa.func.max(Objection.number)).where(Objection.tender_id == tender.id)
        )
        or 0
    )
    objection = Objection(
        tender_id=tender.id,
        number=number,
        filed_by_id=user.id if user is not None else None,
        filer_name=name.strip(),
        filer_contact=contact.strip(),
        grounds=grounds.strip(),
        evidence=evidence or None,
        evidence_filename=evidence_filename if evidence else None,
        filed_at=now,
        reply_due_at=rules.reply_due(tender, now),
        # A bidder signed in has standing by its bid; a member of the public is verified by the officer.
        standing_verified=True if user is not None and user.insurer_id else None,
    )
    db.session.add(objection)
    db.session.flush()
    documents.refresh(notice)
    # The audit keeps the grounds, never the filer's contact details.
    record(
        "publication.object", tender, details={"objection": number, "grounds": objection.grounds}
    )
    return objection


def verify_standing(objection: Objection, has_standing: bool) -> None:
    if objection.status is not ObjectionStatus.OPEN:
        raise PublicationError("answered")
    objection.standing_verified = has_standing
    db.session.flush()
    record(
        "publication.verify_standing",
        objection.tender,
        details={"objection": objection.number, "standing": has_standing},
    )


def answer_objection(objection: Objection, *, upheld: bool, answer: str, fail_tender: bool,
                     officer: User) -> None:  # fmt: skip
    """Uphold or reject with reasons. An upheld objection sends the tender back to evaluation, or
    fails it; an open one blocks the award."""
    if objection.status is not ObjectionStatus.OPEN:
        raise PublicationError("answered")
    if not answer.strip():
        raise PublicationError("answer_required")
    if objection.standing_verified is None:
        raise PublicationError("standing_first")
    tender = objection.tender
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.answer = answer.strip()
    objection.answered_at = clock.now()
    objection.answered_by_id = officer.id
    consequence = None
    if upheld:
        consequence = "fail" if fail_tender else "re_evaluate"
        if fail_tender:
            tender.move_to(TenderStatus.FAILED)
            tender.failure_reason = f"第{objection.number}号异议成立：{objection.answer}"
        else:
            from procurement.evaluation.operations import reopen

            reopen(tender, officer, f"第{objection.number}号异议成立：{objection.answer}")
    db.session.flush()
    _refresh_notice(tender)
    record(
        "publication.answer",
        tender,
        details={"objection": objection.number, "upheld": upheld, "consequence": consequence,
                 "answer": objection.answer},
    )  # fmt: skip
    if objection.filed_by is not None:
        notifications.objection_answered(objection.filed_by, tender.reference, objection.number)


def _refresh_notice(tender: Tender) -> None:
    notice = notice_of(tender)
    if notice is not None:
        documents.refresh(notice)


def settle_tie(
    tender: Tender, winner: str, reason: str, witnesses: str, officer: User
) -> TieSettlement:
    """Record how a shared first place was settled, as the tender documents say (e.g. a lot drawn
    before witnesses): the chosen bid wins the award."""
    notice = notice_of(tender)
    if tender.status is not TenderStatus.PUBLICISED or notice is None:
        raise PublicationError("not_publicised")
    tied = first_place_tie(notice)
    if not tied:
        raise PublicationError("not_tied")
    if tie_settlement_of(notice) is not None:
        raise PublicationError("settled")
    if winner not in tied:
        raise PublicationError("not_tied_bid", "winner")
    if not reason.strip():
        raise PublicationError("reason_required", "reason")
    settlement = TieSettlement(
        tender_id=tender.id, notice_published_at=notice.published_at, tied=tied, winner=winner,
        reason=reason.strip(), witnesses=witnesses.strip(), decided_by_id=officer.id,
    )  # fmt: skip
    db.session.add(settlement)
    db.session.flush()
    record(
        "publication.settle_tie",
        tender,
        details={"tied": tied, "winner": winner, "reason": settlement.reason,
                 "witnesses": settlement.witnesses},
    )  # fmt: skip
    return settlement


def award(tender: Tender, officer: User) -> None:
    """确定中标 / 确定成交 after the candidates' notice: the first-ranked candidate (or the one a
    settled tie chose) wins; every bidder is told, with its letter (中标/成交通知书 or 结果通知书)."""
    blockers = award_blockers(tender)
    if blockers:
        raise PublicationError(blockers[0])
    notice = notice_of(tender)
    assert notice is not None  # noqa: S101  # checked by award_blockers
    admitted = admitted_of(notice)  # the winner, or every admitted insurer (入围)
    notice.awarded_at = clock.now()
    tender.move_to(TenderStatus.AWARDED)
    names: dict[str, str] = {}
    admission = bool(tender.admit_count or tender.admit_min_score is not None)
    for bid in opening_record(tender):
        won = f"B{bid.id}" in admitted
        if won:
            names[f"B{bid.id}"] = bid.insurer.name
        consultation = tender.method is TenderMethod.COMPETITIVE_CONSULTATION
        notifications.awarded(bid.insurer, tender.reference, won, consultation, admission)
    db.session.flush()
    documents.refresh(notice)
    details: dict[str, Any] = {"winner": admitted[0], "name": names.get(admitted[0], "")}
    if len(admitted) > 1 or admission:
        details["admitted"] = [{"bid": key, "name": names.get(key, "")} for key in admitted]
    record("publication.award", tender, details=details)


def mark_read(notifications: list[Notification]) -> None:
    """Notifications just shown to their user are no longer unread."""
    now = clock.now()
    for notification in notifications:
        if notification.read_at is None:
            notification.read_at = now
    db.session.flush()
