"""What a worker does with a job's id: run its kind's work once, keep state, progress, result, error.

A worker commits (it is not a request): the job's row as it starts, its progress, and its end together
with what the work stored. A duplicate delivery, or one for a revision that has since been replaced,
does nothing.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from procurement import clock
from procurement.extensions import db
from procurement.jobs.models import Job, JobState

log = logging.getLogger(__name__)

# kind -> "module:function"; the function takes (subject_id, progress) and returns what it stored,
# in words (imported when run: the app starts without WeasyPrint).
KINDS = {
    "notice_pdf": "procurement.publication.documents:prepare",
    "maintenance_pdf": "procurement.maintenance.documents:prepare",
    "report_draft": "procurement.evaluation.documents:prepare_draft",
    "evaluation_report": "procurement.evaluation.documents:prepare_report",
    "email": "procurement.publication.notifications:send",
    "register_check": "procurement.register.upload_jobs:check",
    "register_import": "procurement.register.upload_jobs:import_",
    "annex_frozen": "procurement.register.annex_jobs:prepare_frozen",
    "annex_live": "procurement.register.annex_jobs:prepare_live",
    "poster": "procurement.shaoguan.posters:prepare",
}
# the kinds whose state anyone may see (they prepare documents of published content)
PUBLIC_KINDS = {"notice_pdf", "maintenance_pdf", "poster"}
# the kinds whose state others than the owner may follow: kind -> "module:function" (job, user) -> bool
FOLLOWERS = {
    "report_draft": "procurement.evaluation.documents:can_follow",
    "evaluation_report": "procurement.evaluation.documents:can_follow",
    "register_check": "procurement.register.upload_jobs:can_follow",
    "register_import": "procurement.register.upload_jobs:can_follow",
    "annex_frozen": "procurement.register.annex_jobs:can_follow",
}

Progress = Callable[[int], None]


def work_of(kind: str) -> Callable[[int, Progress], str]:
    module, name = KINDS[kind].split(":")
    return getattr(importlib.import_module(module), name)


def may_follow(job: Job, user: object) -> bool:
    """Whether `user` may see the state and progress of `job` (not its error: the owner's)."""
    if job.kind in PUBLIC_KINDS:
        return True
    if job.kind not in FOLLOWERS:
        return False
    module, name = FOLLOWERS[job.kind].split(":")
    return bool(getattr(importlib.import_module(module), name)(job, user))


def _current(job_id: int, revision: int, *, lock: bool = False) -> Job | None:
    query = sa.select(Job).where(Job.id == job_id).execution_options(populate_existing=True)
    job = db.session.scalar(query.with_for_update() if lock else query)
    if job is None or job.revision != revision or job.state is JobState.DONE:
        return None
    return job


def run(job_id: int, revision: int, retries_left: int = 0) -> None:
    job = _current(job_id, revision, lock=True)
    if job is None:
        db.session.rollback()
        return
    now = clock.now()
    job.state, job.started_at, job.updated_at = JobState.RUNNING, now, now
    job.attempts += 1
    job.progress, job.error = 0, None
    kind, subject_id = job.kind, job.subject_id
    db.session.commit()

    def progress(percent: int) -> None:
        db.session.execute(
            sa.update(Job).where(Job.id == job_id, Job.revision == revision)
            .values(progress=max(0, min(100, int(percent))), updated_at=clock.now())
        )  # fmt: skip
        db.session.commit()

    try:
        result = work_of(kind)(subject_id, progress)
    except Exception as error:
        db.session.rollback()
        _failed(job_id, revision, error, retries_left)
        if retries_left:
            raise  # Huey tries again after JOBS_RETRY_DELAY
        return
    job = _current(job_id, revision, lock=True)
    if job is None:  # the subject changed meanwhile: the newer revision stores its own result
        db.session.rollback()
        return
    job.state, job.progress, job.result = JobState.DONE, 100, result[:300]
    job.finished_at = job.updated_at = clock.now()
    db.session.commit()


def _failed(job_id: int, revision: int, error: Exception, retries_left: int) -> None:
    log.exception("job %s failed", job_id, exc_info=error)
    job = _current(job_id, revision, lock=True)
    if job is None:
        db.session.rollback()
        return
    job.error = f"{type(error).__name__}: {error}"[:2000]
    job.state = JobState.QUEUED if retries_left else JobState.FAILED
    job.finished_at = None if retries_left else clock.now()
    job.updated_at = clock.now()
    db.session.commit()


def recover() -> int:
    """Queue again the jobs queued or running for longer than JOBS_STALE_AFTER seconds (a worker
    stopped while it held them, or the queue lost them); a job that is in fact still queued runs
    once (the second delivery finds it done)."""
    since = clock.now() - timedelta(seconds=current_app.config["JOBS_STALE_AFTER"])
    stale = db.session.execute(
        sa.select(Job.id, Job.revision).where(
            Job.state.in_([JobState.QUEUED, JobState.RUNNING]), Job.updated_at < since
        )
    ).all()
    for job_id, revision in stale:
        db.session.execute(sa.update(Job).where(Job.id == job_id).values(updated_at=clock.now()))
        db.session.commit()
        current_app.extensions["huey.perform"](job_id, revision)  # queue.make_huey's task
    return len(stale)
