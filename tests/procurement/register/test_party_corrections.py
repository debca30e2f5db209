"""A district office corrects an elevator's 使用单位 (another unit of its district, by credit code
or name) or a policy's 保险机构 (a registered, approved insurer, by credit code), with a reason:
refused with the field named; recorded old → new and audited; the policy's every row and claims
follow; the submitted report then shows it changed; another district's office gets a 404."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import InsurerStatus
from procurement.audit.models import AuditEvent
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register import operations
from procurement.register.models import Claim, Correction, Elevator, Policy
from tests.conftest import submit
from tests.factories import make_insurer, make_uscc
from tests.procurement.register import helpers as h
from tests.procurement.register.test_district_pages import _officer


def _elevator(db, number):
    return db.session.scalar(sa.select(Elevator).where(Elevator.number == number))


def _policy_row(db, number, elevator):
    return db.session.scalar(
        sa.select(Policy)
        .join(Policy.elevator)
        .where(Policy.number == number, Elevator.number == elevator)
    )


def _unit(client, elevator, value, reason="使用单位录入错误"):
    return submit(
        client, f"/pilot/district/reassign/elevator/{elevator.id}",
        {"unit-unit": value, "unit-reason": reason},
        form_page=f"/pilot/district/correct/elevator/{elevator.id}",
    )  # fmt: skip


def _insurer(client, policy, code, reason="保险机构录入错误"):
    return submit(
        client, f"/pilot/district/reassign/policy/{policy.id}",
        {"insurer-insurer": code, "insurer-reason": reason},
        form_page=f"/pilot/district/correct/policy/{policy.id}",
    )  # fmt: skip


def _unit_in(db, name, code, district_code, **fields):
    district = db.session.scalar(sa.select(District).where(District.code == district_code))
    unit = Organisation(kind=OrganisationKind.USER_UNIT, name=name, uscc=code, district=district,
                        **fields)  # fmt: skip
    db.session.add(unit)
    db.session.commit()
    return unit


def _corrections(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Correction))


def test_the_office_gives_an_elevator_another_user_unit_of_its_district(client, db, login_as):
    h.build()
    _unit_in(db, "江北使用单位", make_uscc(931), "500105")
    _unit_in(db, "丙使用单位", make_uscc(932), "500103")
    _unit_in(db, "丙使用单位", make_uscc(933), "500103")
    _unit_in(db, "停用使用单位", make_uscc(934), "500103", active=False)
    login_as(_officer(db, "500103"))
    e3 = _elevator(db, "E3")
    page = client.get(f"/pilot/district/correct/elevator/{e3.id}").get_data(as_text=True)
    assert 'name="unit-unit"' in page and f"现为：乙使用单位（{h.UNIT_B}）" in page
    refusals = {
        "": "更改使用单位的理由：",
        make_uscc(999): f"使用单位：没有名称或统一社会信用代码为 {make_uscc(999)} 的使用单位",
        make_uscc(931): "使用单位 江北使用单位 属于江北区，不在本辖区",
        "丙使用单位": "使用单位：有多个名为 丙使用单位 的使用单位，请改填统一社会信用代码",
        make_uscc(934): "使用单位 停用使用单位 已停用",
        h.UNIT_B: "该电梯的使用单位已是 乙使用单位，没有任何修改",
    }
    for value, message in refusals.items():
        refused = _unit(client, e3, value, reason="" if not value else "错")
        assert refused.status_code == 400 and message in refused.get_data(as_text=True), value
    db.session.expire_all()
    assert _elevator(db, "E3").user_unit.uscc == h.UNIT_B and _corrections(db) == 0
    assert _unit(client, e3, "甲使用单位").status_code == 302  # by its exact name
    assert _unit(client, e3, make_uscc(932).lower()).status_code == 302  # by its code
    db.session.expire_all()
    assert _elevator(db, "E3").user_unit.uscc == make_uscc(932)
    first = db.session.scalar(sa.select(Correction).order_by(Correction.id))
    assert first.kind == "elevator" and first.reason == "使用单位录入错误"
    assert first.changes == {
        "user_unit": [f"乙使用单位（{h.UNIT_B}）", f"甲使用单位（{h.UNIT_A}）"]
    }
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "register.reassign")
    )
    assert [e.details["changes"]["user_unit"][1] for e in events] == [
        f"甲使用单位（{h.UNIT_A}）", f"丙使用单位（{make_uscc(932)}）"
    ]  # fmt: skip
    listed = client.get("/pilot/district/corrections").get_data(as_text=True)
    assert f"使用单位：乙使用单位（{h.UNIT_B}） → 甲使用单位（{h.UNIT_A}）" in listed


def test_the_office_gives_a_policy_another_insurer_on_all_its_rows(client, db, login_as):
    a, b = h.build()
    pending = make_insurer(name="丙保险", status=InsurerStatus.PENDING).insurer.uscc
    login_as(_officer(db, "500103"))
    p1_e2 = _policy_row(db, "P1", "E2")
    page = client.get(f"/pilot/district/correct/policy/{p1_e2.id}").get_data(as_text=True)
    assert f"现为：甲保险（{a}）" in page and "（2 部电梯）及其 3 件赔案" in page
    refusals = {
        make_uscc(998): f"保险机构：统一社会信用代码 {make_uscc(998)} 不是已登记的保险机构",
        pending: "保险机构 丙保险 已登记但尚未经管理员审核通过",
        a: "该保单的保险机构已是 甲保险，没有任何修改",
    }
    for code, message in refusals.items():
        refused = _insurer(client, p1_e2, code)
        assert refused.status_code == 400 and message in refused.get_data(as_text=True), code
    assert _insurer(client, p1_e2, b, reason="").status_code == 400
    assert _corrections(db) == 0
    assert _insurer(client, p1_e2, b).status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Policy).where(Policy.number == "P1"))
    assert {row.elevator.number: row.insurer.uscc for row in rows} == {"E1": b, "E2": b}
    claims = db.session.scalars(sa.select(Claim).join(Claim.policy).where(Policy.number == "P1"))
    assert {claim.policy.insurer.uscc for claim in claims} == {b}
    correction = db.session.scalar(sa.select(Correction))
    assert correction.label == "P1 / E1、E2"
    assert correction.changes == {"insurer": [f"甲保险（{a}）", f"乙保险（{b}）"]}
    listed = client.get("/pilot/district/corrections").get_data(as_text=True)
    assert f"保险机构：甲保险（{a}） → 乙保险（{b}）" in listed and "保险机构录入错误" in listed


def test_a_policy_covering_another_districts_elevator_keeps_its_insurer(client, db, login_as):
    a, b = h.build()
    elevator = ["E9", "R9", "江北使用单位", make_uscc(941), "江北区", "", "观音桥9号", "2018-01-01",
                "10", "60", "单一产权"]  # fmt: skip
    policy = ["P1", a, "E9", "渝梯保", "渝备2024-1", "2000", "自筹", "2024-01-01", "2024-12-31",
              "已承保"]  # fmt: skip
    operations.apply_file("elevators", "e9.csv", h.file("elevators", [elevator]))
    operations.apply_file("policies", "p9.csv", h.file("policies", [policy]))
    login_as(_officer(db, "500103"))
    refused = _insurer(client, _policy_row(db, "P1", "E1"), b)
    assert refused.status_code == 400
    assert "保险机构不能在此更正：保单 P1 还承保本辖区以外的电梯 E9" in refused.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert {row.insurer.uscc for row in db.session.scalars(sa.select(Policy).where(
        Policy.number == "P1"))} == {a}  # fmt: skip
    assert _corrections(db) == 0


def test_a_new_insurer_after_submission_shows_the_report_changed(client, db, login_as):
    _a, b = h.build()
    login_as(_officer(db, "500103"))
    page = "/pilot/district/?year=2024"
    submit(client, "/pilot/district/submit?year=2024", {}, form_page=page)
    assert 'id="changed"' not in client.get(page).get_data(as_text=True)
    assert _insurer(client, _policy_row(db, "P2", "E3"), b).status_code == 400  # already b's
    assert 'id="changed"' not in client.get(page).get_data(as_text=True)
    assert _unit(client, _elevator(db, "E3"), h.UNIT_A).status_code == 302
    assert 'id="changed"' in client.get(page).get_data(as_text=True)


@pytest.mark.parametrize("kind", ["elevator", "policy", "claim"])
def test_another_districts_office_gets_a_404(client, db, login_as, kind):
    a, b = h.build()
    login_as(_officer(db, "500105"))  # 江北区: the small register is all in 渝中区
    row = _elevator(db, "E1") if kind == "elevator" else _policy_row(db, "P1", "E1")
    if kind == "claim":
        row = db.session.scalar(sa.select(Claim).where(Claim.number == "C1"))
    fields = {"unit-unit": h.UNIT_B, "unit-reason": "x", "insurer-insurer": b,
              "insurer-reason": "x"}  # fmt: skip
    response = submit(client, f"/pilot/district/reassign/{kind}/{row.id}", fields,
                      form_page="/pilot/district/corrections")  # fmt: skip
    assert response.status_code == 404
    db.session.expire_all()
    assert _elevator(db, "E1").user_unit.uscc == h.UNIT_A
    assert _policy_row(db, "P1", "E1").insurer.uscc == a and _corrections(db) == 0
