"""The home page, the health check and the language switch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from procurement import clock
from procurement.extensions import db
from procurement.labels import enum_label
from procurement.main import queries
from procurement.main.operations import remember_language
from procurement.pagecache import cached
from procurement.queryargs import refuse_unreadable_values
from procurement.shaoguan import queries as shaoguan_queries
from procurement.util import safe_next_url
from procurement.web import attempt

bp = Blueprint("main", __name__)


# Every request, on every blueprint: a NUL in the address or a form is a 400, never a database error.
bp.before_app_request(refuse_unreadable_values)


@bp.app_context_processor
def words() -> dict[str, Any]:
    """`enum_label(status)`: every state of every enum in words (procurement.labels)."""
    return {"enum_label": enum_label}


@bp.get("/")
@cached  # the most visited page: 64 connections got ~200 pages/s rendered, ~1,000/s from the cache
def index() -> Any:
    return render_template(
        "main/index.html",
        open_tenders=queries.open_for_bids(clock.now()),
        notices=queries.notices_under_way(),
        results=queries.recent_results(),
        programmes=shaoguan_queries.programmes(),
    )


@bp.get("/ping")
def ping() -> Any:
    """Liveness: answers without touching the database (also the benchmarks' trivial route)."""
    return "ok", 200, {"Content-Type": "text/plain"}


@bp.get("/health")
def health() -> Any:
    """Readiness: the database answers."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/language/<locale>")
def set_language(locale: str) -> Any:
    # A plain link, not a form: choosing a language is harmless, and public pages then carry no
    # CSRF token, so that anonymous visitors get no session and can be served from the page cache.
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated and current_user.locale != locale:
            attempt(remember_language, current_user, locale)
    return redirect(safe_next_url(request.args.get("next")) or url_for("main.index"))
