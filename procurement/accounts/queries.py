"""Reads for account administration."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.extensions import db


def accounts_query(search: str | None = None, role: str | None = None) -> sa.Select[User]:
    query = sa.select(User).order_by(User.created_at.desc(), User.id.desc())
    if search:
        pattern = f"%{search.strip()}%"
        query = query.outerjoin(User.insurer).where(
            sa.or_(
                User.username.ilike(pattern),
                User.display_name.ilike(pattern),
                User.email.ilike(pattern),
                Insurer.name.ilike(pattern),
            )
        )
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    return query


def insurers_query(status: InsurerStatus | None) -> sa.Select[Insurer]:
    query = sa.select(Insurer).order_by(Insurer.registered_at.desc(), Insurer.id.desc())
    if status is not None:
        query = query.where(Insurer.status == status)
    return query


def pending_insurer_count() -> sa.Select[int]:
    return sa.select(sa.func.count()).where(Insurer.status == InsurerStatus.PENDING)


def username_taken(username: str) -> bool:
    """User names are unique regardless of case."""
    return bool(
        db.session.scalar(
            sa.select(sa.func.count()).where(sa.func.lower(User.username) == username.lower())
        )
    )


def insurer_registered(uscc: str) -> bool:
    return bool(db.session.scalar(sa.select(sa.func.count()).where(Insurer.uscc == uscc)))


def user_by_session_token(token: str) -> User | None:
    """The active account that a session or remember-me cookie names, if its token is current."""
    user = db.session.scalar(sa.select(User).where(User.session_token == token))
    return user if user is not None and user.active else None
