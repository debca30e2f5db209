"""An insurer's pages of the register: upload its policies and claims (check, preview, confirm,
all or nothing) and list them. Only its own: another insurer's upload is a 404."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.register import operations as ops
from procurement.register import queries
from procurement.register.blueprint import bp
from procurement.register.forms import ConfirmForm, RegisterUploadForm
from procurement.register.models import RegisterUpload
from procurement.register.rows import HEADERS
from procurement.security import roles, upload_limit
from procurement.web import Outcome, attempt

KINDS = ("policies", "claims")
UPLOAD_LIMIT = ops.MAX_FILE_BYTES + 1024 * 1024
ERROR_LIMIT = 1000
PREVIEW = {  # record key → its column in the file
    "policies": {"number": 0, "product": 3, "premium": 5, "source": 6, "starts_on": 7,
                 "ends_on": 8, "status": 9},
    "claims": {"number": 0, "occurred_at": 3, "reported_at": 4, "paid_at": 7, "amount": 8,
               "payee": 9},
}  # fmt: skip


def _insurer_id() -> int:
    if current_user.insurer_id is None:
        abort(404)
    return int(current_user.insurer_id)


def _page(problem: str | None = None, errors: Any = None, kind: str | None = None) -> Any:
    insurer = _insurer_id()
    return render_template(
        "register/insurer.html", forms={k: RegisterUploadForm(prefix=k, formdata=None) for k in KINDS},
        policies=queries.insurer_policies(insurer), claims=queries.insurer_claims(insurer),
        counts=queries.insurer_counts(insurer), limit=queries.LIST_LIMIT, problem=problem,
        upload_errors=errors, upload_kind=kind, error_limit=ERROR_LIMIT,
    ), 400 if problem or errors else 200  # fmt: skip


@bp.route("/pilot/insurer/")
@roles(Role.INSURER)
def insurer_home() -> Any:
    return _page()


@bp.post("/pilot/insurer/upload/<kind>")
@roles(Role.INSURER)
@upload_limit(UPLOAD_LIMIT)
def insurer_upload(kind: str) -> Any:
    if kind not in KINDS:
        abort(404)
    form = RegisterUploadForm(prefix=kind)
    if not form.validate_on_submit():
        return _page("；".join(e for errs in form.errors.values() for e in errs), kind=kind)
    upload = form.file.data
    done = attempt(ops.stage, kind, upload.filename or "upload", upload.read(), current_user)
    if not done.ok:
        return _page("；".join(done.place_on(None)), kind=kind)
    staged, checked = done.value
    if staged is None:
        return _page(errors=checked, kind=kind)
    return redirect(url_for("register.insurer_pending", upload_id=staged.id))


@bp.route("/pilot/insurer/uploads/<int:upload_id>", methods=["GET", "POST"])
@roles(Role.INSURER)
def insurer_pending(upload_id: int) -> Any:
    item = db.get_or_404(RegisterUpload, upload_id)
    if not item.visible_to(current_user):
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        discard = request.form.get("action") == "discard"
        done: Outcome[Any] = attempt(ops.discard if discard else ops.confirm, item)
        if not done.ok:
            done.flash_problems()
            return redirect(url_for("register.insurer_pending", upload_id=item.id))
        flash(_message(discard, done.value), "success")
        return redirect(url_for("register.insurer_home"))
    columns = {key: HEADERS[item.kind][i] for key, i in PREVIEW[item.kind].items()}
    return render_template("register/pending.html", item=item, form=form, columns=columns)


def _message(discarded: bool, checked: Any) -> str:
    if discarded:
        return _("Discarded; nothing was imported.")
    return _(
        "Imported: %(added)s added, %(changed)s changed.",
        added=checked.added,
        changed=checked.changed,
    )
