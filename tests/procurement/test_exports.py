"""Exports keep text as text (issue 13 item 13): a bidder named like a formula stays a name.

The maintenance exports have their own case in tests/procurement/maintenance; these are the tender's:
the public ranking.xlsx and the committee's scores.xlsx.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from procurement.publication import operations as publication
from tests.procurement.publication.test_publication import evaluated

FORMULA_NAME = '=HYPERLINK("http://example.invalid","点击")'


def _cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_a_bidder_named_like_a_formula_stays_text_in_every_tender_export(client, db, login_as):
    tender = evaluated(db)
    bid = tender.bids[0]
    bid.insurer.name = FORMULA_NAME
    db.session.commit()
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    login_as(tender.created_by)
    for url in (
        f"/tenders/{tender.reference}/ranking.xlsx",
        f"/evaluation/{tender.id}/scores.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        named = [cell for cell in _cells(response.data) if cell.value == FORMULA_NAME]
        assert named, f"{url}: the bidder is missing"
        assert all(cell.data_type == "s" for cell in named), url
        assert response.headers["Cache-Control"] == "no-store"


def test_an_attachment_with_a_chinese_name_downloads_under_any_server(
    client, db, login_as, frozen_clock
):
    """Issue 13 item 14: the header must be writable by a WSGI server (latin-1) and keep the name."""
    from urllib.parse import quote

    from tests.factories import add_attachment, make_insurer, make_tender, open_tender, submit_bid

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    tender = make_tender()
    insurer = make_insurer()
    submit_bid(tender, insurer)
    add_attachment(tender, insurer, "理赔服务方案.pdf", pdf)
    db.session.commit()
    frozen_clock.advance(days=21)
    open_tender(tender)
    db.session.commit()
    attachment = tender.bids[0].attachments[0]
    login_as(tender.created_by)
    response = client.get(f"/bids/attachments/{attachment.id}")
    assert response.status_code == 200 and response.data == pdf
    disposition = response.headers["Content-Disposition"]
    disposition.encode("latin-1")
    assert f"filename*=UTF-8''{quote('理赔服务方案.pdf')}" in disposition
    assert response.headers["Cache-Control"] == "no-store"
