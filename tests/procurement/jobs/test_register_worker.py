"""Issue 19: a register upload checked and imported by a real worker (`flask jobs worker` in its
own process; SQLite with the SQLite queue, PostgreSQL with the queue in PostgreSQL). The requests
only keep the file and ask; the upload's page follows the job, then shows the preview, the rows'
errors, or what was imported. A refused file writes nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from procurement.jobs.models import Job
from procurement.register import operations, upload_jobs
from procurement.register.models import Elevator, RegisterUpload
from tests.conftest import csrf_token, submit
from tests.procurement.jobs.support import finished, queued_app, worker
from tests.procurement.register import helpers as h
from tests.procurement.register.test_unit_upload import _unit

PAGE = "/pilot/unit/"


@pytest.fixture(scope="module")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    yield from queued_app(backend, fresh_database, tmp_path_factory)


def _upload(client: Any, data: bytes) -> Any:
    token = csrf_token(client, PAGE)
    return client.post(
        "/pilot/unit/upload",
        data={"elevators-csrf_token": token, "elevators-file": (io.BytesIO(data), "e.csv")},
        content_type="multipart/form-data",
    )


def _job(db: Any, kind: str) -> Job:
    return db.session.scalars(sa.select(Job).where(Job.kind == kind)).one()


def _count(db: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Elevator))


def _check_called_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def in_the_request(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the web checked the file")

    monkeypatch.setattr(upload_jobs, "check_file", in_the_request)
    monkeypatch.setattr(upload_jobs, "apply_file", in_the_request)
    monkeypatch.setattr(operations, "check_file", in_the_request)


def test_a_file_is_checked_then_imported_by_the_worker_with_its_progress(
    client, db, login_as, monkeypatch, tmp_path
):  # fmt: skip
    _check_called_in_this_process(monkeypatch)  # this process is the web's
    h.load()
    login_as(_unit(db, h.UNIT_A))
    own = [r for r in h.elevator_rows() if r[3] == h.UNIT_A]
    response = _upload(client, h.file("elevators", own))
    assert response.status_code == 302
    location = response.location
    check = _job(db, upload_jobs.CHECK)
    waiting = client.get(location)  # no worker yet: the check waits in the queue
    page = waiting.get_data(as_text=True)
    assert waiting.status_code == 202 and "<progress" in page
    assert f"/jobs/{check.id}/status" in page
    assert client.get(f"/jobs/{check.id}/status").get_json()["state"] == "queued"

    log = tmp_path / "worker.log"
    with worker(client.application, log):
        check = finished(check.id, log)
    assert check.progress == 100 and check.result == "2 rows checked"
    preview = client.get(location)
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<td>E1</td>" in text and "解放碑2号" in text
    assert _count(db) == 0  # nothing before the confirmation

    assert submit(client, location, {"action": "confirm"}).status_code == 302
    importing = _job(db, upload_jobs.IMPORT)
    waiting = client.get(location)
    assert waiting.status_code == 202 and f"/jobs/{importing.id}/status" in waiting.get_data(
        as_text=True
    )
    assert _count(db) == 0  # the confirmation only asked
    with worker(client.application, log):
        importing = finished(importing.id, log)
    assert importing.progress == 100 and _count(db) == 2
    upload = db.session.scalar(sa.select(RegisterUpload))
    assert upload.status == "applied" and upload.data is None
    assert upload.outcome == {"added": 2, "changed": 0}
    result = client.get(location, follow_redirects=True).get_data(as_text=True)
    assert "已导入：新增 2 条，更新 0 条。" in result and "<td>E2</td>" in result


def test_a_refused_file_writes_nothing_and_shows_its_rows_errors(
    client, db, login_as, monkeypatch, tmp_path
):  # fmt: skip
    _check_called_in_this_process(monkeypatch)
    h.load()
    login_as(_unit(db, h.UNIT_B, "乙使用单位"))
    rows = h.elevator_rows()
    rows[2][7] = "2020-13-01"  # its own row, with a date that does not exist
    location = _upload(client, h.file("elevators", rows)).location
    check = _job(db, upload_jobs.CHECK)
    log = tmp_path / "worker.log"
    with worker(client.application, log):
        check = finished(check.id, log)
    assert check.result == "refused: 3 problems"
    page = client.get(location)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "不是本单位的统一社会信用代码" in text and "2020-13-01" in text
    assert 'name="action"' not in text  # nothing to import
    upload = db.session.scalar(sa.select(RegisterUpload))
    assert upload.status == "refused" and upload.data is None
    assert [e["row"] for e in upload.outcome["errors"]] == [2, 3, 4]
    assert _count(db) == 0
    # confirming a refused upload is refused, and asks for no import
    submit(client, location, {"action": "confirm"}, form_page=PAGE)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1
