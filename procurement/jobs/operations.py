"""Asking for a job, and retrying one that failed. They flush, never commit; the job is put on the
queue when the caller's transaction commits (queue.after_commit)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.jobs.models import Job, JobState
from procurement.jobs.queue import PENDING


class JobError(DomainError):
    messages = {
        "not_failed": _l("Only a failed job can be retried."),
    }


def key_of(kind: str, subject_id: int) -> str:
    return f"{kind}:{subject_id}"


def _queue(job: Job) -> None:
    db.session.flush()
    db.session.info.setdefault(PENDING, {})[job.id] = job.revision


def ensure(kind: str, subject_id: int, owner_id: int | None) -> Job:
    """The job that does `kind` for `subject_id`, asked for once: asking again while it is queued,
    running or done does nothing (a failed one waits for its owner's retry)."""
    job = db.session.scalar(sa.select(Job).where(Job.key == key_of(kind, subject_id)))
    if job is not None:
        return job
    job = Job(key=key_of(kind, subject_id), kind=kind, subject_id=subject_id, owner_id=owner_id,
              state=JobState.QUEUED, progress=0, revision=1, attempts=0)  # fmt: skip
    db.session.add(job)
    _queue(job)
    return job


def renew(kind: str, subject_id: int, owner_id: int | None) -> Job:
    """Do `kind` for `subject_id` again, its subject having changed: a new revision, queued (a run
    of the previous revision still under way keeps nothing)."""
    job = db.session.scalar(sa.select(Job).where(Job.key == key_of(kind, subject_id)))
    if job is None:
        return ensure(kind, subject_id, owner_id)
    _restart(job)
    job.revision += 1
    if owner_id is not None:
        job.owner_id = owner_id
    _queue(job)
    return job


def retry(job: Job, user: Any) -> Job:
    """The owner tries a failed job again (the same revision: its subject has not changed)."""
    if job.state is not JobState.FAILED:
        raise JobError("not_failed")
    _restart(job)
    _queue(job)
    from procurement.audit.operations import record

    record("jobs.retry", job, details={"kind": job.kind, "subject": job.subject_id})
    return job


def _restart(job: Job) -> None:
    job.state, job.progress, job.error, job.result = JobState.QUEUED, 0, None, None
    job.attempts = 0  # of this revision
    job.started_at = job.finished_at = None
    job.updated_at = clock.now()
