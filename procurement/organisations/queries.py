"""Reads of districts and organisations."""

from __future__ import annotations

import sqlalchemy as sa

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


def organisations_query(kind: str | None = None) -> sa.Select[Organisation]:
    query = sa.select(Organisation).order_by(Organisation.kind, Organisation.name)
    if kind:
        query = query.where(Organisation.kind == kind)
    return query
