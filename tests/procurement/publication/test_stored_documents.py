"""Issue 13 item 11: the public notice.pdf is rendered when the notice changes, never per request."""

from __future__ import annotations

import io

import pytest

from procurement import pdf
from procurement.publication import operations as publication
from tests.procurement.publication.test_publication import evaluated


@pytest.fixture
def renders(monkeypatch):
    """The templates rendered as PDF, in order."""
    calls: list[str] = []
    real = pdf.render_pdf

    def counting(template, **context):
        calls.append(template)
        return real(template, **context)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return calls


def _text(data: bytes) -> str:
    import pypdf

    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_notice_pdf_is_rendered_once_per_change_and_then_served(client, db, renders):
    tender = evaluated(db)
    renders.clear()  # the evaluation report
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    assert renders == ["print/notice.html"]  # rendered when the candidates are publicised
    url = f"/tenders/{tender.reference}/notice.pdf"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200 and first.data == second.data
    assert renders == ["print/notice.html"]  # served, not rendered again
    assert first.headers["Cache-Control"] == "no-store"

    publication.file_objection(tender, user=None, name="甲", contact="x", grounds="服务网点数量不实",
                               evidence=None, evidence_filename=None)  # fmt: skip
    db.session.commit()
    assert len(renders) == 2  # the notice changed: rendered again, once
    text = _text(client.get(url).data)
    assert "服务网点数量不实" in text and "待答复" in text
    assert len(renders) == 2
