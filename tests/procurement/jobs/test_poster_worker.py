"""Issue 19: a Shaoguan notice's posters are rendered by a real worker (`flask jobs worker` in its
own process, SQLite and PostgreSQL) when the notice is published, never in a request; the QR code
leads to the public page at PUBLIC_URL, which the worker has with no request to take it from."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from procurement.jobs.models import JobState
from procurement.shaoguan import notice, poster, posters
from tests.procurement.jobs.support import finished, queued_app, worker
from tests.procurement.shaoguan.helpers import World

PUBLIC = "https://tibao.example.cn/sg"  # behind a proxy, under a path


@pytest.fixture(scope="module")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    for application in queued_app(backend, fresh_database, tmp_path_factory):
        application.config["PUBLIC_URL"] = PUBLIC
        yield application


def test_the_posters_are_rendered_by_the_worker_when_the_notice_is_published(
    client, db, monkeypatch, tmp_path
):  # fmt: skip
    def no_render(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the web rendered a poster")

    monkeypatch.setattr(poster, "render_pdf", no_render)  # this process is the web's
    world = World()
    proposal = world.proposal()
    notice.publish_notice(proposal, world.bureau)
    db.session.commit()
    job = posters.job_of(proposal)
    assert job is not None and job.state is JobState.QUEUED
    url = f"/shaoguan/p/{world.programme.slug}/notices/{proposal.id}/poster-A3.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202 and f"/jobs/{job.id}/status" in waiting.get_data(as_text=True)
    assert client.get(f"/jobs/{job.id}/status").get_json()["state"] == "queued"  # public

    log = tmp_path / "worker.log"
    with worker(client.application, log):
        finished(job.id, log)
    shown = client.get(url)
    assert shown.status_code == 200
    page = PdfReader(io.BytesIO(shown.data)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 297  # A3
    image = Image.open(io.BytesIO(page.images[0].data))
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded == [f"{PUBLIC}/shaoguan/p/{world.programme.slug}/notices/{proposal.id}"]
