"""Issue 19: the register's annexes rendered by a real worker (`flask jobs worker` in its own
process, on SQLite with the SQLite queue and on PostgreSQL with the queue in PostgreSQL), never in a
request: a submitted version's four files once, at submission, then served as stored; an office's
download of the live figures, asked for and followed on the 202 page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from procurement.jobs.models import JobState
from procurement.organisations.models import OrganisationKind
from procurement.register import annex_jobs, forms_out
from procurement.register.annex_files import AnnexFile
from procurement.register.models import Policy, ReportSubmission
from tests.conftest import PASSWORD, submit
from tests.procurement.jobs.support import finished, queued_app, worker
from tests.procurement.register import helpers as h
from tests.procurement.register.test_district_pages import _officer

PAGE = "/pilot/district/?year=2024"


@pytest.fixture(scope="module")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


@pytest.fixture
def no_render_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the web rendered an annex")

    monkeypatch.setattr(forms_out, "as_xlsx", refuse)  # this process is the web's
    monkeypatch.setattr(forms_out, "as_pdf", refuse)


def _cells(data: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _signed_in(app: Any, user: Any) -> Any:
    other = app.test_client()
    submit(other, "/login", {"username": user.username, "password": PASSWORD})
    return other


def test_a_submitted_version_is_rendered_once_by_the_worker_and_served_as_stored(
    app, client, db, login_as, no_render_here, tmp_path
):  # fmt: skip
    h.build()
    login_as(_officer(db, "500103"))
    submit(client, "/pilot/district/submit?year=2024", {}, form_page=PAGE)
    report = db.session.scalar(sa.select(ReportSubmission))
    job = annex_jobs.job_of(annex_jobs.ANNEX_FROZEN, report.id)
    assert job is not None and job.state is JobState.QUEUED
    url = f"/pilot/reports/{report.id}/annex"
    waiting = client.get(f"{url}2.xlsx")
    status_url = f"/jobs/{job.id}/status"
    assert waiting.status_code == 202 and status_url in waiting.get_data(as_text=True)
    city = _signed_in(app, _officer(db, "500000", OrganisationKind.CITY_MARKET))
    assert city.get(status_url).get_json()["state"] == "queued"  # the regulator follows it
    stranger = _signed_in(app, _officer(db, "500105"))
    assert stranger.get(status_url).status_code == 404
    assert stranger.get(f"{url}2.xlsx").status_code == 404

    # the register changes before the worker runs: the files hold the rows as submitted
    db.session.execute(sa.update(Policy).values(premium=1))
    db.session.commit()
    log = tmp_path / "worker.log"
    with worker(client.application, log):
        done = finished(job.id, log)
    assert done.attempts == 1 and "附件2.pdf" in (done.result or "")
    db.session.rollback()
    stored = db.session.scalars(sa.select(AnnexFile).where(AnnexFile.report_id == report.id))
    assert sorted((f.number, f.fmt) for f in stored) == sorted(annex_jobs.FILES)

    cells = _cells(client.get(f"{url}2.xlsx").data)
    text = "\n".join(str(c) for row in cells for c in row if c is not None)
    assert report.sha256 in text and "第 1 版" in text
    premiums = [str(row[5]) for row in cells if row and row[1] in {"E1", "E2", "E3"}]
    assert premiums and "1.00" not in premiums
    pdf = city.get(f"{url}1.pdf")
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert pdf.status_code == 200 and "附件1" in words and report.sha256 in words.replace("\n", "")


def test_a_download_of_the_live_figures_is_rendered_by_the_worker_for_its_asker(
    app, client, db, login_as, no_render_here, tmp_path
):  # fmt: skip
    h.build()
    login_as(_officer(db, "500103"))
    db.session.execute(sa.update(Policy).values(premium=1))
    db.session.commit()
    asked = client.get("/pilot/district/annex2.xlsx?year=2024")
    assert asked.status_code == 302 and "/pilot/annexes/" in asked.headers["Location"]
    file_url = asked.headers["Location"]
    waiting = client.get(file_url)
    assert waiting.status_code == 202 and "<progress" in waiting.get_data(as_text=True)
    row = db.session.scalar(sa.select(AnnexFile))
    job = annex_jobs.job_of(annex_jobs.ANNEX_LIVE, row.id)
    assert job is not None and client.get(f"/jobs/{job.id}/status").get_json()["progress"] == 0
    # another office of the same district does not get someone else's download
    colleague = _signed_in(app, _officer(db, "500103", OrganisationKind.DISTRICT_HOUSING))
    assert colleague.get(file_url).status_code == 404

    log = tmp_path / "worker.log"
    with worker(client.application, log):
        finished(job.id, log)
    shown = client.get(file_url)
    assert shown.status_code == 200
    cells = _cells(shown.data)
    assert cells[0][0] == "附件2" and "1.00" in [str(row[5]) for row in cells if row[1] == "E1"]
