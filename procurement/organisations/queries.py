"""Reads of districts and organisations."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from procurement.accounts.models import User
from procurement.audit.models import AuditEvent
from procurement.extensions import db
from procurement.organisations.models import District, Organisation


def district_by_code_or_name(value: str) -> District | None:
    """A division named by its six-digit code or its exact name (names repeat across the
    country, so a name is looked up only among the loaded divisions)."""
    value = value.strip()
    if value.isdigit():
        return db.session.scalar(sa.select(District).where(District.code == value))
    found = db.session.scalars(sa.select(District).where(District.name == value)).all()
    return found[0] if len(found) == 1 else None


def districts_under(district: District) -> list[District]:
    """The division and those directly below it, in administrative (code) order."""
    return list(
        db.session.scalars(
            sa.select(District)
            .where(sa.or_(District.id == district.id, District.parent_id == district.id))
            .order_by(District.code)
        )
    )


def organisations_query(
    kind: str | None = None, district: District | None = None
) -> sa.Select[Organisation]:
    """Organisations by kind and name; within `district`, its own and those of the divisions
    directly below it (a city's filter shows its districts' offices too)."""
    query = (
        sa.select(Organisation)
        .options(selectinload(Organisation.district))
        .order_by(Organisation.kind, Organisation.name, Organisation.id)
    )
    if kind:
        query = query.where(Organisation.kind == kind)
    if district is not None:
        below = sa.select(District.id).where(District.parent_id == district.id)
        query = query.where(
            sa.or_(Organisation.district_id == district.id, Organisation.district_id.in_(below))
        )
    return query


def member_counts(organisations: list[Organisation]) -> dict[int, int]:
    """How many accounts belong to each of `organisations` (absent: none)."""
    ids = [organisation.id for organisation in organisations]
    rows = db.session.execute(
        sa.select(User.organisation_id, sa.func.count())
        .where(User.organisation_id.in_(ids))
        .group_by(User.organisation_id)
    )
    return {organisation_id: count for organisation_id, count in rows if organisation_id}


def members_query(organisation: Organisation) -> sa.Select[User]:
    return (
        sa.select(User)
        .where(User.organisation_id == organisation.id)
        .order_by(User.username, User.id)
    )


def all_districts() -> list[District]:
    """The loaded divisions in administrative (code) order: the choices of a jurisdiction."""
    return list(db.session.scalars(sa.select(District).order_by(District.code)))


def active_organisations() -> list[Organisation]:
    """Where an account may be moved to."""
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.active.is_(True))
            .order_by(Organisation.kind, Organisation.name, Organisation.id)
        )
    )


def membership_history(user_id: int) -> list[AuditEvent]:
    """The account's moves between organisations, oldest first, as `move_account` recorded them."""
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(
                AuditEvent.action == "organisation.member_moved",
                AuditEvent.object_type == "users",
                AuditEvent.object_id == str(user_id),
            )
            .order_by(AuditEvent.seq)
        )
    )
