"""Issue 19: the evaluation report rendered by a real worker (`flask jobs worker` in its own process,
on SQLite with the SQLite queue and on PostgreSQL with the queue in PostgreSQL), never in the
finalising or signing request; what the members sign and what is stored keep their hashes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest
import sqlalchemy as sa

from procurement import sealing
from procurement.audit.models import AuditEvent
from procurement.evaluation import documents, queries, report
from procurement.evaluation import operations as evaluation
from procurement.evaluation.queries import result_of
from procurement.jobs.models import JobState
from procurement.tenders.models import TenderStatus
from tests.conftest import submit
from tests.procurement.evaluation.test_report import finalised  # noqa: F401  # a fixture
from tests.procurement.jobs.support import finished, queued_app, worker


@pytest.fixture(scope="module")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_draft_and_the_report_are_rendered_by_the_worker_and_signed_by_their_hash(
    client, db, login_as, finalised, monkeypatch, tmp_path  # noqa: F811
):  # fmt: skip
    def no_render(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the web rendered the report")

    monkeypatch.setattr(report, "render_report", no_render)  # this process is the web's
    tender, seats = finalised
    draft = queries.current_draft(tender)
    assert draft is not None and draft.pdf is None and draft.sha256 is None
    draft_job = documents.job_of(documents.REPORT_DRAFT, draft.id)
    assert draft_job is not None and draft_job.state is JobState.QUEUED
    with pytest.raises(evaluation.EvaluationError, match="draft_preparing"):
        evaluation.sign_report(seats[0], "", "0" * 64)  # nothing to read yet: nothing to sign
    db.session.rollback()

    sign_url, draft_url = f"/evaluation/{tender.id}/sign", f"/evaluation/{tender.id}/drafts/1.pdf"
    status_url = f"/jobs/{draft_job.id}/status"
    assert client.get(status_url).status_code == 404  # not to the public
    login_as(seats[1].user)
    page = client.get(sign_url).get_data(as_text=True)
    assert status_url in page and "<progress" in page and 'name="agree"' not in page
    waiting = client.get(draft_url)
    assert waiting.status_code == 202 and "<progress" in waiting.get_data(as_text=True)
    assert client.get(status_url).get_json()["state"] == "queued"  # a member follows it

    log = tmp_path / "worker.log"
    with worker(client.application, log):
        finished(draft_job.id, log)
    db.session.rollback()
    draft = queries.current_draft(tender)
    assert draft.sha256 == sealing.digest(draft.pdf)
    shown = client.get(draft_url)
    assert shown.status_code == 200 and shown.data == draft.pdf
    assert shown.headers["X-Content-SHA256"] == draft.sha256
    assert all("待签署" in page for page in (p.extract_text() for p in
                                              pypdf.PdfReader(io.BytesIO(shown.data)).pages))  # fmt: skip
    page = client.get(sign_url).get_data(as_text=True)
    assert draft.sha256 in page and 'name="agree"' in page
    rendered = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "evaluation.draft_rendered")
    ).one()
    assert rendered.details == {"version": 1, "sha256": draft.sha256}

    assert submit(client, sign_url, {"agree": "y", "sha256": draft.sha256}).status_code == 302
    for seat in (seats[0], seats[2]):
        evaluation.sign_report(seat, "", draft.sha256)
    db.session.commit()  # the last signature: the final report is asked for, not rendered here
    row = result_of(tender)
    assert row.report_sha256 is None and tender.status is not TenderStatus.EVALUATED
    report_job = documents.job_of(documents.EVALUATION_REPORT, tender.id)
    assert report_job is not None and report_job.state is JobState.QUEUED
    report_url = f"/evaluation/{tender.id}/report.pdf"
    waiting = client.get(report_url)
    assert waiting.status_code == 202 and f"/jobs/{report_job.id}/status" in waiting.get_data(
        as_text=True
    )

    with worker(client.application, log):
        finished(report_job.id, log)
    db.session.rollback()
    row = result_of(tender)
    assert tender.status is TenderStatus.EVALUATED
    assert row.report_sha256 == sealing.digest(row.report_pdf)
    downloaded = client.get(report_url)
    assert downloaded.status_code == 200 and downloaded.data == row.report_pdf
    assert downloaded.headers["X-Content-SHA256"] == row.report_sha256
    text = _text(downloaded.data)
    assert "待签署" not in text and "报告草稿版本记录" in text
    for i in range(0, 64, 16):  # the hash every member signed: three signatures and the history
        assert text.count(draft.sha256[i : i + 16]) == 4
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "evaluation.report")
    ).one()
    assert event.details == {"sha256": row.report_sha256, "draft": 1, "draft_sha256": draft.sha256}
