"""The two steps every register upload shares, whoever uploads (an insurer its policies and claims,
a user unit its elevators): check and keep a clean file, then import or discard it."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.extensions import db
from procurement.register import operations as ops
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
    """Check the posted file: a problem or row errors re-render `page`; a clean file is kept and
    its preview shown."""
    form = RegisterUploadForm(prefix=kind)
    if not form.validate_on_submit():
        return page("；".join(e for errs in form.errors.values() for e in errs), kind=kind)
    upload = form.file.data
    done = attempt(ops.stage, kind, upload.filename or "upload", upload.read(), current_user)
    if not done.ok:
        return page("；".join(done.place_on(None)), kind=kind)
    staged, checked = done.value
    if staged is None:
        return page(errors=checked, kind=kind)
    return redirect(url_for(pending_endpoint, upload_id=staged.id))


def pending(upload_id: int, home_endpoint: str) -> Any:
    """The preview of a kept upload, with its import and discard buttons; another's is a 404."""
    item = db.get_or_404(RegisterUpload, upload_id)
    if not item.visible_to(current_user):
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        discard = request.form.get("action") == "discard"
        done: Outcome[Any] = attempt(ops.discard if discard else ops.confirm, item)
        if not done.ok:
            done.flash_problems()
            return redirect(request.path)
        flash(_message(discard, done.value), "success")
        return redirect(url_for(home_endpoint))
    columns = {key: HEADERS[item.kind][i] for key, i in PREVIEW[item.kind].items()}
    return render_template(
        "register/pending.html", item=item, form=form, columns=columns, back=url_for(home_endpoint)
    )


def _message(discarded: bool, checked: Any) -> str:
    if discarded:
        return _("Discarded; nothing was imported.")
    return _(
        "Imported: %(added)s added, %(changed)s changed.",
        added=checked.added,
        changed=checked.changed,
    )
