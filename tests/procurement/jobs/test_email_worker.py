"""Issue 19: notification emails sent by a real worker (`flask jobs worker` in its own process, on
SQLite and on PostgreSQL), never in the request; a refused delivery is tried again, shown failed to
the administrators, and sent when one of them retries it."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from email.header import decode_header, make_header
from typing import Any

import pytest
import sqlalchemy as sa

from procurement.accounts import operations as accounts
from procurement.accounts.models import InsurerStatus, Role
from procurement.jobs.models import Job, JobState
from procurement.processes import free_port
from procurement.publication.models import Notification
from tests.conftest import submit
from tests.factories import make_insurer, make_user
from tests.procurement.jobs.support import finished, queued_app, worker
from tests.procurement.publication.test_notifications import _SMTPHandler


@pytest.fixture(scope="module")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


@pytest.fixture
def mail_server() -> Iterator[tuple[int, list[tuple[list[str], Any]]]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.mail = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], server.mail  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_an_email_is_sent_by_the_worker_tried_again_and_retried_by_an_administrator(
    client, db, login_as, mail_server, tmp_path
):
    port, mail = mail_server
    user = make_insurer(status=InsurerStatus.PENDING)
    admin = make_user(Role.ADMIN)
    db.session.commit()
    accounts.approve_insurer(user.insurer, admin)
    db.session.commit()
    notification = db.session.scalar(sa.select(Notification).where(Notification.user_id == user.id))
    job = db.session.scalar(sa.select(Job).where(Job.key == f"email:{notification.id}"))
    assert job is not None and job.state is JobState.QUEUED and mail == []  # not in the request

    log = tmp_path / "worker.log"
    refused = {"TIBAO_SMTP_HOST": "127.0.0.1", "TIBAO_SMTP_PORT": str(free_port())}
    with worker(client.application, log, **refused):
        job = finished(job.id, log, states=(JobState.FAILED,))
    assert job.attempts == 2 and "Connection" in (job.error or "") and mail == []
    login_as(admin)
    listed = client.get("/jobs/").get_data(as_text=True)
    assert "Connection" in listed and f"/jobs/{job.id}/retry" in listed
    assert submit(client, f"/jobs/{job.id}/retry", {}, form_page="/jobs/").status_code == 302

    working = {"TIBAO_SMTP_HOST": "127.0.0.1", "TIBAO_SMTP_PORT": str(port)}
    with worker(client.application, log, **working):
        job = finished(job.id, log)
    ((recipients, message),) = mail
    assert recipients == [user.email]
    assert "审核通过" in str(make_header(decode_header(message["Subject"])))
    assert job.result == f"emailed to {user.email}"
