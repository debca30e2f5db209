"""Administrators manage organisations and memberships on web pages (audited; nothing deleted);
every other role is refused and bad input writes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role, User
from procurement.audit.models import AuditEvent
from procurement.organisations.districts import BUILT_IN
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.organisations.operations import load_districts
from tests.conftest import submit
from tests.factories import make_insurer, make_office, make_uscc, make_user

YUZHONG = "重庆市渝中区住房和城乡建设委员会"


@pytest.fixture
def districts(db):
    for path in BUILT_IN:
        load_districts(path.read_bytes(), path.name)
    db.session.commit()


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _events(db, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def _office_data(**values: str) -> dict[str, str]:
    return {"name": YUZHONG, "kind": "district_housing", "district": "500103", "uscc": ""} | values


def test_the_list_filters_by_kind_and_district_with_member_counts(client, db, login_as, districts):
    login_as(make_user(Role.ADMIN))
    assert "没有符合条件的单位" in client.get("/organisations/").get_data(as_text=True)
    assert submit(client, "/organisations/new", _office_data()).status_code == 302
    market = _office_data(name="重庆市市场监督管理局", kind="city_market", district="500000")
    assert submit(client, "/organisations/new", market).status_code == 302
    shaoguan = _office_data(name="韶关市浈江区住房和城乡建设局", district="440204")
    assert submit(client, "/organisations/new", shaoguan).status_code == 302
    office = db.session.scalar(sa.select(Organisation).where(Organisation.name == YUZHONG))
    make_user(Role.OFFICER, organisation=office)
    make_user(Role.OFFICER, organisation=office)
    db.session.commit()
    listing = client.get("/organisations/").get_data(as_text=True)
    row = listing[listing.index(YUZHONG) :].split("</tr>")[0]
    assert "区县住房和城乡建设主管部门" in row and "渝中区" in row and "<td>2</td>" in row
    by_kind = client.get("/organisations/?kind=city_market").get_data(as_text=True)
    assert "重庆市市场监督管理局" in by_kind and YUZHONG not in by_kind
    # a city's filter shows its own offices and its districts' offices, not another city's
    in_chongqing = client.get("/organisations/?district=500000").get_data(as_text=True)
    assert YUZHONG in in_chongqing and "重庆市市场监督管理局" in in_chongqing
    assert "韶关市浈江区" not in in_chongqing
    assert client.get("/organisations/?kind=spaceport").status_code == 400
    assert client.get("/organisations/?district=999999").status_code == 400


def test_the_list_is_paginated(client, db, login_as, app):
    login_as(make_user(Role.ADMIN))
    size = app.config["PAGE_SIZE"]
    for number in range(size + 1):
        make_office(f"采购代理机构{number:02d}", OrganisationKind.AGENCY)
    db.session.commit()
    first = client.get("/organisations/").get_data(as_text=True)
    assert 'rel="next"' in first
    second = client.get("/organisations/?page=2").get_data(as_text=True)
    assert "采购代理机构" in second
    assert client.get("/organisations/?page=3").status_code == 404


def test_creating_checks_every_field_and_writes_nothing_on_bad_input(
    client, db, login_as, districts
):
    login_as(make_user(Role.ADMIN))
    before = _count(db, AuditEvent)
    code = make_uscc()
    bad_check = code[:-1] + ("0" if code[-1] != "0" else "1")
    cases = [
        (_office_data(name=""), "单位名称："),
        (_office_data(uscc=bad_check), "统一社会信用代码：校验码不符"),
        (_office_data(uscc="123"), "统一社会信用代码："),
        (_office_data(district="999999"), "管辖区域："),
        (_office_data(kind="spaceport"), "单位类型："),
    ]
    for data, message in cases:
        response = submit(client, "/organisations/new", data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    assert _count(db, Organisation) == 0 and _count(db, AuditEvent) == before
    response = submit(client, "/organisations/new", _office_data(uscc=code.lower()))
    assert response.status_code == 302
    office = db.session.scalars(sa.select(Organisation)).one()
    assert office.uscc == code and office.district.code == "500103" and office.active
    assert _events(db, "organisation.create")[0].details["district"] == "500103"
    again = submit(client, "/organisations/new", _office_data(name="另一个单位", uscc=code))
    assert again.status_code == 400
    assert "统一社会信用代码：同类单位中已有使用该统一社会信用代码的单位" in again.get_data(
        as_text=True
    )
    assert _count(db, Organisation) == 1


def test_editing_is_audited_and_an_insurer_keeps_its_kind(client, db, login_as, districts):
    login_as(make_user(Role.ADMIN))
    assert submit(client, "/organisations/new", _office_data()).status_code == 302
    office = db.session.scalars(sa.select(Organisation)).one()
    url = f"/organisations/{office.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert YUZHONG in page and 'selected value="500103"' in page
    renamed = _office_data(name="重庆市渝中区住建委", district="500105")
    assert submit(client, url, renamed).status_code == 302
    db.session.refresh(office)
    assert (office.name, office.district.code) == ("重庆市渝中区住建委", "500105")
    changed = _events(db, "organisation.edit")[0].details["changed"]
    assert changed == {"name": [YUZHONG, "重庆市渝中区住建委"], "district": ["500103", "500105"]}
    insurer = make_insurer().insurer.organisation
    db.session.commit()
    data = {"name": insurer.name, "kind": "agency", "district": "", "uscc": insurer.uscc}
    refused = submit(client, f"/organisations/{insurer.id}/edit", data)
    assert refused.status_code == 400 and "单位类型：保险机构和维保单位的类型不能更改" in (
        refused.get_data(as_text=True)
    )
    db.session.refresh(insurer)
    assert insurer.kind is OrganisationKind.INSURER and len(_events(db, "organisation.edit")) == 1


def test_deactivating_asks_first_keeps_the_members_and_deletes_nothing(client, db, login_as):
    login_as(make_user(Role.ADMIN))
    office = make_office(YUZHONG)
    officer = make_user(Role.OFFICER, organisation=office)
    db.session.commit()
    url = f"/organisations/{office.id}"
    page = client.get(url).get_data(as_text=True)
    assert f"确定停用 {YUZHONG} 吗" in page and officer.username in page
    assert submit(client, f"{url}/active", {"active": "0"}, form_page=url).status_code == 302
    db.session.refresh(office)
    db.session.refresh(officer)
    assert office.active is False and officer.organisation_id == office.id
    assert _events(db, "organisation.deactivate")[0].details == {"before": True, "after": False}
    # a deactivated organisation takes no new members
    other = make_user(Role.OFFICER, organisation=make_office("另一个区住建委"))
    db.session.commit()
    move = submit(
        client,
        f"/accounts/{other.id}/organisation",
        {"organisation": str(office.id), "reason": "调动"},
        form_page=f"/accounts/{other.id}",
    )
    assert move.status_code == 400
    assert submit(client, f"{url}/active", {"active": "1"}, form_page=url).status_code == 302
    db.session.refresh(office)
    assert office.active is True and _count(db, Organisation) == 2


def test_an_account_is_moved_with_a_reason_and_its_history_is_shown(client, db, login_as):
    login_as(make_user(Role.ADMIN))
    officer = make_user(Role.OFFICER)
    first = officer.organisation
    target = make_office(YUZHONG)
    db.session.commit()
    page_url, url = f"/accounts/{officer.id}", f"/accounts/{officer.id}/organisation"
    assert "该账号没有调整过所属单位" in client.get(page_url).get_data(as_text=True)
    no_reason = submit(
        client, url, {"organisation": str(target.id), "reason": " "}, form_page=page_url
    )
    assert no_reason.status_code == 400 and "理由：" in no_reason.get_data(as_text=True)
    unknown = submit(client, url, {"organisation": "999999", "reason": "调动"}, form_page=page_url)
    assert unknown.status_code == 400
    same = submit(
        client, url, {"organisation": str(first.id), "reason": "调动"}, form_page=page_url
    )
    assert same.status_code == 400 and "该账号已属于此单位" in same.get_data(as_text=True)
    db.session.refresh(officer)
    assert officer.organisation_id == first.id and not _events(db, "organisation.member_moved")
    moved = submit(
        client, url, {"organisation": str(target.id), "reason": "岗位调动"}, form_page=page_url
    )
    assert moved.status_code == 302
    out = submit(client, url, {"organisation": "", "reason": "离职"}, form_page=page_url)
    assert out.status_code == 302
    db.session.refresh(officer)
    assert officer.organisation_id is None and db.session.get(User, officer.id) is not None
    history = client.get(page_url).get_data(as_text=True)
    assert history.index(first.name) < history.index("岗位调动") < history.index("离职")
    assert YUZHONG in history and "不属于任何单位" in history
    assert [e.details["reason"] for e in _events(db, "organisation.member_moved")] == [
        "岗位调动",
        "离职",
    ]


@pytest.mark.parametrize(
    "role", [Role.OFFICER, Role.MEMBER, Role.INSURER, Role.SUPERVISOR, Role.COMMUNITY]
)
def test_only_administrators_reach_these_pages(client, db, login_as, role):
    office = make_office(YUZHONG)
    target = make_user(Role.MEMBER)
    user = make_insurer() if role is Role.INSURER else make_user(role)
    db.session.commit()
    organisations = _count(db, Organisation)
    login_as(user)
    pages = ["/organisations/", "/organisations/new", f"/organisations/{office.id}"]
    pages += [f"/organisations/{office.id}/edit", f"/accounts/{target.id}"]
    for url in pages:
        assert client.get(url).status_code == 403, url
    posts = {
        "/organisations/new": _office_data(name="越权单位"),
        f"/organisations/{office.id}/edit": _office_data(name="越权改名"),
        f"/organisations/{office.id}/active": {"active": "0"},
        f"/accounts/{target.id}/organisation": {"organisation": str(office.id), "reason": "x"},
    }
    for url, data in posts.items():
        assert submit(client, url, data, form_page="/accounts/me").status_code == 403, url
    db.session.refresh(office)
    db.session.refresh(target)
    assert office.name == YUZHONG and office.active and target.organisation_id is None
    assert _count(db, Organisation) == organisations
    changes = sa.select(AuditEvent).where(AuditEvent.action.startswith("organisation."))
    assert db.session.scalars(changes).all() == []


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    office = make_office(YUZHONG)
    db.session.commit()
    for url in ("/organisations/", f"/organisations/{office.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_missing_organisation_or_account_is_404(client, db, login_as):
    login_as(make_user(Role.ADMIN))
    assert client.get("/organisations/999999").status_code == 404
    assert client.get("/organisations/999999/edit").status_code == 404
    assert client.get("/accounts/999999").status_code == 404


def test_the_list_reads_a_fixed_number_of_statements(
    client, db, login_as, districts, count_queries
):
    login_as(make_user(Role.ADMIN))
    divisions = db.session.scalars(sa.select(District).order_by(District.code)).all()

    def statements() -> int:
        with count_queries() as counted:
            assert client.get("/organisations/").status_code == 200
        return len(counted.statements)

    make_office("第一个单位", OrganisationKind.AGENCY, divisions[0])
    db.session.commit()
    few = statements()
    for number in range(12):
        make_office(f"采购代理机构{number:02d}", OrganisationKind.AGENCY, divisions[number + 1])
    db.session.commit()
    assert statements() == few  # each in its own division: the divisions are read at once
