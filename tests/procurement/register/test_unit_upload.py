"""A user unit uploads its elevators file in the browser: errors by row and nothing written, a
preview, then import or discard; only its own rows, and another unit's upload is a 404."""

from __future__ import annotations

import io

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.organisations.models import Organisation, OrganisationKind
from procurement.register.models import Elevator, RegisterUpload
from tests.conftest import PASSWORD, csrf_token, submit
from tests.factories import make_user
from tests.procurement.register import helpers as h

PAGE = "/pilot/unit/"


def _upload(client, data, filename="e.csv"):
    token = csrf_token(client, PAGE)
    return client.post(
        "/pilot/unit/upload",
        data={"elevators-csrf_token": token, "elevators-file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _count(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Elevator))


def _unit(db, uscc, name="甲使用单位", kind=OrganisationKind.USER_UNIT):
    unit = Organisation(name=name, kind=kind, uscc=uscc)
    db.session.add(unit)
    db.session.commit()
    return make_user(Role.COMMUNITY, organisation=unit)


def test_a_unit_uploads_its_elevators_with_preview_and_confirm(client, db, login_as):
    h.load()
    login_as(_unit(db, h.UNIT_A))
    own = [r for r in h.elevator_rows() if r[3] == h.UNIT_A]
    response = _upload(client, h.file("elevators", own, "xlsx"), "e.xlsx")
    assert response.status_code == 302
    preview = client.get(response.location).get_data(as_text=True)
    assert "E1" in preview and "解放碑2号" in preview and "保障性住房" in preview
    assert _count(db) == 0  # nothing before the confirmation
    assert submit(client, response.location, {"action": "confirm"}).status_code == 302
    assert _count(db) == 2
    page = client.get(PAGE).get_data(as_text=True)
    assert "<td>E1</td>" in page and "<td>E2</td>" in page
    # the elevators belong to the account's own organisation, not a new one of the same code
    unit = db.session.scalar(sa.select(Organisation).where(Organisation.uscc == h.UNIT_A))
    assert {e.user_unit_id for e in db.session.scalars(sa.select(Elevator))} == {unit.id}


def test_a_property_company_is_the_user_unit_of_its_elevators(client, db, login_as):
    h.load()
    login_as(_unit(db, h.UNIT_A, "甲物业", OrganisationKind.PROPERTY))
    rows = [[*r[:2], "甲物业", *r[3:]] for r in h.elevator_rows() if r[3] == h.UNIT_A]
    location = _upload(client, h.file("elevators", rows)).location
    submit(client, location, {"action": "confirm"})
    kinds = db.session.scalars(
        sa.select(Organisation.kind).join(Elevator, Elevator.user_unit_id == Organisation.id)
    ).all()
    assert set(kinds) == {OrganisationKind.PROPERTY} and len(kinds) == 2


def test_another_units_rows_and_elevators_are_refused_by_row(client, db, login_as):
    h.load()
    login_as(_unit(db, h.UNIT_B, "乙使用单位"))
    response = _upload(client, h.file("elevators", h.elevator_rows()))
    assert response.status_code == 302  # to the upload's page, where its check shows
    text = client.get(response.location).get_data(as_text=True)
    assert "不是本单位的统一社会信用代码" in text
    refused = db.session.scalar(sa.select(RegisterUpload))
    assert _count(db) == 0 and refused.status == "refused" and refused.data is None
    # an elevator another unit holds is not moved by an upload
    from procurement.register import operations

    operations.apply_file("elevators", "e.csv", h.file("elevators", h.elevator_rows()[:1]))
    db.session.commit()
    taken = [
        ["E1", "R1", "乙使用单位", h.UNIT_B, "渝中区", "", "某路", "2010-06-30", "6", "9", "其他"]
    ]
    text = client.get(_upload(client, h.file("elevators", taken)).location).get_data(as_text=True)
    assert "电梯编号已由其他使用单位登记" in text
    assert db.session.scalar(sa.select(Elevator.address)) == "解放碑1号"


def test_a_discarded_upload_writes_nothing_and_is_404_to_another_unit(app, client, db, login_as):
    h.load()
    login_as(_unit(db, h.UNIT_A))
    own = [r for r in h.elevator_rows() if r[3] == h.UNIT_A]
    location = _upload(client, h.file("elevators", own)).location
    other, user = app.test_client(), _unit(db, h.UNIT_B, "乙使用单位")
    assert (
        submit(other, "/login", {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
    assert other.get(location).status_code == 404
    assert submit(other, location, {"action": "confirm"}, form_page=PAGE).status_code == 404
    assert submit(client, location, {"action": "discard"}).status_code == 302
    assert _count(db) == 0
    assert db.session.scalar(sa.select(RegisterUpload.status)) == "discarded"


def test_a_unit_without_a_credit_code_is_told_so(client, db, login_as):
    h.load()
    login_as(_unit(db, None, "无代码单位"))
    response = _upload(client, h.file("elevators", h.elevator_rows()))
    assert response.status_code == 400
    assert "本单位尚未登记统一社会信用代码" in response.get_data(as_text=True)


def test_a_units_second_upload_changes_only_its_own_elevators_and_keeps_their_companies(db):
    """The writer of a unit's upload reads back only the unit's own elevators: a changed row is
    updated, an unchanged one left alone, the register's maintenance company kept when the file
    has no 维保单位 columns, and the other units' elevators untouched."""
    from procurement.maintenance.generate import upload_file
    from procurement.register import operations
    from procurement.register.rows import ELEVATOR_HEADERS, MAINTAINER_HEADERS
    from tests.factories import register_companies

    h.load()
    unit = _unit(db, h.UNIT_A).organisation
    company = register_companies(1)[0]
    others = h.elevator_rows()[2:]  # E3, another unit's
    operations.apply_file("elevators", "b.csv", h.file("elevators", others))
    own = [r for r in h.elevator_rows() if r[3] == h.UNIT_A]
    with_company = upload_file(
        ELEVATOR_HEADERS + MAINTAINER_HEADERS,
        [[*r, company.name, company.uscc] for r in own],
        "csv",
    )
    assert operations.apply_file("elevators", "a.csv", with_company, unit=unit).added == 2
    db.session.commit()
    before = {e.number: (e.address, e.maintainer_id, e.user_unit_id) for e in
              db.session.scalars(sa.select(Elevator))}  # fmt: skip
    own[1][6] = "解放碑22号"  # E2 moves; E1 as it was; no 维保单位 columns this time
    again = operations.apply_file("elevators", "a.csv", h.file("elevators", own), unit=unit)
    db.session.commit()
    assert (again.added, again.changed) == (0, 1)
    after = {e.number: (e.address, e.maintainer_id, e.user_unit_id) for e in
             db.session.scalars(sa.select(Elevator))}  # fmt: skip
    assert after["E1"] == before["E1"] and after["E3"] == before["E3"]
    assert after["E2"] == ("解放碑22号", *before["E2"][1:])
    assert before["E2"][1] is not None  # the company named the first time is still there
