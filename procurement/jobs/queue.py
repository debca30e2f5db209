"""The Huey instance of an app, its one task, and the hand-over after commit.

Operations ask for work with `operations.ensure`/`renew`, which write the job's row and note its id
on the session; only when that transaction commits is the id put on the queue (a worker never sees a
job whose row, or whose subject's change, is not yet visible). In immediate mode (the tests' default)
the job runs at that moment, in its own application context and session.

Brokers (`JOBS_BROKER`): empty, SQLite in instance/jobs.sqlite3 (no service to install);
`postgresql://…`, tables huey_* in that database, which several app servers and workers share.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from huey import Huey, PostgresHuey, SqliteHuey, crontab

log = logging.getLogger(__name__)
PENDING = "jobs_pending"


def make_huey(app: Flask) -> Huey:
    broker = app.config["JOBS_BROKER"].replace("postgresql+psycopg://", "postgresql://", 1)
    immediate = bool(app.config["JOBS_IMMEDIATE"])
    if broker.startswith(("postgresql://", "postgres://")):
        huey: Huey = PostgresHuey("tibao", dsn=broker, immediate=immediate, results=False)
    else:
        path = broker.removeprefix("sqlite:///") or str(Path(app.instance_path) / "jobs.sqlite3")
        huey = SqliteHuey("tibao", filename=path, immediate=immediate, results=False)
    # immediate: no worker would ever run a retry, so a failure shows at once
    retries = 0 if immediate else int(app.config["JOBS_RETRIES"])

    @huey.task(retries=retries, retry_delay=app.config["JOBS_RETRY_DELAY"], context=True,
               name="perform")  # fmt: skip
    def perform(job_id: int, revision: int, task: Any = None) -> None:
        from procurement.jobs import runner

        with app.app_context():
            runner.run(job_id, revision, retries_left=getattr(task, "retries", 0) or 0)

    @huey.periodic_task(crontab(minute="*/5"), name="recover")
    def recover() -> None:
        """Queue again what a stopped worker left (its message gone, its row queued or running)."""
        from procurement.jobs import runner

        with app.app_context():
            runner.recover()

    @huey.on_startup()
    def recover_at_start() -> None:
        recover.call_local()

    app.extensions["huey"] = huey
    app.extensions["huey.perform"] = perform
    return huey


def huey_of(app: Flask | None = None) -> Huey:
    return (app or current_app).extensions["huey"]


def enqueue(job_id: int, revision: int) -> None:
    current_app.extensions["huey.perform"](job_id, revision)


def after_commit(session: sa.orm.Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    for job_id, revision in pending.items():
        try:
            enqueue(job_id, revision)
        except Exception:  # the row stays queued; `recover` puts it on the queue again
            log.exception("job %s could not be queued", job_id)


def after_rollback(session: sa.orm.Session) -> None:
    session.info.pop(PENDING, None)


def init_app(app: Flask) -> None:
    make_huey(app)
    if not getattr(init_app, "listening", False):  # once per process: the listeners are global
        sa.event.listen(sa.orm.Session, "after_commit", after_commit)
        sa.event.listen(sa.orm.Session, "after_soft_rollback", lambda s, _t: after_rollback(s))
        init_app.listening = True  # type: ignore[attr-defined]
