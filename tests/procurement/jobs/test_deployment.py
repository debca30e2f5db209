"""Issue 19: the deployment of docs/operations.md, started as written — two gunicorn app servers
(`procurement:create_app()`, production settings) and two `flask jobs worker` processes on one
database and one queue (PostgreSQL holding both when the suite runs on it). A notice published
by the web's side is prepared once by one of the workers and served by every app server."""

from __future__ import annotations

import io
import json
import os
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pypdf
import pytest
import sqlalchemy as sa

from procurement.jobs.models import Job, JobState
from procurement.processes import app_server_process
from procurement.publication import operations as publication
from procurement.publication.queries import notice_of
from tests.procurement.jobs.support import queued_app, worker


@pytest.fixture(scope="module")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  # our own server
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:  # a 4xx or 5xx: its status and page
        return error.code, error.read(), error.headers.get("Content-Type", "")


def test_two_app_servers_and_two_workers_prepare_a_notice_once_and_serve_it(client, db, tmp_path):
    from tests.procurement.publication.test_publication import evaluated

    tender = evaluated(db)
    environment = {
        **os.environ,
        **client.application.config["TEST_WORKER_ENV"],
        # production's settings (docs/operations.md, /etc/tibao.env), not the tests'
        "TIBAO_ENV": "production",
        "TIBAO_SECRET_KEY": secrets.token_urlsafe(48),
        "TIBAO_PUBLIC_URL": "https://tibao.example.cn",
    }
    environment.pop("TIBAO_JOBS_IMMEDIATE")  # production's default: off
    log = tmp_path / "deployment.log"
    with ExitStack() as stack:
        servers = [
            stack.enter_context(app_server_process(environment, log, workers=1)) for _ in range(2)
        ]
        for _ in range(2):
            stack.enter_context(worker(client.application, log, **environment))
        publication.publish_candidates(tender, tender.created_by)
        db.session.commit()
        notice = notice_of(tender)
        job_id = db.session.scalars(
            sa.select(Job.id).where(Job.key == f"notice_pdf:{notice.id}")
        ).one()
        status_url = f"{servers[0]}/jobs/{job_id}/status"
        deadline = time.monotonic() + 180  # only keeps a broken deployment from hanging the suite
        while (state := json.loads(_get(status_url)[1])["state"]) != "done":
            assert state != "failed" and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        answers = [_get(f"{base}/tenders/{tender.reference}/notice.pdf") for base in servers * 3]
    db.session.rollback()
    job = db.session.get(Job, job_id)
    assert (job.state, job.attempts) == (JobState.DONE, 1)  # two workers, one run
    assert {status for status, _, _ in answers} == {200}
    assert {kind for _, _, kind in answers} == {"application/pdf"}
    assert len({body for _, body, _ in answers}) == 1  # the stored bytes, whichever server
    pages = pypdf.PdfReader(io.BytesIO(answers[0][1])).pages
    assert tender.reference in "".join(page.extract_text() for page in pages)
    assert answers[0][1] == notice_of(tender).document
    assert "Traceback" not in log.read_text()
