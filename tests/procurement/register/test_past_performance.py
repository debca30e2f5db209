"""Past performance as a criterion: the editor accepts a register source; at the opening each bid
gets its insurer's figure for the 12 months before, with its source; a bidder with no record gets
the worst figure, said so; the engine, the opening record and the scoresheet read it."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from procurement import clock
from procurement.audit.models import AuditEvent
from procurement.bids.fields import SOURCES_BY_KEY
from procurement.evaluation.blueprint import bid_value
from procurement.evaluation.queries.state import EvaluationState
from procurement.opening.queries import submitted_bids
from procurement.register import operations, past
from procurement.tenders import criteria as criteria_rules
from procurement.tenders.forms import CriterionForm
from tests.factories import bid_content, make_insurer, make_tender, open_tender, submit_bid
from tests.procurement.register import helpers as h


def _with_register_source(tender, source="register_payment_p90"):
    changed = [dict(c) for c in tender.criteria]
    for criterion in changed:
        if criterion["id"] == "time_commitments":  # relative, lower is better
            criterion["source"] = source
    return changed


def test_the_editor_offers_the_register_sources(app, db):
    tender = make_tender()
    with app.test_request_context():
        offered = [choice.value for choice in CriterionForm().source.choices]
    assert {"register_payment_p90", "register_satisfaction"} <= set(offered)
    assert SOURCES_BY_KEY["register_payment_p90"].kind == "number"
    found = criteria_rules.problems(
        _with_register_source(tender), tender.requirements, tender.route, tender.method,
        tender.jurisdiction,
    )  # fmt: skip
    assert found == []


def _claim(number, policy, elevator, reported, paid_after_hours):
    report = reported.strftime("%Y-%m-%d %H:%M")
    paid = (
        ""
        if paid_after_hours is None
        else (reported + timedelta(hours=paid_after_hours)).strftime("%Y-%m-%d %H:%M")
    )
    return [number, policy, elevator, report, report, "", "", paid, "100" if paid else "", "维保"]


def test_the_opening_fills_in_past_performance(client, db, frozen_clock, login_as):
    tender = make_tender(deadline_in=timedelta(hours=1))
    users = [make_insurer(name=name) for name in ("快赔保险", "慢赔保险", "新来保险")]
    for user in users:
        submit_bid(tender, user, bid_content())
    tender.criteria = _with_register_source(tender)
    db.session.commit()
    frozen_clock.advance(hours=2)
    start, end = past.period_of(clock.now())  # the 12 months before the opening day
    h.load()
    fast, slow = users[0].insurer.uscc, users[1].insurer.uscc
    elevators = h.elevator_rows()
    first, last = (start - timedelta(days=400)).isoformat(), (end + timedelta(days=30)).isoformat()
    policies = [
        ["PF", fast, "E1", "险", "备1", "2000", "自筹", first, last, "已承保"],
        ["PS", slow, "E2", "险", "备1", "2000", "自筹", first, last, "已承保"],
    ]
    at = clock.to_local(clock.now()).replace(hour=9, minute=0, second=0, microsecond=0)
    in_period = at - timedelta(days=100)
    claims = [
        _claim("F1", "PF", "E1", in_period, 5),  # fast: one paid claim, 5 h
        _claim("F2", "PF", "E1", in_period + timedelta(days=1), None),  # not paid: left out
        _claim("S1", "PS", "E2", in_period, 10),  # slow: 10, 20 and 40 h
        _claim("S2", "PS", "E2", in_period + timedelta(days=2), 40),
        _claim("S3", "PS", "E2", in_period + timedelta(days=3), 20),
        _claim("S0", "PS", "E2", at - timedelta(days=380), 900),  # before the period
    ]
    for kind, rows in (("elevators", elevators), ("policies", policies), ("claims", claims)):
        operations.apply_file(kind, f"{kind}.csv", h.file(kind, rows))
    db.session.commit()
    open_tender(tender)
    db.session.commit()
    figures = {b.insurer.name: b.opened_content["register"]["register_payment_p90"]
               for b in submitted_bids(tender)}  # fmt: skip
    period = f"{start.isoformat()}至{(end - timedelta(days=1)).isoformat()}"
    # slow: sorted 10, 20, 40; rank 2·0.9 = 1.8 → 20 + 0.8·20 = 36
    assert figures["慢赔保险"]["value"] == 36.0 and figures["慢赔保险"]["n"] == 3
    assert figures["慢赔保险"]["source"] == f"电梯保险登记册{period}，已支付赔案3件"
    assert figures["快赔保险"]["value"] == 5.0 and figures["快赔保险"]["n"] == 1
    # no record: the worst figure among those with one, said so
    assert figures["新来保险"]["value"] == 36.0 and not figures["新来保险"]["found"]
    assert figures["新来保险"]["source"].startswith("无记录（电梯保险登记册")
    values = {
        entry["bidder"]: entry["values"]["time_commitments"]
        for entry in EvaluationState(tender).engine_spec(sensitivity=False)["bids"]
    }
    assert values == {"快赔保险": 5.0, "慢赔保险": 36.0, "新来保险": 36.0}
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "tender.open")
    ).one()
    audited = {entry["insurer"]: entry["register"] for entry in event.details["bids"]}
    assert audited["新来保险"]["register_payment_p90"] == figures["新来保险"]  # in the audit chain
    criterion = next(c for c in tender.criteria if c["id"] == "time_commitments")
    newcomer = next(b for b in submitted_bids(tender) if b.insurer.name == "新来保险")
    assert bid_value(criterion, newcomer) == f"36（{figures['新来保险']['source']}）"  # scoresheet
    login_as(tender.created_by)
    record = client.get(f"/tenders/{tender.id}/opening-record").get_data(as_text=True)
    assert "已支付赔案3件" in record and "无记录" in record and "查勘、定损、赔付时效承诺" in record


def test_no_bidder_with_a_record_gets_zero_for_everyone(db, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    for name in ("甲", "乙", "丙"):
        submit_bid(tender, make_insurer(name=f"{name}保险"), bid_content())
    tender.criteria = _with_register_source(tender, "register_satisfaction")
    db.session.commit()
    frozen_clock.advance(hours=2)
    open_tender(tender)
    figures = [
        b.opened_content["register"]["register_satisfaction"] for b in submitted_bids(tender)
    ]
    assert [(f["value"], f["found"]) for f in figures] == [(0.0, False)] * 3
    assert all("无满意度测评" in f["source"] for f in figures)


def test_a_tender_without_register_criteria_is_untouched(db, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    for name in ("甲", "乙", "丙"):
        submit_bid(tender, make_insurer(name=f"{name}保险"), bid_content())
    db.session.commit()
    frozen_clock.advance(hours=2)
    open_tender(tender)
    assert all("register" not in b.opened_content for b in submitted_bids(tender))
