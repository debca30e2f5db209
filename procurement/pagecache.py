"""A page cache for anonymous visitors of public pages, shared by every app server.

Public notices are read far more often than they change. A rendered page is stored in the database
with the audit chain's length at the time: since every state change appends an audit event, any
change anywhere makes every cached page stale at once, with no bookkeeping in the operations. A
page also expires at the next moment a feature says a public page changes by the clock alone (an
*expiry source* the feature registers: deadlines, openings, the end of a notice) and after
PAGE_CACHE_SECONDS at most.

Only requests whose session holds nothing but the chosen language (no signed-in user, no flashed
message) are served from or stored in the cache, so a cached page never holds anything personal; the
language is part of the key.

Anonymous visitors choose the query string, so it cannot choose the key: a view names the query
parameters it reads (`@cached("q", "page")`), the key holds those alone, and the view sees those alone.
Dead rows (expired, or older than the last state change) are deleted a few at a time on every write
and all at once by `flask --app procurement pagecache purge`; at most PAGE_CACHE_MAX_ROWS are kept.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, overload
from urllib.parse import urlencode

import click
import sqlalchemy as sa
from flask import Flask, Response, current_app, request, session
from flask.cli import AppGroup
from flask.sansio.app import App
from sqlalchemy.orm import Mapped, mapped_column

from procurement import clock
from procurement.audit.models import AuditHead
from procurement.db import UTCDateTime
from procurement.extensions import Model, db
from procurement.i18n import select_locale

# A function of the present moment giving a SELECT of one row of moments still to come (NULL for none):
# a public page changes by the clock alone at the earliest of them. A statement rather than a value, so
# that features' queries modules stay free of sessions, like their other reads.
ExpirySource = Callable[[datetime], sa.Select[Any]]
View = Callable[..., Any]

EXTENSION = "tibao.pagecache"
PURGE_ON_WRITE = 50  # dead rows deleted with each stored page: enough to outpace one row per miss


class CachedPage(Model):
    __tablename__ = "page_cache"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    version: Mapped[int]
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)


def register_expiry_source(app: App, source: ExpirySource) -> None:
    """Let a feature say when its public pages change by the clock (call it from blueprint setup:
    `bp.record_once(lambda state: register_expiry_source(state.app, queries.next_clock_change))`)."""
    sources = app.extensions.setdefault(EXTENSION, [])
    if source not in sources:
        sources.append(source)


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


def _read_only(parameters: frozenset[str]) -> str:
    """Keep only the query parameters the view reads, in a fixed order, and show the view only those.

    The request itself is narrowed (not just the key) so that a stored page is exactly the page of its
    key: links built from the query string (pagination, the language switch) cannot carry a first
    visitor's extra parameters to everyone served the copy.
    """
    args = request.args
    query = urlencode(
        [(name, value) for name in sorted(parameters) for value in args.getlist(name)]
    )
    real = request._get_current_object()  # type: ignore[attr-defined]  # the proxied Request
    real.query_string = query.encode()
    for derived in ("args", "full_path", "url"):  # werkzeug caches these on first use
        real.__dict__.pop(derived, None)
    return query


def _key(query: str) -> str:
    # select_locale gives the code as a string; Flask-Babel's get_locale would parse it into a
    # babel Locale, which costs more than the whole cached response.
    key = f"{select_locale()}|{request.host}|{request.path}?{query}"
    return hashlib.sha256(key.encode()).hexdigest()


def _version() -> sa.ScalarSelect[int]:
    return sa.select(sa.func.coalesce(sa.func.max(AuditHead.seq), 0)).scalar_subquery()


def _next_boundary(now: datetime) -> datetime | None:
    """The earliest moment any registered expiry source names."""
    sources: list[ExpirySource] = current_app.extensions.get(EXTENSION, [])
    moments = [
        moment
        for source in sources
        for moment in db.session.execute(source(now)).one()
        if moment is not None
    ]
    return min(moments) if moments else None


@functools.cache
def _hit_statement() -> sa.Select[bytes, str]:
    return sa.select(CachedPage.body, CachedPage.content_type).where(
        CachedPage.key == sa.bindparam("key"),
        CachedPage.version == _version(),
        CachedPage.expires_at > sa.bindparam("now", type_=UTCDateTime),
    )


@overload
def cached(view: View, /) -> View: ...
@overload
def cached(*parameters: str) -> Callable[[View], View]: ...
def cached(*parameters: Any) -> Any:
    """Serve a public view from the cache when the request allows it.

    `@cached` for a view that reads no query parameter; `@cached("q", "page")` for one that reads
    these (any other parameter is dropped before the view runs).
    """
    if len(parameters) == 1 and callable(parameters[0]):
        return _cached(parameters[0], frozenset())
    return functools.partial(_cached, parameters=frozenset(parameters))


def _cached(view: View, parameters: frozenset[str]) -> View:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _cacheable():
            return view(*args, **kwargs)
        key, now = _key(_read_only(parameters)), clock.now()
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

    setattr(wrapper, "cached_parameters", parameters)  # noqa: B010  # read by tests and tools
    return wrapper


def _store(key: str, response: Response, now: datetime) -> None:
    purge(now, limit=PURGE_ON_WRITE)
    kept = db.session.scalar(sa.select(sa.func.count()).select_from(CachedPage)) or 0
    if kept >= current_app.config["PAGE_CACHE_MAX_ROWS"]:
        db.session.commit()  # the purge; the page is served uncached until rows expire
        return
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


def purge(now: datetime, limit: int | None = None) -> int:
    """Delete cached pages that can never be served again (expired, or from before the last state
    change), `limit` at most; flushes, the caller commits. Returns how many were deleted."""
    dead = sa.select(CachedPage.key).where(
        sa.or_(CachedPage.expires_at <= now, CachedPage.version < _version())
    )
    if limit is not None:
        dead = dead.limit(limit)
    result = db.session.execute(
        sa.delete(CachedPage).where(CachedPage.key.in_(dead.scalar_subquery())),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0)


pagecache_cli = AppGroup("pagecache", help="The cache of public pages.")


@pagecache_cli.command("purge")
def purge_command() -> None:
    """Delete every cached page that can no longer be served."""
    deleted = purge(clock.now())
    db.session.commit()
    left = db.session.scalar(sa.select(sa.func.count()).select_from(CachedPage))
    click.echo(f"page cache: {deleted} dead pages deleted, {left} kept")


def init_app(app: Flask) -> None:
    app.cli.add_command(pagecache_cli)
