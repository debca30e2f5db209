"""The insurers' pages of the maintenance evaluation: recording spot checks one by one or by a file
checked and previewed before it is imported, and their photos. On the blueprint of blueprint.py.

Only the users of an approved insurer use them; an insurer sees its own spot checks and uploads only
(another's answer 404), the officers see every spot check's photos.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.downloads import send_download
from procurement.extensions import db
from procurement.maintenance import queries, spotchecks
from procurement.maintenance import spotcheck_operations as sops
from procurement.maintenance.blueprint import ERROR_LIMIT, UPLOAD_LIMIT, bp, form_problems
from procurement.maintenance.forms import ConfirmForm, SpotCheckForm, UploadForm
from procurement.maintenance.models import DataImport, ImportKind, SpotCheckPhoto
from procurement.security import roles, upload_limit
from procurement.spreadsheets import table
from procurement.web import attempt, form_status


def _insurer() -> int:
    """The signed-in insurer's id; 404 for a user who is not one of an approved insurer."""
    if not current_user.can_bid:
        abort(404)
    return int(current_user.insurer_id)


def _page(form: Any, upload: Any, *, problem: str | None = None, errors: Any = None) -> Any:
    return render_template(
        "maintenance/spot_checks.html", form=form, upload_form=upload, problem=problem,
        errors=errors, error_limit=ERROR_LIMIT, checks=queries.spot_checks_of(_insurer()),
    ), form_status() if errors is None else 400  # fmt: skip


@bp.route("/insurer/spot-checks/", methods=["GET", "POST"])
@roles(Role.INSURER)
@upload_limit(spotchecks.MAX_PHOTO_BYTES * spotchecks.MAX_PHOTOS + 1024 * 1024)
def spot_checks() -> Any:
    _insurer()
    form = SpotCheckForm()
    problem = None
    if form.validate_on_submit():
        done = attempt(sops.record_spot_check, current_user, form.values(), form.photo_files())
        if done.ok:
            flash(_("The spot check is recorded."), "success")
            return redirect(url_for("maintenance.spot_checks"))
        problem = "；".join(done.place_on(form)) or None
    return _page(form, UploadForm(prefix="spot"), problem=problem)


@bp.post("/insurer/spot-checks/upload")
@roles(Role.INSURER)
@upload_limit(UPLOAD_LIMIT)
def spot_check_upload() -> Any:
    _insurer()
    upload = UploadForm(prefix="spot")
    if not upload.validate_on_submit():
        return _page(SpotCheckForm(formdata=None), upload, problem=form_problems(upload))
    file = upload.file.data
    done = attempt(sops.stage_spot_checks, current_user, file.filename or "upload", file.read())
    if not done.ok:
        return _page(SpotCheckForm(formdata=None), upload, problem="；".join(done.place_on(None)))
    pending, errors, rows = done.value
    if pending is None:
        return _page(SpotCheckForm(formdata=None), upload, errors={"errors": errors, "rows": rows})
    return redirect(url_for("maintenance.spot_check_import", import_id=pending.id))


@bp.route("/insurer/spot-checks/imports/<int:import_id>", methods=["GET", "POST"])
@roles(Role.INSURER)
def spot_check_import(import_id: int) -> Any:
    _insurer()
    item = db.get_or_404(DataImport, import_id)
    if item.kind != ImportKind.SPOT_CHECKS or item.created_by_id != current_user.id:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        apply = request.form.get("action") != "discard"
        done = attempt(sops.confirm_spot_checks, item, current_user, apply)
        if not done.ok:
            done.flash_problems()
            return redirect(url_for("maintenance.spot_check_import", import_id=item.id))
        flash(
            _("%(n)s spot checks imported.", n=done.value) if apply else _("Discarded."), "success"
        )
        return redirect(url_for("maintenance.spot_checks"))
    return render_template(
        "maintenance/pending.html", item=item, form=form, template=None, repeat=None,
        back=url_for("maintenance.spot_checks"),
    )  # fmt: skip


@bp.get("/insurer/spot-checks/template.<fmt>")
@roles(Role.INSURER)
def spot_check_template(fmt: str) -> Any:
    if fmt not in {"csv", "xlsx"}:
        abort(404)
    example = ["31105001000001", "91500100000000006W", "2025-06-01", "制动器、门锁装置", "合格", ""]
    data = table(spotchecks.HEADERS, [example], fmt, "保险机构抽查")
    return send_download(data, f"spot-checks.{fmt}")


@bp.get("/spot-checks/photos/<int:photo_id>")
@roles(Role.INSURER, Role.OFFICER)
def spot_check_photo(photo_id: int) -> Any:
    photo = db.get_or_404(SpotCheckPhoto, photo_id)
    if not photo.spot_check.can_read(current_user) or photo.data is None:
        abort(404)
    return send_download(photo.data, photo.filename, mimetype=photo.mimetype, inline=True)
