"""The two steps every register upload shares, whoever uploads (an insurer its policies and claims,
a user unit its elevators): check and keep a clean file, then import or discard it."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.extensions import db
from procurement.jobs.models import JobState
from procurement.maintenance.records import RowError
from procurement.register import operations as ops
from procurement.register import upload_jobs
from procurement.register.forms import ConfirmForm, RegisterUploadForm
from procurement.register.models import RegisterUpload
from procurement.register.rows import HEADERS
from procurement.web import Outcome, attempt

UPLOAD_LIMIT = ops.MAX_FILE_BYTES + 1024 * 1024
ERROR_LIMIT = 1000
PREVIEW = {  # record key → its column in the file
    "policies": {"number": 0, "product": 3, "premium": 5, "source": 6, "starts_on": 7,
                 "ends_on": 8, "status": 9},
    "claims": {"number": 0, "occurred_at": 3, "reported_at": 4, "paid_at": 7, "amount": 8,
               "payee": 9},
    "elevators": {"number": 0, "registration_code": 1, "unit_name": 2, "community": 5,
                  "address": 6, "in_service_on": 7, "stops": 8, "residents": 9, "ownership": 10},
}  # fmt: skip


def receive(kind: str, page: Any, pending_endpoint: str) -> Any:
    """Keep the posted file and ask a worker to check it; its page follows the check."""
    form = RegisterUploadForm(prefix=kind)
    if not form.validate_on_submit():
        return page("；".join(e for errs in form.errors.values() for e in errs), kind=kind)
    upload = form.file.data
    name = upload.filename or "upload"
    done = attempt(upload_jobs.receive, kind, name, upload.read(), current_user)
    if not done.ok:
        return page("；".join(done.place_on(None)), kind=kind)
    return redirect(url_for(pending_endpoint, upload_id=done.value.id))


def pending(upload_id: int, home_endpoint: str, page: Any) -> Any:
    """An upload's page: its check or import under way (202, a progress bar that follows the job),
    its preview with the import and discard buttons, or, on `page` (the uploader's), the rows'
    errors or what was imported. Another's upload is a 404."""
    item = db.get_or_404(RegisterUpload, upload_id)
    if not item.visible_to(current_user):
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        discard = request.form.get("action") == "discard"
        if discard:
            done: Outcome[Any] = attempt(ops.discard, item)
        else:
            done = attempt(upload_jobs.request_import, item, current_user)
        if not done.ok:
            done.flash_problems()
            return redirect(request.path)
        if discard:
            flash(_("Discarded; nothing was imported."), "success")
            return redirect(url_for(home_endpoint))
        return redirect(request.path)
    back = url_for(home_endpoint)
    if item.status in ("checking", "importing"):
        job = upload_jobs.job_of(item)
        return render_template("register/upload_job.html", item=item, job=job, back=back,
                               failed=job is not None and job.state is JobState.FAILED), 202  # fmt: skip
    if item.status == "pending":
        columns = {key: HEADERS[item.kind][i] for key, i in PREVIEW[item.kind].items()}
        return render_template(
            "register/pending.html", item=item, form=form, columns=columns, back=back
        )
    outcome = item.outcome or {}
    if item.status == "applied":  # the result, on the page the upload came from
        flash(_("Imported: %(added)s added, %(changed)s changed.", added=outcome.get("added", 0),
                changed=outcome.get("changed", 0)), "success")  # fmt: skip
        return redirect(back)
    if item.status != "refused":  # discarded
        return redirect(back)
    errors = [RowError(**error) for error in outcome.get("errors", [])]
    checked = {"errors": errors, "rows": outcome.get("rows", 0)} if errors else None
    html, _status = page(upload_jobs.problem_text(outcome) or None, errors=checked, kind=item.kind)
    return html, 200  # the page the upload came from, with the check's errors
