"""Issue 19: a document prepared at publication. The officer publishes a period's results; a visitor
who asks for the PDF before the worker has drawn it sees 正在生成 with a progress bar that follows the
job, then the download link; the PDF is the one the worker stored."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from procurement.accounts.models import Role
from procurement.jobs.models import Job
from procurement.maintenance.models import Publication
from tests.browser.conftest import serve
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.browser.test_public_surface import check_page
from tests.factories import fill_period, make_period, make_user, register_companies
from tests.procurement.jobs.support import queued_app, worker


@pytest.fixture(scope="module")
def app(backend: str, fresh_database: Any, tmp_path_factory: Any) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


@pytest.fixture(scope="module")
def live_server(app: Any) -> Iterator[str]:
    yield from serve(app)


def test_a_published_document_shows_its_progress_then_the_download(page, db, app, tmp_path):
    period = make_period()
    fill_period(period, register_companies(4))
    officer = make_user(Role.OFFICER)
    db.session.commit()

    sign_in(page, officer.username)
    page.get_by_role("link", name="评测期间").click()
    page.get_by_role("link", name="2025年度").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布评测结果").click()
    expect(page.get_by_role("heading", name="电梯维保单位评测结果：2025年度")).to_be_visible()
    sign_out(page)

    # No worker yet: the PDF asked for at publication waits in the queue.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/maintenance/")
    page.get_by_role("link", name="PDF").click()
    expect(page.get_by_role("status")).to_contain_text("正在生成")
    expect(page.get_by_role("progressbar", name="文件生成进度")).to_be_visible()
    check_page(page, 375)
    page.set_viewport_size({"width": 1280, "height": 800})
    check_page(page, 1280)
    download_link = page.get_by_role("link", name="下载文件")
    expect(download_link).to_be_hidden()

    with worker(app, tmp_path / "worker.log"):
        expect(download_link).to_be_visible(timeout=180_000)  # the page follows the job
    with page.expect_download() as started:
        download_link.click()
    data = Path(started.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "2025年度电梯维保单位评测结果公示" in text
    publication = db.session.scalars(sa.select(Publication)).one()
    assert data == publication.pdf
    job = db.session.scalars(sa.select(Job)).one()
    assert job.owner_id == officer.id and job.attempts == 1
