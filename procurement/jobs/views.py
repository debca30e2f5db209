"""A job's progress (polled by static/jobs.js), the owner's list of jobs and their retry; the page
shown in place of a document still being prepared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.downloads import send_download
from procurement.extensions import db
from procurement.jobs import operations
from procurement.jobs.models import Job, JobState
from procurement.jobs.runner import may_follow
from procurement.security import SIGNED_IN, roles
from procurement.web import attempt

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

KIND_LABELS = {
    "notice_pdf": _l("Notice of the candidates (PDF)"),
    "maintenance_pdf": _l("Maintenance evaluation results (PDF)"),
    "report_draft": _l("Evaluation report awaiting signatures (PDF)"),
    "evaluation_report": _l("Evaluation report (PDF)"),
    "email": _l("Email of a notification"),
    "register_check": _l("Checking an upload of the register"),
    "register_import": _l("Importing an upload of the register"),
    "annex_frozen": _l("Annexes of a submitted report (XLSX and PDF)"),
    "annex_live": _l("Annex of the register's figures (download)"),
    "poster": _l("Posters of a notice to owners (PDF)"),
}


def _owned_by_viewer(job: Job) -> bool:
    user = current_user
    return bool(user.is_authenticated and (user.id == job.owner_id or user.role is Role.ADMIN))


@bp.get("/<int:job_id>/status")
def status(job_id: int) -> Any:
    """State and progress; the error only to its owner (it may name the server's internals)."""
    job = db.get_or_404(Job, job_id)
    owner = _owned_by_viewer(job)
    if not owner and not may_follow(job, current_user):
        abort(404)
    answer = {"state": job.state.value, "progress": job.progress, "attempts": job.attempts}
    if owner and job.error:
        answer["error"] = job.error
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@roles(SIGNED_IN)
def index() -> Any:
    query = sa.select(Job).order_by(Job.updated_at.desc(), Job.id.desc()).limit(200)
    if current_user.role is not Role.ADMIN:
        query = query.where(Job.owner_id == current_user.id)
    return render_template("jobs/index.html", jobs=db.session.scalars(query).all(),
                           kind_labels=KIND_LABELS)  # fmt: skip


@bp.post("/<int:job_id>/retry")
@roles(SIGNED_IN)
def retry(job_id: int) -> Any:
    job = db.get_or_404(Job, job_id)
    if not _owned_by_viewer(job):
        abort(404)
    done = attempt(operations.retry, job, current_user)
    if done.ok:
        flash(_("The job is queued again."), "success")
    else:
        done.flash_problems()
    return redirect(url_for("jobs.index"))


def stored_or_preparing(
    data: bytes | None, filename: str, ask: Callable[[], Job], title: str = "", **download: Any
) -> Any:
    """A document prepared by a job: its stored bytes, or the page that follows the job. `ask` asks
    for the job (a document from before its kind was stored gets it on this first request); the ask
    is committed although this is a GET, so the first visitor asks for what every later one gets."""
    if data is not None:
        return send_download(data, filename, **download)
    job = ask()
    db.session.commit()  # deliberate, on a GET: see the docstring
    return preparing(job, title or filename)


def preparing(job: Job, title: str, failed_text: str | None = None) -> Any:
    """The page in place of a document not yet prepared: 正在生成, a progress bar that follows the
    job, then the download link (the same address). 202: the document is accepted, not there yet."""
    return render_template("jobs/preparing.html", job=job, title=title, failed_text=failed_text,
                           failed=job.state is JobState.FAILED), 202  # fmt: skip
