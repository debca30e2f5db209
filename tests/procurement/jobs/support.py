"""A real worker for the tests (issue 19): an app that leaves its jobs to the queue, and
`flask jobs worker` started in its own process on the same database and queue."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from procurement.extensions import db as _db
from procurement.jobs.models import Job, JobState
from procurement.jobs.queue import huey_of
from procurement.processes import worker_process
from tests.conftest import make_app


def queued_app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The body of a module's `app` fixture: jobs go to the queue, for a worker (not immediate)."""
    from flask_migrate import upgrade

    database = fresh_database(backend)
    instance = tmp_path_factory.mktemp("instance")
    # the queue beside the data: a SQLite file, or the tables huey_* in the same PostgreSQL schema
    broker = database.url if backend == "postgresql" else f"sqlite:///{instance / 'jobs.sqlite3'}"
    # a failing job is tried once more, a second later (Huey carries this in the job's message)
    application = make_app(database.url, str(instance), JOBS_IMMEDIATE=False, JOBS_BROKER=broker,
                           JOBS_RETRIES=1, JOBS_RETRY_DELAY=1)  # fmt: skip
    application.config["TEST_WORKER_ENV"] = {
        "TIBAO_ENV": "testing",
        "TIBAO_SECRET_KEY": application.config["SECRET_KEY"],
        "TIBAO_DATABASE_URL": database.url,
        "TIBAO_INSTANCE_PATH": str(instance),
        "TIBAO_JOBS_IMMEDIATE": "false",
        "TIBAO_JOBS_BROKER": broker,
    }
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        huey_of(application).storage.flush_all()
        huey_of(application).storage.close()
        _db.engine.dispose()


@contextmanager
def worker(app: Any, log: Path, **settings: str) -> Iterator[subprocess.Popen[bytes]]:
    """`flask jobs worker` on the app's database and queue (procurement.processes)."""
    environment = {**os.environ, **app.config["TEST_WORKER_ENV"],
                   "TIBAO_PUBLIC_URL": app.config["PUBLIC_URL"], **settings}  # fmt: skip
    with worker_process(environment, log) as process:
        yield process


def finished(job_id: int, log: Path, states: tuple[JobState, ...] = (JobState.DONE,)) -> Job:
    """The job once it reached one of `states` (no timing is asserted: the deadline only keeps a
    broken worker from hanging the suite)."""
    deadline = time.monotonic() + 180
    while True:
        _db.session.rollback()  # a fresh snapshot each time
        job = _db.session.get(Job, job_id)
        assert job is not None
        if job.state in states:
            return job
        assert time.monotonic() < deadline, f"job {job.state}: {log.read_text()[-3000:]}"
        time.sleep(0.2)


def run_here(*kinds: str) -> None:
    """Run the queued jobs of `kinds` in this process, as a worker would (the setting-up of a test
    whose subject is another job; nothing is queued when jobs run immediately)."""
    import sqlalchemy as sa

    from procurement.jobs import runner

    queued = _db.session.execute(
        sa.select(Job.id, Job.revision).where(Job.kind.in_(kinds), Job.state == JobState.QUEUED)
    ).all()
    for job_id, revision in queued:
        runner.run(job_id, revision)
