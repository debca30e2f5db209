"""Issue 19: a user unit's elevators file checked and imported by a worker, in the browser. With no
worker yet, the upload's page shows a progress bar that follows the check; the worker checks it, the
page offers the result (the preview), the import waits in the same way, then the unit's page says
what was imported. Nothing is written before the worker imports it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from procurement.accounts.models import Role
from procurement.organisations.models import Organisation, OrganisationKind
from procurement.register.models import Elevator
from tests.browser.conftest import serve
from tests.browser.test_accounts_journeys import sign_in
from tests.browser.test_public_surface import check_page
from tests.factories import make_user
from tests.procurement.jobs.support import queued_app, worker
from tests.procurement.register import helpers as h


@pytest.fixture(scope="module")
def app(backend: str, fresh_database: Any, tmp_path_factory: Any) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


@pytest.fixture(scope="module")
def live_server(app: Any) -> Iterator[str]:
    yield from serve(app)


def _elevators(db: Any) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Elevator))


def test_an_upload_shows_its_check_and_import_progress_then_the_result(page, db, app, tmp_path):
    h.load()
    unit = Organisation(name="甲使用单位", kind=OrganisationKind.USER_UNIT, uscc=h.UNIT_A)
    db.session.add(unit)
    resident = make_user(Role.COMMUNITY, organisation=unit)
    db.session.commit()
    good = tmp_path / "电梯.csv"
    good.write_bytes(h.file("elevators", [r for r in h.elevator_rows() if r[3] == h.UNIT_A]))
    log = tmp_path / "worker.log"

    sign_in(page, resident.username)
    page.get_by_role("link", name="本单位电梯与保险").click()
    section = page.get_by_role("region", name="电梯文件")
    section.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(good))
    section.get_by_role("button", name="检查文件").click()
    # no worker yet: the check waits in the queue, the page follows it
    expect(page.get_by_role("heading", name="正在检查文件: 电梯.csv")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("后台进程正在逐行检查该文件")
    expect(page.get_by_role("progressbar", name="进度")).to_be_visible()
    check_page(page, 1280)
    result = page.get_by_role("link", name="查看结果")
    expect(result).to_be_hidden()
    with worker(app, log):
        expect(result).to_be_visible(timeout=180_000)
    result.click()
    expect(page.get_by_text("共 2 行，无错误")).to_be_visible()
    expect(page.get_by_role("cell", name="保障性住房")).to_be_visible()
    assert _elevators(db) == 0

    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_role("heading", name="正在导入: 电梯.csv")).to_be_visible()
    expect(page.get_by_role("progressbar", name="进度")).to_be_visible()
    assert _elevators(db) == 0  # asked, not yet written
    with worker(app, log):
        expect(result).to_be_visible(timeout=180_000)
    result.click()
    expect(page.get_by_role("status")).to_contain_text("已导入：新增 2 条，更新 0 条。")
    expect(page.get_by_role("cell", name="E2", exact=True)).to_be_visible()
    assert _elevators(db) == 2
