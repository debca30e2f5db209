"""What awaits each signed-in user, with due dates: one list for the dashboard page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from procurement import clock
from procurement.accounts.models import Role, User
from procurement.extensions import db
from procurement.tenders.models import Tender, TenderStatus


@dataclass(frozen=True)
class Task:
    text: str
    link: str
    due: datetime | None = None


def tasks_for(user: User) -> list[Task]:
    return _role_tasks(user) + _district_report(user)


def _district_report(user: User) -> list[Task]:
    """A district office's annual pilot report, until this year's is submitted (due 20 December)."""
    from procurement.register import queries as register
    from procurement.register import reports

    district = register.office_district(user)
    if district is None or user.role not in {Role.OFFICER, Role.SUPERVISOR}:
        return []
    year = clock.to_local(clock.now()).year
    if reports.versions(district, year):
        return []
    due = reports.due_on(year)
    text = _(
        "Submit the pilot report of %(year)s for %(district)s", year=year, district=district.name
    )
    # 23:59 Beijing time on the due day
    moment = datetime(due.year, due.month, due.day, 15, 59, tzinfo=UTC)
    return [Task(text, f"/pilot/district/?year={year}", moment)]


def _role_tasks(user: User) -> list[Task]:
    if user.role is Role.OFFICER:
        return _officer(user)
    if user.role is Role.MEMBER:
        return _member(user)
    if user.role is Role.INSURER:
        return _insurer(user)
    if user.role is Role.ADMIN:
        return _admin()
    return []  # supervisors and community staff: their pages list what concerns them


def _own(user: User) -> sa.Select[Tender]:
    """The tenders of the officer's organisation (none for an officer without one)."""
    return sa.select(Tender).where(
        Tender.organisation_id.is_not(None), Tender.organisation_id == user.organisation_id
    )


def _officer(user: User) -> list[Task]:
    from procurement.publication.models import Objection, ObjectionStatus
    from procurement.publication.queries import award_blockers, committee_of

    now = clock.now()
    tasks = []
    for tender in db.session.scalars(_own(user).where(Tender.status == TenderStatus.PUBLISHED)):
        if tender.can_open(user, now):
            tasks.append(Task(_("Open the bids of %(ref)s", ref=tender.reference),
                              f"/tenders/{tender.id}/manage", tender.opening_time))  # fmt: skip
    for tender in db.session.scalars(
        _own(user).where(Tender.status == TenderStatus.OPENED).order_by(Tender.opened_at)
    ):
        if not committee_of(tender):
            tasks.append(Task(_("Seat the committee of %(ref)s", ref=tender.reference),
                              f"/evaluation/{tender.id}/committee"))  # fmt: skip
    for tender in db.session.scalars(_own(user).where(Tender.status == TenderStatus.EVALUATED)):
        tasks.append(Task(_("Publicise the candidates of %(ref)s", ref=tender.reference),
                          f"/tenders/{tender.id}/manage"))  # fmt: skip
    open_objections = db.session.scalars(
        sa.select(Objection)
        .join(Tender, Tender.id == Objection.tender_id)
        .where(Tender.organisation_id == user.organisation_id)
        .where(Objection.status == ObjectionStatus.OPEN)
        .order_by(Objection.reply_due_at)
    )
    for objection in open_objections:
        text = _(
            "Answer objection %(n)s to %(ref)s", n=objection.number, ref=objection.tender.reference
        )
        tasks.append(
            Task(text, f"/tenders/{objection.tender_id}/objections", objection.reply_due_at)
        )
    for tender in db.session.scalars(_own(user).where(Tender.status == TenderStatus.PUBLICISED)):
        blockers = award_blockers(tender)
        if not blockers:
            tasks.append(Task(_("Award %(ref)s: the notice ended without objection", ref=tender.reference),
                              f"/tenders/{tender.id}/objections"))  # fmt: skip
        elif blockers == ["tied_first"]:
            tasks.append(Task(_("Settle the tie for first place of %(ref)s", ref=tender.reference),
                              f"/tenders/{tender.id}/objections"))  # fmt: skip
    from procurement.supervision.queries import unanswered

    for note in unanswered(user):
        tasks.append(Task(_("Answer the supervision note on %(ref)s", ref=note.subject_label),
                          f"/supervision/notes/{note.id}", note.created_at))  # fmt: skip
    return tasks


def _member(user: User) -> list[Task]:
    from procurement.evaluation import queries as ev
    from procurement.evaluation.queries import my_seats, result_of

    tasks = []
    for seat in my_seats(user):
        tender = seat.tender
        if seat.removed or tender.status is not TenderStatus.OPENED:
            continue
        link = f"/evaluation/{tender.id}"
        if seat.declared_at is None:
            tasks.append(Task(_("Declare your interests for %(ref)s", ref=tender.reference), link))
            continue
        sheet = ev.scoresheet_of(seat)
        if ev.ready_to_score(tender) and (sheet is None or sheet.status.value != "submitted"):
            tasks.append(
                Task(_("Score the bids of %(ref)s", ref=tender.reference), f"{link}/score")
            )
        row = result_of(tender)
        if (
            row is not None
            and row.finalised_at is not None
            and seat.id not in ev.signatures(tender)
        ):
            tasks.append(
                Task(
                    _("Sign the evaluation report of %(ref)s", ref=tender.reference), f"{link}/sign"
                )
            )
    return tasks


def _insurer(user: User) -> list[Task]:
    from procurement.bids.queries import bid_for
    from procurement.publication.models import Notification
    from procurement.tenders.queries import unacknowledged_amendments

    tasks = []
    if user.insurer_id is not None:
        now = clock.now()
        for tender in db.session.scalars(
            sa.select(Tender).where(Tender.status == TenderStatus.PUBLISHED)
        ):
            bid = bid_for(tender, user)
            if bid is None or not tender.accepts_bids(now):
                continue
            for amendment in unacknowledged_amendments(tender, user.insurer_id):
                text = _(
                    "Acknowledge amendment %(n)s of %(ref)s",
                    n=amendment.number,
                    ref=tender.reference,
                )
                tasks.append(Task(text, f"/bids/{tender.reference}", tender.submission_deadline))
            if bid.status.value == "draft":
                tasks.append(Task(_("Submit your draft bid for %(ref)s", ref=tender.reference),
                                  f"/bids/{tender.reference}", tender.submission_deadline))  # fmt: skip
    unread = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )
    tasks += [Task(n.message, n.link or "/notifications") for n in unread]
    return tasks


def _admin() -> list[Task]:
    from procurement.accounts.models import Insurer, InsurerStatus

    pending = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Insurer)
        .where(Insurer.status == InsurerStatus.PENDING)
    )
    return (
        [Task(_("%(n)s insurer registrations await review", n=pending), "/accounts/insurers")]
        if pending
        else []
    )
