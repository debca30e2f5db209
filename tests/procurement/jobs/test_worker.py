"""Issue 19: the worker run for real — `flask jobs worker` in its own process, on the test's database
(SQLite with the SQLite queue; PostgreSQL with the queue in PostgreSQL, as in production).

The app of this module does not run jobs in the request (JOBS_IMMEDIATE off): a published document
waits for the worker, and the web never renders it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import openpyxl
import pypdf
import pytest
import sqlalchemy as sa

from procurement import clock, pdf
from procurement.jobs import operations as jobs
from procurement.jobs.models import Job, JobState
from procurement.jobs.queue import huey_of
from procurement.maintenance.models import Publication
from procurement.publication import operations as publication
from procurement.publication.queries import notice_of
from tests.factories import make_published_period
from tests.procurement.jobs.support import finished, queued_app, worker


@pytest.fixture(scope="module")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The PDFs rendered in this process (the web's); the worker's are in its own."""
    calls: list[str] = []
    real = pdf.render_pdf

    def counting(template: str, **context: Any) -> bytes:
        calls.append(template)
        return real(template, **context)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return calls


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_notice_is_prepared_by_the_worker_and_served_without_rendering(client, db, renders,
                                                                         tmp_path):  # fmt: skip
    from tests.procurement.publication.test_publication import evaluated

    tender = evaluated(db)
    renders.clear()  # the evaluation report (its jobs run here by `evaluated`, as set-up)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    notice = notice_of(tender)
    job = db.session.scalars(sa.select(Job).where(Job.key == f"notice_pdf:{notice.id}")).one()
    assert job.state is JobState.QUEUED and notice.document is None
    url = f"/tenders/{tender.reference}/notice.pdf"

    waiting = client.get(url)  # no worker yet: the queued job waits in the broker
    page = waiting.get_data(as_text=True)
    assert waiting.status_code == 202 and "正在生成" in page and "<progress" in page
    assert f"/jobs/{job.id}/status" in page
    ranking_url = f"/tenders/{tender.reference}/ranking.xlsx"  # prepared with it, by the same job
    waiting = client.get(ranking_url)
    assert waiting.status_code == 202 and f"/jobs/{job.id}/status" in waiting.get_data(as_text=True)
    assert client.get(f"/jobs/{job.id}/status").get_json()["state"] == "queued"

    log = tmp_path / "worker.log"
    with worker(client.application, log):
        job = finished(job.id, log)
    assert (job.progress, job.attempts) == (100, 1) and job.result.endswith("bytes")
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.data == second.data
    assert tender.reference in _text(first.data)
    assert renders == []  # the web rendered nothing: the worker did
    ranking = client.get(ranking_url)
    assert ranking.status_code == 200 and ranking.data == notice_of(tender).spreadsheet
    sheet = openpyxl.load_workbook(io.BytesIO(ranking.data))["排名"]
    assert sheet["A1"].value == "名次" and sheet["A2"].value == 1

    # The notice changes while no worker runs; a worker started later does the queued work.
    publication.file_objection(tender, user=None, name="甲", contact="x", grounds="服务网点数量不实",
                               evidence=None, evidence_filename=None)  # fmt: skip
    db.session.commit()
    assert client.get(url).status_code == 202
    with worker(client.application, log):
        job = finished(job.id, log)
    assert job.revision == 2 and "服务网点数量不实" in _text(client.get(url).data)
    assert renders == []


def test_a_failing_job_is_tried_again_shown_failed_and_retried_by_its_owner(client, db, tmp_path):
    make_published_period(companies=3)  # its PDF's job waits in the broker
    row = db.session.scalars(sa.select(Publication)).one()
    job = db.session.scalars(sa.select(Job).where(Job.key == f"maintenance_pdf:{row.id}")).one()
    good = row.template
    row.template = {key: value for key, value in good.items() if key != "indicators"}
    db.session.commit()  # the document can no longer be drawn

    log = tmp_path / "worker.log"
    with worker(client.application, log):
        job = finished(job.id, log, (JobState.FAILED,))
        assert job.attempts == 2, log.read_text()[-6000:]
        assert job.error.startswith("KeyError")  # tried twice, then shown
        page = client.get("/maintenance/periods/2025/results.pdf")
        assert page.status_code == 202 and "无法生成" in page.get_data(as_text=True)

        row.template = good  # mended; its owner (here the administrators) tries it again
        jobs.retry(job, None)
        db.session.commit()
        job = finished(job.id, log)
    assert job.attempts == 1 and job.error is None
    document = client.get("/maintenance/periods/2025/results.pdf")
    assert document.status_code == 200
    assert "2025年度电梯维保单位评测结果公示" in _text(document.data)


def test_a_job_left_running_by_a_stopped_worker_is_done_by_the_next(client, db, tmp_path):
    make_published_period(companies=3)
    row = db.session.scalars(sa.select(Publication)).one()
    job = db.session.scalars(sa.select(Job).where(Job.key == f"maintenance_pdf:{row.id}")).one()
    # A worker took the job and was killed: its message is gone, its row says running.
    huey_of(client.application).storage.flush_queue()
    job.state, job.attempts = JobState.RUNNING, 1
    job.updated_at = clock.now() - timedelta(hours=1)
    db.session.commit()

    log = tmp_path / "worker.log"
    with worker(client.application, log):  # a worker starting queues again what was left
        job = finished(job.id, log)
    assert job.attempts == 2 and row.pdf is not None
