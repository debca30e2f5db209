"""A submitted version downloads as XLSX and PDF from its frozen rows (not recomputed), with its
SHA-256; the district office and the city's regulator see it, others get a 404."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from procurement.accounts.models import Role
from procurement.organisations.models import OrganisationKind
from procurement.register.models import Policy, ReportSubmission
from tests.conftest import PASSWORD, submit
from tests.procurement.register import helpers as h
from tests.procurement.register.test_district_pages import _officer

PAGE = "/pilot/district/?year=2024"


def _cells(data):
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_a_submitted_version_downloads_frozen_with_its_hash(app, client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    submit(client, "/pilot/district/submit?year=2024", {}, form_page=PAGE)
    report = db.session.scalar(sa.select(ReportSubmission))
    url = f"/pilot/reports/{report.id}/annex"
    assert f"{url}1.xlsx" in client.get(PAGE).get_data(as_text=True)
    # the register changes after the submission: the frozen version does not
    db.session.execute(sa.update(Policy).values(premium=1))
    db.session.commit()
    cells = _cells(client.get(f"{url}2.xlsx").data)
    text = "\n".join(str(c) for row in cells for c in row if c is not None)
    assert report.sha256 in text and "第 1 版" in text
    premiums = [row[5] for row in cells if row and row[1] in {"E1", "E2", "E3"}]
    assert premiums and "1.00" not in [str(p) for p in premiums]
    live = _cells(client.get("/pilot/district/annex2.xlsx?year=2024", follow_redirects=True).data)
    assert "1.00" in [str(row[5]) for row in live if row and row[1] == "E1"]
    pdf = client.get(f"{url}1.pdf")
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert report.sha256 in words.replace("\n", "") and "附件1" in words

    # the city's regulator sees it; another district's office and the public do not
    city = app.test_client()
    market = _officer(db, "500000", OrganisationKind.CITY_MARKET)
    submit(city, "/login", {"username": market.username, "password": PASSWORD})
    assert city.get(f"{url}2.pdf").status_code == 200
    other = app.test_client()
    jiangbei = _officer(db, "500105")
    submit(other, "/login", {"username": jiangbei.username, "password": PASSWORD})
    assert other.get(f"{url}1.xlsx").status_code == 404
    assert app.test_client().get(f"{url}1.xlsx").status_code in {302, 401, 404}
    assert other.get(f"/pilot/reports/{report.id}/annex3.xlsx").status_code == 404


def test_the_city_lists_and_downloads_the_latest_version(app, client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    submit(client, "/pilot/district/submit?year=2024", {}, form_page=PAGE)
    report = db.session.scalar(sa.select(ReportSubmission))
    city = app.test_client()
    market = _officer(db, "500000", OrganisationKind.CITY_MARKET, Role.SUPERVISOR)
    submit(city, "/login", {"username": market.username, "password": PASSWORD})
    client = city
    page = client.get("/pilot/city/?year=2024").get_data(as_text=True)
    assert f"/pilot/reports/{report.id}/annex2.pdf" in page
    cells = _cells(client.get(f"/pilot/reports/{report.id}/annex1.xlsx").data)
    assert cells[0][0] == "附件1" and any(row[0] == "合计" for row in cells)
