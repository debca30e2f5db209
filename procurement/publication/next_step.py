"""The next step of a tender for its officer, named on the manage page, with the moment it becomes
possible when the clock prevents it now (issue 12 §6). The dashboard lists the steps possible now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from procurement import clock
from procurement.evaluation.queries import result_of
from procurement.publication.models import ObjectionStatus
from procurement.publication.queries import (
    award_blockers,
    committee_of,
    notice_of,
    objections_of,
)
from procurement.tenders import periods
from procurement.tenders.models import Tender, TenderStatus


@dataclass(frozen=True)
class NextStep:
    text: str
    link: str
    # When the clock prevents the step now: the moment it becomes possible.
    possible_from: datetime | None = None


def next_step(tender: Tender) -> NextStep | None:
    """The officer's next step on `tender`, or None when the tender is finished."""
    now = clock.now()
    manage = f"/tenders/{tender.id}/manage"
    if tender.status is TenderStatus.DRAFT:
        if not periods.bidding_period_kept(tender, now):
            return NextStep(_("Move the deadline: the bidding period is too short"),
                            f"/tenders/{tender.id}/edit")  # fmt: skip
        return NextStep(_("Review the criteria and publish"), manage)
    if tender.status is TenderStatus.PUBLISHED:
        later = tender.opening_time if now < tender.opening_time else None
        return NextStep(_("Open the bids"), manage, later)
    if tender.status is TenderStatus.OPENED:
        return _evaluation_step(tender)
    if tender.status is TenderStatus.EVALUATED:
        return NextStep(_("Publish the candidates"), manage)
    if tender.status is TenderStatus.PUBLICISED:
        return _award_step(tender, now)
    return None


def _evaluation_step(tender: Tender) -> NextStep:
    if not committee_of(tender):
        return NextStep(_("Seat the committee"), f"/evaluation/{tender.id}/committee")
    row = result_of(tender)
    if row is not None and row.finalised_at is not None:
        return NextStep(_("The members sign the evaluation report"), f"/evaluation/{tender.id}")
    return NextStep(_("The committee reviews and scores the bids"), f"/evaluation/{tender.id}")


def _award_step(tender: Tender, now: datetime) -> NextStep:
    objections = f"/tenders/{tender.id}/objections"
    waiting = [o for o in objections_of(tender) if o.status is ObjectionStatus.OPEN]
    if waiting:
        return NextStep(_("Answer objection %(n)s", n=waiting[0].number), objections)
    blockers = award_blockers(tender)
    if "tied_first" in blockers:
        return NextStep(_("Settle the tie for first place"), objections)
    notice = notice_of(tender)
    if "window_open" in blockers and notice is not None:
        return NextStep(_("Award"), objections, notice.objections_close_at)
    return NextStep(_("Award"), objections)
