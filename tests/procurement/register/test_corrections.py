"""A district office corrects a row of its district's register — an elevator, a policy row, a
claim — with a required reason, checked as the imports are, recorded old → new and audited; a row
of another district is a 404; a correction after a submitted report calls for a new version."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.register.models import Claim, Correction, Elevator, Policy
from tests.conftest import submit
from tests.procurement.register import helpers as h
from tests.procurement.register.test_district_pages import _officer


def _row(db, model, number, **where):
    query = sa.select(model).where(model.number == number)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def _url(kind, row):
    return f"/pilot/district/correct/{kind}/{row.id}"


def _elevator_form(**changes):
    base = {"registration_code": "R1", "address": "解放碑1号", "in_service_on": "2010-06-30",
            "stops": "18", "residents": "120", "ownership": "single", "reason": ""}  # fmt: skip
    return {**base, **changes}


def test_the_office_corrects_an_elevator_with_a_reason_and_it_is_audited(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    found = client.get("/pilot/district/corrections?kind=elevator&number=E1")
    elevator = _row(db, Elevator, "E1")
    assert _url("elevator", elevator) in found.get_data(as_text=True)
    form = client.get(_url("elevator", elevator)).get_data(as_text=True)
    assert 'value="解放碑1号"' in form
    # no reason: refused on its field, nothing changes
    refused = submit(client, _url("elevator", elevator), _elevator_form(residents="150"))
    assert refused.status_code == 400 and "更正理由" in refused.get_data(as_text=True)
    assert _row(db, Elevator, "E1").residents == 120
    done = submit(
        client, _url("elevator", elevator), _elevator_form(residents="150", reason="复核")
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert _row(db, Elevator, "E1").residents == 150
    correction = db.session.scalar(sa.select(Correction))
    assert correction.changes == {"residents": ["120", "150"]} and correction.reason == "复核"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "register.correct"))
    assert event.details["changes"] == {"residents": ["120", "150"]}
    listed = client.get("/pilot/district/corrections").get_data(as_text=True)
    assert "服务居民人数：120 → 150" in listed and "复核" in listed
    # the same values again: nothing to correct
    again = submit(client, _url("elevator", elevator), _elevator_form(residents="150", reason="x"))
    assert again.status_code == 400 and "没有任何修改" in again.get_data(as_text=True)


def test_a_policy_correction_is_checked_like_an_import(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    policy = _row(db, Policy, "P2")
    base = {"product": "综合险", "approval_no": "渝备2024-2", "premium": "2500",
            "source": "government", "starts_on": "2024-03-01", "ends_on": "2025-02-28",
            "status": "issued", "reason": "保险机构来函更正"}  # fmt: skip
    backwards = submit(client, _url("policy", policy), {**base, "ends_on": "2024-01-01"})
    assert backwards.status_code == 400 and "终止日期早于起保日期" in backwards.get_data(
        as_text=True
    )
    e1_policy = _row(db, Policy, "P1", elevator_id=_row(db, Elevator, "E1").id)
    overlap = {**base, "premium": "2000", "source": "self_funded", "starts_on": "2024-01-01",
               "ends_on": "2025-01-31"}  # fmt: skip  # E1's P3 starts 2025-01-01
    response = submit(client, _url("policy", e1_policy), overlap)
    assert response.status_code == 400 and "P3" in response.get_data(as_text=True)
    assert submit(client, _url("policy", policy), {**base, "premium": "2450.5"}).status_code == 302
    db.session.expire_all()
    assert _row(db, Policy, "P2").premium == Decimal("2450.50")


def test_a_claim_correction_keeps_times_in_order(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    claim = _row(db, Claim, "C4")
    base = {"occurred_at": "2024-06-01T08:00", "reported_at": "2024-06-01T09:00",
            "surveyed_at": "", "assessed_at": "", "paid_at": "", "amount": "", "payee": "",
            "reason": "补录支付"}  # fmt: skip
    early = submit(client, _url("claim", claim), {**base, "paid_at": "2024-06-01T08:30"})
    assert early.status_code == 400 and "该时间早于报案时间" in early.get_data(as_text=True)
    unpaid = submit(client, _url("claim", claim), {**base, "paid_at": "2024-06-03T10:00"})
    assert unpaid.status_code == 400 and "须填写赔付金额" in unpaid.get_data(as_text=True)
    paid = {**base, "paid_at": "2024-06-03T10:00", "amount": "800"}
    assert submit(client, _url("claim", claim), paid).status_code == 302
    db.session.expire_all()
    stored = _row(db, Claim, "C4")
    assert stored.amount == Decimal("800.00") and stored.paid_at.hour == 2  # 10:00 Beijing, UTC
    assert db.session.scalar(sa.select(Correction)).changes["paid_at"] == ["", "2024-06-03 10:00"]


@pytest.mark.parametrize("kind", ["elevator", "policy", "claim"])
def test_another_districts_rows_are_404(client, db, login_as, kind):
    h.build()
    login_as(_officer(db, "500105"))  # 江北区: the small register is all in 渝中区
    model = {"elevator": Elevator, "policy": Policy, "claim": Claim}[kind]
    row = db.session.scalar(sa.select(model))
    assert client.get(_url(kind, row)).status_code == 404
    assert (
        submit(
            client, _url(kind, row), {"reason": "x"}, form_page="/pilot/district/corrections"
        ).status_code
        == 404
    )
    found = client.get(f"/pilot/district/corrections?kind={kind}&number={row.number}")
    assert _url(kind, row) not in found.get_data(as_text=True)
    assert client.get("/pilot/district/correct/junk/1").status_code == 404


def test_a_correction_after_submission_shows_the_report_changed(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    page = "/pilot/district/?year=2024"
    submit(client, "/pilot/district/submit?year=2024", {}, form_page=page)
    assert 'id="changed"' not in client.get(page).get_data(as_text=True)
    elevator = _row(db, Elevator, "E3")
    fix = _elevator_form(registration_code="R3", address="较场口3号", in_service_on="2020-01-01",
                         stops="6", residents="40", reason="地址有误")  # fmt: skip
    assert (
        submit(client, _url("elevator", elevator), {**fix, "address": "较场口5号"}).status_code
        == 302
    )
    text = client.get(page).get_data(as_text=True)
    assert 'id="changed"' in text and "报送后已变更" in text
    submit(client, "/pilot/district/submit?year=2024", {"reason": "更正地址"}, form_page=page)
    assert 'id="changed"' not in client.get(page).get_data(as_text=True)
