"""Signed-in pages whose tables are wider than a phone, at 375 px: each table scrolls in a region of
its own (keyboard-reachable), so the page itself never scrolls sideways; axe finds no violation.

A bug seen there: the insurer registrations, the audit log and its checkpoints, an insurer's bids,
the city's pilot reports, a unit's ratings and elevators, the opening record and the company
registry pushed the whole page wider than the screen."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import InsurerStatus, Role
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register import reports
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.browser.test_public_surface import check_page
from tests.factories import make_insurer, make_tender, make_user, submit_bid
from tests.procurement.register import helpers as h
from tests.procurement.register.test_district_pages import _officer

WIDTH = 375


def _visit(page, urls):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.locator(".table-region, .scroll").count() > 0, url
        check_page(page, WIDTH)


def test_the_administrators_and_an_insurers_tables_scroll_in_their_own_region(page, db):
    make_insurer(status=InsurerStatus.PENDING, name="两江新安财产保险有限公司重庆分公司")
    insurer = make_insurer()
    submit_bid(make_tender(title="渝中区老旧住宅电梯维修保险采购项目"), insurer)
    db.session.commit()
    sign_in(page, make_user(Role.ADMIN).username)
    _visit(page, ["/accounts/insurers", "/audit/", "/audit/checkpoints"])
    sign_out(page)
    sign_in(page, insurer.username)
    _visit(page, ["/bids/"])


def test_the_citys_and_a_units_register_tables_scroll_in_their_own_region(page, db):
    h.build()
    yuzhong = db.session.scalar(sa.select(District).where(District.code == "500103"))
    reports.submit(yuzhong, 2024, _officer(db, "500103"))
    unit = db.session.scalar(sa.select(Organisation).where(Organisation.uscc == h.UNIT_A))
    unit.kind = OrganisationKind.USER_UNIT
    resident = make_user(Role.COMMUNITY, organisation=unit)
    city = _officer(db, "500000", OrganisationKind.CITY_MARKET)
    db.session.commit()
    sign_in(page, city.username)
    _visit(page, ["/pilot/city/?year=2024"])
    sign_out(page)
    sign_in(page, resident.username)
    _visit(page, ["/pilot/unit/"])


def test_an_officers_opening_record_and_company_registry_scroll_in_their_own_region(page, db):
    from tests.factories import make_opened_tender, register_companies

    tender = make_opened_tender()
    register_companies(3)
    db.session.commit()
    sign_in(page, tender.created_by.username)
    _visit(page, [f"/tenders/{tender.id}/opening-record", "/manage/maintenance/companies"])
