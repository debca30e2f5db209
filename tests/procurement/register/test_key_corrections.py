"""A district office corrects a row's key (电梯编号, 保单号, 赔案号) or deletes a row entered by mistake,
with a reason: refused, naming the other row, when the new key is taken or others refer to the row;
recorded in the correction history and audited; the submitted report then shows it changed; only
within the office's district."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.register.models import Claim, Correction, Elevator, Policy
from tests.conftest import submit
from tests.procurement.register import helpers as h
from tests.procurement.register.test_district_pages import _officer

MODELS = {"elevator": Elevator, "policy": Policy, "claim": Claim}


def _row(db, model, number, **where):
    query = sa.select(model).where(model.number == number)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def _rekey(client, kind, row, number, reason="录入错误"):
    return submit(
        client, f"/pilot/district/rekey/{kind}/{row.id}",
        {"key-number": number, "key-reason": reason},
        form_page=f"/pilot/district/correct/{kind}/{row.id}",
    )  # fmt: skip


def _delete(client, kind, row, reason="重复录入"):
    return submit(
        client, f"/pilot/district/delete/{kind}/{row.id}", {"delete-reason": reason},
        form_page=f"/pilot/district/correct/{kind}/{row.id}",
    )  # fmt: skip


def test_the_office_corrects_an_elevators_number_and_it_is_recorded(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    elevator = _row(db, Elevator, "E3")
    page = client.get(f"/pilot/district/correct/elevator/{elevator.id}").get_data(as_text=True)
    assert 'name="key-number"' in page and 'value="E3"' in page
    no_reason = _rekey(client, "elevator", elevator, "E3-1", reason="")
    assert no_reason.status_code == 400 and "更改编号的理由：" in no_reason.get_data(as_text=True)
    taken = _rekey(client, "elevator", elevator, "E1")
    assert taken.status_code == 400 and "电梯编号 E1 已被另一部电梯使用" in taken.get_data(
        as_text=True
    )
    same = _rekey(client, "elevator", elevator, "E3")
    assert same.status_code == 400 and "没有任何修改" in same.get_data(as_text=True)
    db.session.expire_all()
    assert (
        _row(db, Elevator, "E3") is not None
        and db.session.scalar(sa.select(sa.func.count()).select_from(Correction)) == 0
    )
    assert _rekey(client, "elevator", elevator, "E3-1").status_code == 302
    db.session.expire_all()
    assert _row(db, Elevator, "E3") is None and _row(db, Elevator, "E3-1").id == elevator.id
    correction = db.session.scalar(sa.select(Correction))
    assert correction.changes == {"number": ["E3", "E3-1"]} and correction.reason == "录入错误"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "register.rekey"))
    assert event.details["changes"] == {"number": ["E3", "E3-1"]}
    listed = client.get("/pilot/district/corrections").get_data(as_text=True)
    assert "电梯编号：E3 → E3-1" in listed and "录入错误" in listed


def test_a_registration_code_another_elevator_has_is_refused(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    elevator = _row(db, Elevator, "E3")
    url = f"/pilot/district/correct/elevator/{elevator.id}"
    form = {"registration_code": "R1", "address": "较场口3号", "in_service_on": "2020-01-01",
            "stops": "6", "residents": "40", "ownership": "single", "reason": "注册代码有误"}  # fmt: skip
    taken = submit(client, url, form)
    assert taken.status_code == 400
    assert "注册代码 R1 已是电梯 E1 的注册代码" in taken.get_data(as_text=True)
    assert submit(client, url, {**form, "registration_code": "R3-1"}).status_code == 302
    db.session.expire_all()
    assert _row(db, Elevator, "E3").registration_code == "R3-1"


def test_a_policy_or_claim_number_is_refused_when_another_row_holds_it(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    e1 = _row(db, Elevator, "E1")
    p1_e1 = _row(db, Policy, "P1", elevator_id=e1.id)
    clash = _rekey(client, "policy", p1_e1, "P3")  # E1 already has a row of P3
    assert clash.status_code == 400 and "保单 P3 已有电梯 E1 的一行" in clash.get_data(as_text=True)
    other = _rekey(client, "policy", p1_e1, "P2")  # P2 is the other insurer's policy
    assert other.status_code == 400 and "保单号 P2 属于另一保险机构的保单" in other.get_data(
        as_text=True
    )
    assert _rekey(client, "policy", p1_e1, "P1-A").status_code == 302
    db.session.expire_all()
    assert _row(db, Policy, "P1-A").elevator_id == e1.id
    assert _row(db, Policy, "P1").elevator.number == "E2"  # the policy's other row keeps it
    claim = _row(db, Claim, "C2")
    taken = _rekey(client, "claim", claim, "C1")
    assert taken.status_code == 400 and "赔案号 C1 已被另一赔案使用" in taken.get_data(as_text=True)
    assert _rekey(client, "claim", claim, "C2-X").status_code == 302
    db.session.expire_all()
    assert _row(db, Claim, "C2-X").policy.number == "P1-A"


def test_a_row_others_refer_to_is_not_deleted_and_they_are_named(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    e1 = _row(db, Elevator, "E1")
    page = client.get(f"/pilot/district/correct/elevator/{e1.id}").get_data(as_text=True)
    assert "data-confirm=" in page and 'name="delete-reason"' in page
    refused = _delete(client, "elevator", e1).get_data(as_text=True)
    assert "该电梯不能删除：保单 P1、P3 承保该电梯" in refused
    p1_e1 = _row(db, Policy, "P1", elevator_id=e1.id)
    refused = _delete(client, "policy", p1_e1).get_data(as_text=True)
    assert "该保单行不能删除：赔案 C1、C2 属于该保单行" in refused
    db.session.expire_all()
    assert _row(db, Elevator, "E1") is not None and _row(db, Claim, "C1") is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Correction)) == 0


def test_deleting_a_claim_then_its_policy_row_then_its_elevator(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    e2 = _row(db, Elevator, "E2")
    no_reason = _delete(client, "claim", _row(db, Claim, "C4"), reason="")
    assert no_reason.status_code == 400
    assert _delete(client, "claim", _row(db, Claim, "C4")).status_code == 302
    assert _delete(client, "policy", _row(db, Policy, "P1", elevator_id=e2.id)).status_code == 302
    assert _delete(client, "elevator", e2, reason="与E1重复").status_code == 302
    db.session.expire_all()
    assert _row(db, Claim, "C4") is None and _row(db, Elevator, "E2") is None
    assert [p.elevator.number for p in db.session.scalars(sa.select(Policy).where(
        Policy.number == "P1"))] == ["E1"]  # fmt: skip
    kinds = [c.kind for c in db.session.scalars(sa.select(Correction).order_by(Correction.id))]
    assert kinds == ["claim", "policy", "elevator"]
    last = db.session.scalar(sa.select(Correction).where(Correction.kind == "elevator"))
    assert last.changes["number"] == ["E2", ""] and last.changes["address"] == ["解放碑2号", ""]
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "register.delete"))
    assert len(list(events)) == 3
    listed = client.get("/pilot/district/corrections").get_data(as_text=True)
    assert "已删除" in listed and "电梯编号：E2 → —" in listed and "与E1重复" in listed


def test_a_deletion_after_submission_shows_the_report_changed(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    page = "/pilot/district/?year=2024"
    submit(client, "/pilot/district/submit?year=2024", {}, form_page=page)
    assert 'id="changed"' not in client.get(page).get_data(as_text=True)
    assert _delete(client, "claim", _row(db, Claim, "C4")).status_code == 302
    assert 'id="changed"' in client.get(page).get_data(as_text=True)


@pytest.mark.parametrize("kind", ["elevator", "policy", "claim"])
def test_another_districts_rows_keep_their_keys_and_stay(client, db, login_as, kind):
    h.build()
    login_as(_officer(db, "500105"))  # 江北区: the small register is all in 渝中区
    row = db.session.scalar(sa.select(MODELS[kind]).where(MODELS[kind].number == "C4")
                            if kind == "claim" else sa.select(MODELS[kind]))  # fmt: skip
    number, row_id = row.number, row.id
    form_page = "/pilot/district/corrections"
    rekey = submit(client, f"/pilot/district/rekey/{kind}/{row_id}",
                   {"key-number": "X9", "key-reason": "x"}, form_page=form_page)  # fmt: skip
    delete = submit(client, f"/pilot/district/delete/{kind}/{row_id}", {"delete-reason": "x"},
                    form_page=form_page)  # fmt: skip
    assert rekey.status_code == 404 and delete.status_code == 404
    db.session.expire_all()
    assert db.session.get(MODELS[kind], row_id).number == number
