"""The audit log for administrators: browse and filter, and check the chain."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-wtforms yet

from procurement.accounts.models import Role
from procurement.audit import checkpoints, queries
from procurement.audit.forms import AuditFilterForm
from procurement.audit.operations import verify_chain
from procurement.extensions import db
from procurement.queryargs import paginate
from procurement.security import roles

bp = Blueprint("audit", __name__, url_prefix="/audit")
LISTED_CHECKPOINTS = 100  # on the page; the JSON has every one

bp.record_once(lambda state: checkpoints.install_stage_hooks())


@bp.get("/")
@roles(Role.ADMIN)
def index() -> Any:
    form = AuditFilterForm(request.args)
    form.object_type.choices = [SelectChoice("", _("All objects"))] + [
        SelectChoice(name, name) for name in db.session.scalars(queries.object_types())
    ]
    valid = form.validate()
    filters: dict[str, Any] = {}
    if valid:
        filters = {
            "action": form.action.data,
            "actor": form.actor.data,
            "object_type": form.object_type.data,
            "since": form.since.data,
            "until": form.until.data,
        }
    page = paginate(queries.events_query(**filters))
    status = 200 if valid or not request.args else 400
    masking = queries.masking(page.items)
    return render_template("audit/index.html", form=form, page=page, masking=masking), status


@bp.post("/verify")
@roles(Role.ADMIN)
def verify() -> Any:
    result = verify_chain()
    return render_template("audit/verify.html", result=result)


@bp.get("/checkpoints")  # public: PUBLIC_ENDPOINTS
def checkpoint_list() -> Any:
    """The signed checkpoints, for anybody to keep a copy of (`?format=json` for `audit verify`)."""
    listing = checkpoints.published(checkpoints.stored_checkpoints())
    if request.args.get("format") == "json":
        return jsonify(listing)
    latest = listing["checkpoints"][::-1][:LISTED_CHECKPOINTS]
    return render_template("audit/checkpoints.html", listing=listing, latest=latest)
