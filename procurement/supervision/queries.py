"""Reads of supervision: the tenders and periods in a supervisor's jurisdiction, their audit events,
and the notes of an office or of a supervisor."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import Role, User
from procurement.audit.models import AuditEvent
from procurement.extensions import db
from procurement.maintenance.models import EvaluationPeriod
from procurement.organisations.models import District, Organisation
from procurement.supervision.models import SupervisionNote
from procurement.tenders.models import Tender


def _jurisdiction(user: User) -> list[int]:
    """The ids of the organisations whose district the supervisor's organisation covers."""
    office = user.organisation
    if office is None or not office.supervises or not office.active or office.district is None:
        return []
    covered: set[int] = {office.district.id}
    frontier = set(covered)
    while frontier:  # districts below, level by level (province → city → district)
        frontier = (
            set(db.session.scalars(sa.select(District.id).where(District.parent_id.in_(frontier))))
            - covered
        )
        covered |= frontier
    return list(
        db.session.scalars(sa.select(Organisation.id).where(Organisation.district_id.in_(covered)))
    )


def supervised_tenders(user: User) -> list[Tender]:
    """Opened tenders (every stage after the opening) of the offices in the jurisdiction."""
    owners = _jurisdiction(user)
    return list(
        db.session.scalars(
            sa.select(Tender)
            .where(Tender.organisation_id.in_(owners), Tender.opened_at.is_not(None))
            .order_by(Tender.opened_at.desc(), Tender.id.desc())
        )
    )


def supervised_periods(user: User) -> list[EvaluationPeriod]:
    owners = _jurisdiction(user)
    return list(
        db.session.scalars(
            sa.select(EvaluationPeriod)
            .where(EvaluationPeriod.organisation_id.in_(owners))
            .order_by(EvaluationPeriod.ends_on.desc())
        )
    )


def events_of(object_type: str, object_id: int) -> list[AuditEvent]:
    """The audit events of one tender or period, oldest first."""
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
            .order_by(AuditEvent.seq)
        )
    )


def notes_on(subject: Tender | EvaluationPeriod) -> list[SupervisionNote]:
    column = SupervisionNote.tender_id if isinstance(subject, Tender) else SupervisionNote.period_id
    return list(
        db.session.scalars(
            sa.select(SupervisionNote).where(column == subject.id).order_by(SupervisionNote.id)
        )
    )


def notes_for(user: User) -> list[SupervisionNote]:
    """An officer's: those left with their office; a supervisor's: those their office left."""
    if user.organisation_id is None:
        return []
    column = (
        SupervisionNote.organisation_id
        if user.role is Role.OFFICER
        else SupervisionNote.author_organisation_id
    )
    return list(
        db.session.scalars(
            sa.select(SupervisionNote)
            .where(column == user.organisation_id)
            .order_by(SupervisionNote.answered_at.is_not(None), SupervisionNote.id.desc())
        )
    )


def unanswered(user: User) -> list[SupervisionNote]:
    """The notes the officer's office has yet to answer, oldest first (dashboard tasks)."""
    if user.organisation_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(SupervisionNote)
            .where(
                SupervisionNote.organisation_id == user.organisation_id,
                SupervisionNote.answered_at.is_(None),
            )
            .order_by(SupervisionNote.id)
        )
    )
