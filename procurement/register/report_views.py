"""The annexes as files, rendered by a worker (annex_jobs.py), never here: a submitted version's
frozen annexes (the rows stored at submission, with the version and its SHA-256) for the submitting
district's office and the city's regulator, a 404 for everyone else; and an office's download of
its live figures. Until a file is ready, the page that follows its job (202)."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, url_for
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.downloads import send_download
from procurement.extensions import db
from procurement.jobs.views import preparing, stored_or_preparing
from procurement.organisations.models import District
from procurement.register import annex_jobs, reports
from procurement.register.annex_files import AnnexFile
from procurement.register.blueprint import bp
from procurement.register.models import ReportSubmission
from procurement.security import roles
from procurement.web import attempt


@bp.route("/pilot/reports/<int:report_id>/annex<int:number>.<fmt>")
@roles(Role.OFFICER, Role.SUPERVISOR)
def frozen_annex(report_id: int, number: int, fmt: str) -> Any:
    report = db.get_or_404(ReportSubmission, report_id)
    if (number, fmt) not in annex_jobs.FILES or not reports.visible_to(report, current_user):
        abort(404)
    name = f"附件{number}-{report.district.name}-{report.year}-v{report.version}.{fmt}"
    stored = annex_jobs.frozen_file(report, number, fmt)
    data = stored.data if stored is not None else None
    return stored_or_preparing(data, name, lambda: annex_jobs.frozen_job(report))


def ask_live(district: Any, year: int, number: int, fmt: str) -> Any:
    """The district office's download of the live annex: asked of a worker, then followed."""
    done = attempt(annex_jobs.ask_live, district, year, number, fmt, current_user)
    if not done.ok:
        done.flash_problems()
        return redirect(url_for("register.district_home", year=year))
    return redirect(url_for("register.live_annex", file_id=done.value.id))


@bp.route("/pilot/annexes/<int:file_id>")
@roles(Role.OFFICER, Role.SUPERVISOR)
def live_annex(file_id: int) -> Any:
    """One asked-for download: the asker's alone (a day; then it is asked for again)."""
    row = db.session.get(AnnexFile, file_id)
    if row is None or row.report_id is not None or row.requested_by_id != current_user.id:
        abort(404)
    district = db.get_or_404(District, row.district_id)
    name = f"附件{row.number}-{district.name}-{row.year}.{row.fmt}"
    if row.data is not None:
        return send_download(row.data, name)
    job = annex_jobs.job_of(annex_jobs.ANNEX_LIVE, row.id)
    if job is None:
        abort(404)
    return preparing(job, name)
