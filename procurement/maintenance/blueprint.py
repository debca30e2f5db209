"""The maintenance blueprint and what its pages share: the loaders that answer 404, the upload limit,
staging an upload, problems in words.

The officer's pages (views.py for periods, uploads and publication; registry_views.py for the
company registry and the template files) and the public ones (public.py) add their routes to `bp`;
views.py imports the other two so that the app, which imports `views.bp`, registers them all.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user

from procurement.extensions import db
from procurement.maintenance import display
from procurement.maintenance import operations as ops
from procurement.maintenance.models import (
    DataImport,
    EvaluationPeriod,
    ImportKind,
    MaintenanceCompany,
)
from procurement.maintenance.uploads import MAX_FILE_BYTES
from procurement.web import attempt

bp = Blueprint("maintenance", __name__)
bp.app_context_processor(display.helpers)

# A city's elevator records run to tens of MB: these uploads may exceed the app-wide limit.
UPLOAD_LIMIT = MAX_FILE_BYTES + 1024 * 1024  # the file and the rest of the form
ERROR_LIMIT = 1000  # row errors listed on a page; the count says how many there are in all


def load_period(period_id: int) -> EvaluationPeriod:
    """A period the signed-in officer's office owns; 404 for another office's."""
    period = db.get_or_404(EvaluationPeriod, period_id)
    if not period.can_manage(current_user):
        abort(404)
    return period


def load_import(import_id: int) -> DataImport:
    """An upload of one's own office's period (registry uploads belong to no period)."""
    item = db.get_or_404(DataImport, import_id)
    if item.period is not None and not item.period.can_manage(current_user):
        abort(404)
    return item


def load_company(company_id: int | None) -> MaintenanceCompany | None:
    """The company of an edit page, or None on the page that adds one."""
    return db.get_or_404(MaintenanceCompany, company_id) if company_id else None


def problem_text(problems: list[str]) -> str | None:
    """Problems that belong to no field, as the one line shown above a form."""
    return "；".join(problems) or None


def form_problems(form: Any) -> str | None:
    """A form's validation errors as that one line (an upload form has a single field)."""
    return problem_text([e for errors in form.errors.values() for e in errors])


def stage_upload(
    kind: ImportKind, period: EvaluationPeriod | None, form: Any
) -> tuple[Any, Any, str | None]:
    """Check an upload and keep it for confirmation. Returns (the redirect to its confirmation page,
    or None; the checked file if rows have errors; the file-level problem in words)."""
    upload = form.file.data
    name = upload.filename or "upload"
    done = attempt(ops.stage, kind, period, name, upload.read(), current_user)
    if not done.ok:
        return None, None, problem_text(done.place_on(None))
    pending, checked = done.value
    if pending is None:
        return None, checked, None
    return redirect(url_for("maintenance.pending", import_id=pending.id)), None, None
