"""Reads for signing in: recent failures and the account behind a user name."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute

from procurement import clock
from procurement.accounts.models import User
from procurement.auth.models import LoginFailure
from procurement.extensions import db


def recent_failures(
    column: QueryableAttribute[str], value: str, window: timedelta
) -> tuple[int, datetime | None]:
    """How many failures `column` (user name or address) has within `window`, and the oldest."""
    count, first = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(LoginFailure.occurred_at)).where(
            column == value, LoginFailure.occurred_at >= clock.now() - window
        )
    ).one()
    return count, first  # min() keeps the column's type, so `first` is an aware UTC datetime


def user_named(username: str, *, for_update: bool = False) -> User | None:
    """The account with this user name (not case-sensitive); `for_update` locks its row
    (PostgreSQL; SQLite serialises writers anyway)."""
    query = sa.select(User).where(sa.func.lower(User.username) == username.lower())
    # of=User: the organisation is joined (outer) with the account, and PostgreSQL cannot lock that side
    return db.session.scalar(query.with_for_update(of=User) if for_update else query)
