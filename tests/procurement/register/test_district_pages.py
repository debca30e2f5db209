"""A district office reads its district's register: both annexes on the page, as XLSX and PDF;
another district's office sees none of it, and other accounts get a 404."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from procurement.accounts.models import Role
from procurement.organisations.models import District, OrganisationKind
from tests.factories import make_office, make_user
from tests.procurement.register import helpers as h


def _officer(db, code, kind=OrganisationKind.DISTRICT_MARKET, role=Role.SUPERVISOR):
    district = db.session.scalar(sa.select(District).where(District.code == code))
    office = make_office(f"{district.name}{kind.value}", kind, district)
    return make_user(role, organisation=office)


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganisationKind.DISTRICT_MARKET, Role.SUPERVISOR),
        (OrganisationKind.DISTRICT_HOUSING, Role.OFFICER),
    ],
)
def test_the_district_office_reads_both_annexes_and_downloads_them(
    client, db, login_as, kind, role
):
    h.build()
    login_as(_officer(db, "500103", kind, role))
    page = client.get("/pilot/district/?year=2024")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<td>自筹</td><td class="num">2</td>' in text and "63.8" in text  # 附件1
    assert '<td>甲使用单位</td><td class="num">E1</td>' in text  # 附件2
    # rendered by a job (immediate in these tests), served from the address it redirects to
    xlsx = client.get("/pilot/district/annex1.xlsx?year=2024", follow_redirects=True)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "附件1" and any(row[0] == "合计" for row in cells)
    pdf = client.get("/pilot/district/annex2.pdf?year=2024", follow_redirects=True)
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "附件2" in words and "E1" in words


def test_another_districts_office_sees_none_of_it_and_others_get_404(client, db, login_as):
    h.build()
    login_as(_officer(db, "500105"))
    text = client.get("/pilot/district/?year=2024").get_data(as_text=True)
    assert "甲使用单位" not in text and "江北区" in text
    assert client.get("/pilot/district/?year=junk").status_code == 400


@pytest.mark.parametrize("kind", [OrganisationKind.AGENCY, OrganisationKind.CITY_MARKET])
def test_offices_that_are_not_a_district_office_get_404(client, db, login_as, kind):
    h.load()
    login_as(_officer(db, "500000", kind))
    assert client.get("/pilot/district/").status_code == 404
    assert client.get("/pilot/district/annex1.xlsx").status_code == 404
