"""The pages: who sees what (404 for the others), bad input refused beside its field, the public
notice without personal data, and the poster whose QR code decodes to the public page."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from procurement.shaoguan import notice
from procurement.shaoguan.models import LedgerEntry
from tests.conftest import csrf_token, submit
from tests.factories import PASSWORD
from tests.procurement.shaoguan.helpers import World


def test_the_ledger_is_the_city_bureaus_and_a_bad_amount_is_refused(app, client, db, login_as):
    world = World()
    url = f"/shaoguan/{world.programme.id}/ledger"
    for someone in (world.bureau, world.staff, world.insurer_user):
        assert _as(app, someone).get(url).status_code in (403, 404)
    login_as(world.city)
    assert client.get(url).status_code == 200
    response = submit(client, f"{url}/income", {"income-year": "2024", "income-amount": "-3"},
                      form_page=url)  # fmt: skip
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 0


def test_eligibility_is_the_district_bureaus(app, client, db):
    world = World()
    url = f"/shaoguan/{world.programme.id}/communities/{world.community.id}"
    assert _as(app, world.other_bureau).get(url).status_code == 404
    assert _as(app, world.bureau).get(url).status_code == 200


def test_a_proposal_is_seen_by_its_parties_only(app, client, db):
    world = World()
    proposal = world.proposal()
    url = f"/shaoguan/proposals/{proposal.id}"
    for someone, status in ((world.stranger, 404), (world.other_bureau, 404), (world.staff, 200),
                            (world.insurer_user, 200), (world.bureau, 200)):  # fmt: skip
        assert _as(app, someone).get(url).status_code == status, someone
    public = f"/shaoguan/p/{world.programme.slug}/notices/{proposal.id}"
    assert client.get(public).status_code == 404  # not yet noticed


def _as(app, user):
    """A browser of its own, signed in as `user`."""
    browser = app.test_client()
    response = submit(browser, "/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return browser


@pytest.fixture
def noticed(db):
    world = World()
    proposal = world.proposal()
    notice.publish_notice(proposal, world.bureau)
    db.session.commit()
    return world, proposal


def test_an_owners_objection_is_public_without_name_or_phone(client, noticed):
    world, proposal = noticed
    base = f"/shaoguan/p/{world.programme.slug}/notices/{proposal.id}"
    data = {"building": "3栋", "unit": "2单元", "room": "1201", "reason": "保费偏高，请说明依据",
            "name": "张三丰", "phone": "13812345678"}  # fmt: skip
    assert submit(client, f"{base}/object", {**data, "phone": ""}).status_code == 400
    assert submit(client, f"{base}/object", data).status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "保费偏高" in page and "张三丰" not in page and "13812345678" not in page


def test_the_home_page_links_the_programme_page(client, noticed):
    world, proposal = noticed
    home = client.get("/").get_data(as_text=True)
    assert f"/shaoguan/p/{world.programme.slug}" in home
    page = client.get(f"/shaoguan/p/{world.programme.slug}").get_data(as_text=True)
    assert f"/notices/{proposal.id}" in page and "0 / 300" not in page


@pytest.mark.parametrize(("size", "width_mm"), [("A4", 210), ("A3", 297)])
def test_the_poster_qr_code_decodes_to_the_public_page(app, client, noticed, size, width_mm):
    world, proposal = noticed
    response = client.get(
        f"/shaoguan/p/{world.programme.slug}/notices/{proposal.id}/poster-{size}.pdf"
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == width_mm
    assert "公示无异议" in page.extract_text() and proposal.community.name in page.extract_text()
    image = Image.open(io.BytesIO(page.images[0].data))
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    # PUBLIC_URL: the tests' "http://localhost", or a browser test's live server
    public = app.config["PUBLIC_URL"]
    assert decoded == [f"{public}/shaoguan/p/{world.programme.slug}/notices/{proposal.id}"]


def test_another_bureau_cannot_act_on_a_proposal(app, client, noticed, db):
    world, proposal = noticed
    objection = notice.file_objection(proposal, building="1栋", unit="1单元", room="101",
                                      reason="反对", name="王五", phone="13700000000")  # fmt: skip
    db.session.commit()
    other = _as(app, world.other_bureau)
    page = f"/shaoguan/proposals/{proposal.id}"
    assert other.get(page).status_code == 404
    url = f"{page}/objections/{objection.id}/answer"
    token = csrf_token(
        _as(app, world.bureau), page
    )  # any valid form token: the loader refuses first
    response = other.post(url, data={"answer": "驳回", "csrf_token": token})
    assert response.status_code in (400, 404)
    db.session.expire_all()
    assert objection.answer is None
    bureau_page = _as(app, world.bureau).get(page).get_data(as_text=True)
    assert "王五" in bureau_page and "13700000000" in bureau_page
