"""How a bidder without a record in the register is scored, chosen per criterion in the editor: the
worst figure among those with one (the default), their median, or a fixed figure the criterion
states; said in the criterion's wording, in the figure's source (the scoresheet's) and in the
evaluation report's criteria."""

from __future__ import annotations

from datetime import timedelta

import pytest

from procurement import clock
from procurement.accounts.models import Role
from procurement.opening.queries import submitted_bids
from procurement.register import operations, past
from procurement.tenders import criteria as criteria_rules
from tests.conftest import submit
from tests.factories import make_opened_tender, make_tender, make_user
from tests.procurement.register import helpers as h
from tests.procurement.register.test_past_performance import _claim, _with_register_source
from tests.procurement.tenders.test_tender_views import criteria_form

SOURCE = "register_payment_p90"


def _register(fast: str, slow: str, at) -> None:
    """`fast` pays one claim in 5 hours, `slow` three in 10, 20 and 40 (90th percentile 36)."""
    start, end = past.period_of(at)
    first, last = (start - timedelta(days=400)).isoformat(), (end + timedelta(days=30)).isoformat()
    policies = [
        ["PF", fast, "E1", "险", "备1", "2000", "自筹", first, last, "已承保"],
        ["PS", slow, "E2", "险", "备1", "2000", "自筹", first, last, "已承保"],
    ]
    local = clock.to_local(at).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(
        days=100
    )
    claims = [
        _claim("F1", "PF", "E1", local, 5),
        _claim("S1", "PS", "E2", local, 10),
        _claim("S2", "PS", "E2", local + timedelta(days=2), 40),
        _claim("S3", "PS", "E2", local + timedelta(days=3), 20),
    ]
    for kind, rows in (("elevators", h.elevator_rows()), ("policies", policies),
                       ("claims", claims)):  # fmt: skip
        operations.apply_file(kind, f"{kind}.csv", h.file(kind, rows))


@pytest.mark.parametrize(
    ("rule", "expected", "words"),
    [
        ({}, 36.0, "按有记录投标人的最差值计"),
        ({"no_record": "worst"}, 36.0, "按有记录投标人的最差值计"),
        ({"no_record": "median"}, 20.5, "按有记录投标人的中位数计"),  # (5 + 36) / 2
        ({"no_record": "fixed", "no_record_value": 48}, 48.0, "按评分标准规定的数值48计"),
    ],
)
def test_a_bidder_without_a_record_gets_what_the_criterion_states(db, rule, expected, words):
    tender = make_opened_tender(prices=("2400.00", "2600.00", "2200.00"))
    bids = submitted_bids(tender)
    h.load()
    _register(bids[0].insurer.uscc, bids[1].insurer.uscc, tender.opened_at)
    past.fill([{"id": "t", "source": SOURCE, **rule}], bids, tender.opened_at)
    figures = [bid.opened_content["register"][SOURCE] for bid in bids]
    assert [f["value"] for f in figures] == [5.0, 36.0, expected]
    assert not figures[2]["found"] and figures[2]["source"].endswith(words)
    assert figures[0]["source"].endswith("已支付赔案1件")  # a bidder with a record: unchanged


def test_without_any_record_a_fixed_figure_still_applies(db):
    tender = make_opened_tender(prices=("2400.00", "2600.00", "2200.00"))
    bids = submitted_bids(tender)
    past.fill([{"source": SOURCE, "no_record": "median"}], bids, tender.opened_at)
    assert {b.opened_content["register"][SOURCE]["value"] for b in bids} == {0.0}
    past.fill([{"source": SOURCE, "no_record": "fixed", "no_record_value": 72}], bids,
              tender.opened_at)  # fmt: skip
    assert {b.opened_content["register"][SOURCE]["value"] for b in bids} == {72.0}


def _check(tender, **changes):
    criteria = _with_register_source(tender, SOURCE)
    for criterion in criteria:
        if criterion["id"] == "time_commitments":
            criterion.update(changes)
    return criteria_rules.problems(
        criteria, tender.requirements, tender.route, tender.method, tender.jurisdiction
    )


def test_the_criteria_rules_check_the_choice(app, db):
    tender = make_tender()
    with app.test_request_context():
        assert _check(tender, no_record="median") == []
        assert _check(tender, no_record="fixed", no_record_value=24.5) == []
        assert "请填写无记录投标人所计的固定数值" in _check(tender, no_record="fixed")[0]
        assert "请选择无记录投标人的计值方式" in _check(tender, no_record="best")[0]
        other = _check(tender, no_record="median", source="commitment_hours")
        assert "只有取自试点登记册的数值" in other[0]
        satisfaction = _check(tender, source="register_satisfaction", no_record="fixed",
                              no_record_value=120)  # fmt: skip
        assert "满意度数值最大为 100" in satisfaction[0]


def test_the_officer_chooses_it_in_the_editor_and_the_wording_says_it(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, status="draft")
    url = f"/tenders/{tender.id}/criteria"
    assert 'name="criteria-0-no_record"' in client.get(url).get_data(as_text=True)
    row = {"source": SOURCE, "no_record": "fixed", "no_record_value": ""}
    refused = submit(client, url, {**criteria_form(tender, time_commitments=row), "action": "save"})
    assert refused.status_code == 400
    assert "请填写无记录投标人所计的固定数值" in refused.get_data(as_text=True)
    row["no_record_value"] = "48"
    saved = submit(client, url, {**criteria_form(tender, time_commitments=row), "action": "save"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
    db.session.refresh(tender)
    criterion = tender.criterion("time_commitments")
    assert (criterion["no_record"], criterion["no_record_value"]) == ("fixed", 48.0)
    detail = client.get(f"/tenders/{tender.id}/manage").get_data(as_text=True)
    assert "在试点登记册中无记录的投标人，按数值 48 计" in detail
    again = client.get(url).get_data(as_text=True)  # the editor shows the choice again
    assert 'value="48"' in again and '<option selected value="fixed">' in again
    row = {"source": SOURCE, "no_record": "median", "no_record_value": ""}
    submit(client, url, {**criteria_form(tender, time_commitments=row), "action": "save"})
    db.session.refresh(tender)
    assert "no_record_value" not in tender.criterion("time_commitments")
    detail = client.get(f"/tenders/{tender.id}/manage").get_data(as_text=True)
    assert "按有记录投标人的中位数计" in detail
