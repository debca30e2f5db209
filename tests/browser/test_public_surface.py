"""Every kind of public page, and the public forms, on a phone (375 px) and a desktop (1280 px).

On each: the page does not scroll sideways, and axe-core (vendored, tests/browser/vendor/) finds no
violation of WCAG 2.1 A/AA or of its best practices. The forms are checked empty and again after a
refused submission, when their errors are on the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from procurement.maintenance.models import CompanyResult
from procurement.publication import operations as publication
from tests.browser.test_accounts_journeys import sign_in
from tests.factories import make_insurer, make_published_period, make_tender
from tests.procurement.publication.test_publication import evaluated

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = [375, 1280]


def check_page(page, width: int) -> None:
    """No sideways scrolling at `width`, and no axe violation."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (page.url, width, scroll_width)
    # evaluate() runs in the page without a <script> element, so the CSP stays as it is.
    page.evaluate(AXE_SOURCE)
    violations = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(result => result.violations.map(v => ({
                id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))""",
        AXE_TAGS,
    )
    assert violations == [], (page.url, width, json.dumps(violations, ensure_ascii=False))


@pytest.fixture
def public_data(db):
    """One of each public thing: an open tender, a publicised one, a published evaluation period."""
    open_tender = make_tender(title="公开页面检查开放项目")
    publicised = evaluated(db)
    publication.publish_candidates(publicised, publicised.created_by)
    db.session.commit()
    period = make_published_period("2025", companies=8)
    uscc = db.session.execute(sa.select(CompanyResult.uscc).limit(1)).scalar_one()
    return open_tender, publicised, period, uscc


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_fits_and_passes_axe(page, public_data, width):
    open_tender, publicised, period, uscc = public_data
    page.set_viewport_size({"width": width, "height": 900})
    urls = [
        "/",
        "/tenders/",
        f"/tenders/{open_tender.reference}",  # announcement, bids still sealed
        f"/tenders/{publicised.reference}",  # announcement with the opening record
        f"/tenders/{publicised.reference}/notice",
        "/maintenance/",
        f"/maintenance/periods/{period.code}",
        f"/maintenance/periods/{period.code}/league-tables",
        f"/maintenance/periods/{period.code}/companies/{uscc}",
        "/login",
        "/register",
        f"/tenders/{publicised.reference}/objections/new",
    ]
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        check_page(page, width)


@pytest.fixture
def pilot_data(db):
    """The small pilot register (tests/procurement/register/helpers.py) and a target."""
    from datetime import timedelta

    from procurement import clock
    from procurement.accounts.models import Insurer, Role
    from procurement.register import targets
    from tests.factories import make_user
    from tests.procurement.register import helpers

    first, _second = helpers.build()
    due = clock.to_local(clock.now()).date() + timedelta(days=90)
    targets.set_target("重庆市", 300, due, make_user(Role.ADMIN))
    targets.set_target("渝中区", 100, due, make_user(Role.ADMIN))
    db.session.commit()
    return db.session.scalars(sa.select(Insurer).where(Insurer.uscc == first)).one()


@pytest.mark.parametrize("width", WIDTHS)
def test_pilot_pages_fit_and_pass_axe(page, pilot_data, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url in [
        "/pilot/insurers/",
        "/pilot/insurers/?year=2024",
        f"/pilot/insurers/{pilot_data.id}?year=2024",
        "/pilot/progress",
    ]:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        check_page(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_public_forms_with_their_errors_pass_axe(page, public_data, width):
    open_tender, publicised, _period, _uscc = public_data
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/login")
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".errors").first).to_be_visible()
    check_page(page, width)
    page.goto("/register")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator(".errors").first).to_be_visible()
    check_page(page, width)
    page.goto(f"/tenders/{publicised.reference}/objections/new")
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator(".errors").first).to_be_visible()
    check_page(page, width)

    insurer = make_insurer(username=f"surface_{width}")
    sign_in(page, insurer.username)
    page.goto(f"/bids/{open_tender.reference}")
    expect(page.get_by_label("投标报价（元/台·年）")).to_be_visible()
    check_page(page, width)
    page.get_by_role("button", name="递交投标").click()  # incomplete: refused in the page
    expect(page.get_by_role("alert")).to_contain_text("投标文件不完整")
    check_page(page, width)


def test_print_buttons_print_and_the_print_layout_drops_the_site_chrome(page, public_data):
    open_tender, publicised, period, _uscc = public_data
    for url in [
        f"/tenders/{open_tender.reference}",
        f"/tenders/{publicised.reference}/notice",
        f"/maintenance/periods/{period.code}",
    ]:
        page.goto(url)
        page.evaluate(
            "() => { window.printed = 0; window.print = () => { window.printed += 1; }; }"
        )
        page.get_by_role("button", name="打印").click()
        assert page.evaluate("window.printed") == 1, url
        page.emulate_media(media="print")
        expect(page.locator("header.site")).to_be_hidden()
        expect(page.get_by_role("button", name="打印")).to_be_hidden()
        expect(page.locator("h1")).to_be_visible()
        page.emulate_media(media="screen")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_newer_public_pages_fit_and_pass_axe(page, db, width):
    """The admitted-insurers list (issue 14) and Shaoguan's programme, notice and objection pages (17)."""
    from procurement.shaoguan import notice
    from tests.procurement.shaoguan.helpers import World

    world = World()
    proposal = world.proposal()
    notice.publish_notice(proposal, world.bureau)
    db.session.commit()
    base = f"/shaoguan/p/{world.programme.slug}"
    page.set_viewport_size({"width": width, "height": 900})
    for url in [
        "/admitted",
        base,
        f"{base}/notices/{proposal.id}",
        f"{base}/notices/{proposal.id}/object",
    ]:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        check_page(page, width)


def test_the_site_header_on_a_phone_keeps_names_whole_and_the_menu_a_row_wide(page, db):
    """An officer's header at 375 px (a bug seen there: beside the site's name the menu was a column
    a few characters wide, and the account's name wrapped one character to a line)."""
    from procurement.accounts.models import Role
    from tests.factories import make_user

    officer = make_user(Role.OFFICER, display_name="王采购")
    page.set_viewport_size({"width": 375, "height": 900})
    sign_in(page, officer.username)
    header = page.locator("header.site")
    one_line = header.get_by_role("link", name="English").bounding_box()
    for item in [header.get_by_role("link", name="王采购"),
                 header.get_by_role("button", name="退出登录")]:  # fmt: skip
        box = item.bounding_box()
        assert box is not None and box["height"] < 1.5 * one_line["height"], box
    menu = header.locator("nav").bounding_box()
    assert menu is not None and menu["width"] > 0.8 * (375 - 32), menu  # the row, less the padding
    check_page(page, 375)
