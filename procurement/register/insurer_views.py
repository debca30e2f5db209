"""An insurer's pages of the register: upload its policies and claims (check, preview, confirm,
all or nothing) and list them. Only its own: another insurer's upload is a 404."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.register import queries, uploads
from procurement.register.blueprint import bp
from procurement.register.forms import RegisterUploadForm
from procurement.security import roles, upload_limit

KINDS = ("policies", "claims")


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
        upload_errors=errors, upload_kind=kind, error_limit=uploads.ERROR_LIMIT,
    ), 400 if problem or errors else 200  # fmt: skip


@bp.route("/pilot/insurer/")
@roles(Role.INSURER)
def insurer_home() -> Any:
    return _page()


@bp.post("/pilot/insurer/upload/<kind>")
@roles(Role.INSURER)
@upload_limit(uploads.UPLOAD_LIMIT)
def insurer_upload(kind: str) -> Any:
    if kind not in KINDS:
        abort(404)
    return uploads.receive(kind, _page, "register.insurer_pending")


@bp.route("/pilot/insurer/uploads/<int:upload_id>", methods=["GET", "POST"])
@roles(Role.INSURER)
def insurer_pending(upload_id: int) -> Any:
    return uploads.pending(upload_id, "register.insurer_home", _page)
