"""A page cache for anonymous visitors of public pages, shared by every app server.

Public notices are read far more often than they change. A rendered page is stored in the database
with the audit chain's length at the time: since every state change appends an audit event, any
change anywhere makes every cached page stale at once, with no bookkeeping in the operations. A
page also expires at the next deadline or opening time (when a tender's state changes by the clock
alone) and after PAGE_CACHE_SECONDS at most.

Only requests whose session holds nothing but the chosen language (no signed-in user, no flashed
message) are served from or stored in the cache, so a cached page never holds anything personal; the
language is part of the key.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Response, current_app, request, session
from sqlalchemy.orm import Mapped, mapped_column

from procurement import clock
from procurement.audit.models import AuditHead
from procurement.db import UTCDateTime
from procurement.extensions import Model, db
from procurement.i18n import select_locale


class CachedPage(Model):
    __tablename__ = "page_cache"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    version: Mapped[int]
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)


def _cacheable() -> bool:
    return (
        current_app.config["PAGE_CACHE_SECONDS"] > 0
        and request.method == "GET"
        and _anonymous_session()
    )


# Session keys that say nothing personal: the chosen language, and Flask-Login's note to clear a
# remember-me cookie (it adds one to any session without a signed-in user).
IMPERSONAL_KEYS = frozenset({"locale", "_remember"})


def _anonymous_session() -> bool:
    return set(session) <= IMPERSONAL_KEYS


def _key() -> str:
    # select_locale gives the code as a string; Flask-Babel's get_locale would parse it into a
    # babel Locale, which costs more than the whole cached response.
    key = f"{select_locale()}|{request.host}|{request.full_path}"
    return hashlib.sha256(key.encode()).hexdigest()


def _version() -> sa.ScalarSelect[int]:
    return sa.select(sa.func.coalesce(sa.func.max(AuditHead.seq), 0)).scalar_subquery()


def _next_boundary(now: datetime) -> datetime | None:
    """The next moment a public page changes by the clock alone: a deadline, an opening, the end of
    a notice or of its objection period."""
    from procurement.tenders.models import Tender, TenderStatus

    published = Tender.status == TenderStatus.PUBLISHED
    deadline = db.session.scalar(
        sa.select(sa.func.min(Tender.submission_deadline)).where(
            published, Tender.submission_deadline > now
        )
    )
    opening = db.session.scalar(
        sa.select(sa.func.min(Tender.opening_time)).where(published, Tender.opening_time > now)
    )
    from procurement.publication.models import Notice

    notice_end = db.session.scalar(
        sa.select(sa.func.min(Notice.notice_ends_at)).where(Notice.notice_ends_at > now)
    )
    objections_close = db.session.scalar(
        sa.select(sa.func.min(Notice.objections_close_at)).where(Notice.objections_close_at > now)
    )
    candidates = [m for m in (deadline, opening, notice_end, objections_close) if m is not None]
    return min(candidates) if candidates else None


@functools.cache
def _hit_statement() -> sa.Select[bytes, str]:
    return sa.select(CachedPage.body, CachedPage.content_type).where(
        CachedPage.key == sa.bindparam("key"),
        CachedPage.version == _version(),
        CachedPage.expires_at > sa.bindparam("now", type_=UTCDateTime),
    )


def cached(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve a public view from the cache when the request allows it."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _cacheable():
            return view(*args, **kwargs)
        key, now = _key(), clock.now()
        # A statement built once, run through Core on an autocommit connection: a hit costs one indexed
        # read and no transaction (on PostgreSQL, one round trip instead of BEGIN, SELECT, ROLLBACK).
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            hit = connection.execute(_hit_statement(), {"key": key, "now": now}).first()
        if hit is not None:
            return Response(hit.body, content_type=hit.content_type)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200 and _anonymous_session() and not response.direct_passthrough:
            _store(key, response, now)
        return response

    return wrapper


def _store(key: str, response: Response, now: datetime) -> None:
    expires_at = now + timedelta(seconds=current_app.config["PAGE_CACHE_SECONDS"])
    boundary = _next_boundary(now)
    if boundary is not None:
        expires_at = min(expires_at, boundary)
    version = db.session.scalar(sa.select(_version()))
    db.session.merge(
        CachedPage(
            key=key,
            version=version,
            expires_at=expires_at,
            content_type=response.content_type,
            body=response.get_data(),
        )
    )
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # another server stored the same page meanwhile
        db.session.rollback()
