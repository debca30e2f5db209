"""The city regulator sees which districts have submitted and the city's 附件1; nobody else does."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.organisations.models import District, OrganisationKind
from procurement.register import reports
from tests.conftest import PASSWORD, submit
from tests.procurement.register import helpers as h
from tests.procurement.register.test_district_pages import _officer

PAGE = "/pilot/city/?year=2024"


def test_the_city_regulator_sees_submissions_and_the_roll_up(client, db, login_as):
    h.build()
    yuzhong = db.session.scalar(sa.select(District).where(District.code == "500103"))
    report = reports.submit(yuzhong, 2024, _officer(db, "500103"))
    db.session.commit()
    login_as(_officer(db, "500000", OrganisationKind.CITY_MARKET))
    assert 'href="/pilot/city/"' in client.get("/").get_data(as_text=True)
    text = client.get(PAGE).get_data(as_text=True)
    assert report.sha256 in text and "江北区" in text and "尚未报送" in text
    assert '<td>合计</td><td class="num">3</td><td class="num">2</td>' in text


def test_others_get_404(app, client, db, login_as):
    h.load()
    login_as(_officer(db, "500103"))  # a district's office
    assert client.get(PAGE).status_code == 404
    other = app.test_client()
    housing = _officer(db, "500000", OrganisationKind.CITY_HOUSING, Role.SUPERVISOR)
    submit(other, "/login", {"username": housing.username, "password": PASSWORD})
    assert other.get(PAGE).status_code == 404
