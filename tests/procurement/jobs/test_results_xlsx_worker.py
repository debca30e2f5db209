"""Issue 19: a maintenance period's results workbook is prepared with its PDF by a real worker
(`flask jobs worker`, SQLite and PostgreSQL) when published; the download never builds it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa

from procurement.jobs.models import Job
from procurement.maintenance import results_workbook
from procurement.maintenance.models import Publication
from tests.factories import make_published_period
from tests.procurement.jobs.support import finished, queued_app, worker

URL = "/maintenance/periods/2025/results.xlsx"


@pytest.fixture(scope="module")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


def test_the_results_workbook_is_prepared_by_the_worker_with_the_pdf(
    client, db, monkeypatch, tmp_path
):  # fmt: skip
    def refuse(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the web built the workbook")

    monkeypatch.setattr(results_workbook, "results_workbook", refuse)  # this process is the web's
    make_published_period(companies=3)
    row = db.session.scalars(sa.select(Publication)).one()
    job = db.session.scalars(sa.select(Job).where(Job.key == f"maintenance_pdf:{row.id}")).one()
    waiting = client.get(URL)
    assert waiting.status_code == 202 and f"/jobs/{job.id}/status" in waiting.get_data(as_text=True)

    log = tmp_path / "worker.log"
    with worker(client.application, log):
        done = finished(job.id, log)
    assert ".xlsx" in (done.result or "") and ".pdf" in (done.result or "")
    shown = client.get(URL)
    assert shown.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(shown.data)).active
    assert sheet.cell(1, 1).value == "排名" and sheet.max_row == 4  # a header, three companies
    db.session.rollback()
    assert db.session.get(Publication, row.id).xlsx == shown.data  # stored, served as stored
