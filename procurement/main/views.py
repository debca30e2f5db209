"""The home page, the health check and the language switch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from procurement.extensions import db
from procurement.util import safe_next_url

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> Any:
    return render_template("main/index.html")


@bp.get("/health")
def health() -> Any:
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


@bp.post("/language")
def set_language() -> Any:
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated and current_user.locale != locale:
            current_user.locale = locale
            db.session.commit()
    return redirect(safe_next_url(request.form.get("next")) or url_for("main.index"))
