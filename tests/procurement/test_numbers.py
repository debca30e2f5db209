"""Issue 13 items 9 and 12: a posted number is checked before any arithmetic, on every form.

`sNaN` in a decimal field gave a 500 on ten forms and `1e999999999` froze the server; every number
field now refuses them (and NaN, Infinity, a negative zero, 40 digits) with a 400 and its own error.
"""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from timeit import timeit

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.bids.models import Bid
from procurement.fields import NumberError, parse_decimal
from procurement.tenders.models import Tender
from tests.conftest import submit
from tests.factories import make_insurer, make_period, make_tender, make_user
from tests.procurement.maintenance.test_template_editor import editor_data
from tests.procurement.tenders.test_tender_views import criteria_form, local, particulars

BAD_NUMBERS = ["sNaN", "NaN", "Infinity", "-0", "1e999999999", "1" * 40]

# What each bad number reads as, for a field of two decimals from 0.01 to 1,000,000.
PRICE_MESSAGES = {
    "sNaN": "请输入数字，例如 1234.56。",
    "NaN": "请输入数字，例如 1234.56。",
    "Infinity": "请输入数字，例如 1234.56。",
    "-0": "请输入 0.01 至 1,000,000 之间的数。",
    "1e999999999": "超出范围：整数部分最多 13 位。",
    "1" * 40: "超出范围：整数部分最多 13 位。",
}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("sNaN", "not_a_number"),
        ("-sNaN", "not_a_number"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("-inf", "not_a_number"),
        ("1e999999999", "too_many_digits"),
        ("1e-999999999", "too_many_decimals"),
        ("1e9999", "too_many_digits"),
        ("1" * 40, "too_many_digits"),
        ("0." + "1" * 40, "too_many_decimals"),
        ("9" * 100, "not_a_number"),  # refused by its length before the pattern reads it
        ("1_000", "not_a_number"),
        ("١٢٣", "not_a_number"),  # digits of another script
        ("12,5", "not_a_number"),
        ("3000.125", "too_many_decimals"),
        ("-0", "between"),
        ("-0.00", "between"),
        ("-1", "between"),
        ("1000000.01", "between"),
    ],
)
def test_refused_numbers(text, code):
    with pytest.raises(NumberError) as refused:
        parse_decimal(
            text, max_digits=15, decimals=2, minimum=Decimal("0"), maximum=Decimal(1000000)
        )
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3000", Decimal("3000")),
        (" 3000.10 ", Decimal("3000.10")),
        ("3000.100", Decimal("3000.100")),  # trailing zeros are not decimals
        ("+2", Decimal(2)),
        (".5", Decimal("0.5")),
        ("1e3", Decimal(1000)),
        ("1E-2", Decimal("0.01")),
        ("0", Decimal(0)),
    ],
)
def test_accepted_numbers(text, value):
    parsed = parse_decimal(text, decimals=2, minimum=0, maximum=1000000)
    assert parsed == value and str(parsed) == str(value)


def test_a_negative_zero_is_zero_where_negatives_are_allowed():
    assert str(parse_decimal("-0", minimum=-5)) == "0"
    assert parse_decimal("-4.5", minimum=-5) == Decimal("-4.5")


def test_a_huge_exponent_costs_nothing():
    assert timeit(lambda: pytest.raises(NumberError, parse_decimal, "1e999999999"), number=200) < 1


class Inputs(HTMLParser):
    """The names of the inputs a page marks invalid (`aria-invalid="true"`)."""

    def __init__(self, page):
        super().__init__()
        self.invalid = set()
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"input", "select", "textarea"} and attributes.get("aria-invalid") == "true":
            self.invalid.add(attributes.get("name"))


def assert_refused(response, fields, message=None):
    page = response.get_data(as_text=True)
    assert response.status_code == 400, page[-2000:]
    missing = set(fields) - Inputs(page).invalid
    assert not missing, f"no error on {missing}"
    if message is not None:
        assert message in page


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_the_tender_particulars(client, db, login_as, bad):
    officer = login_as(make_user(Role.OFFICER))
    numbers = {"ceiling_price": bad, "elevator_count": bad, "min_bids": bad, "notice_days": bad}
    assert_refused(
        submit(client, "/tenders/new", particulars(**numbers)), numbers, PRICE_MESSAGES[bad]
    )
    draft = make_tender(officer=officer, status="draft")
    edit = particulars(
        **numbers,
        reference=draft.reference,
        submission_deadline=local(draft.submission_deadline),
        opening_time=local(draft.opening_time),
    )
    assert_refused(submit(client, f"/tenders/{draft.id}/edit", edit), numbers)
    published = make_tender(officer=officer, reference="CQ-2026-0999")
    amend = particulars(
        **numbers,
        reference=published.reference,
        submission_deadline=local(published.submission_deadline),
        opening_time=local(published.opening_time),
        reason="调整最高限价",
    )
    assert_refused(submit(client, f"/tenders/{published.id}/amend", amend), numbers)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tender)) == 2


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_the_criteria_editor(client, db, login_as, bad):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, status="draft")
    data = criteria_form(tender, solvency={"max_points": bad})
    response = submit(client, f"/tenders/{tender.id}/criteria", {**data, "action": "save"})
    row = next(k for k, v in data.items() if k.endswith("-max_points") and v == bad)
    assert_refused(response, [row])


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_the_bid_form_at_the_opening(db, frozen_clock, bad):
    """The bid form is filled and sealed in the browser; the opening reads it with the same form, so
    a sealed bid holding a bad number is recorded as an invalid bid naming its fields, never a 500."""
    from procurement.bids.sealed import numeric_names
    from tests.factories import bid_content, open_tender, submit_bid

    tender = make_tender(min_bids=1)
    insurer = make_insurer()
    good = make_insurer()
    content = bid_content(bad)
    content["fields"].update(dict.fromkeys(["solvency_ratio", "outlets", "annual_limit"], bad))
    submit_bid(tender, insurer, content)
    submit_bid(tender, good)
    db.session.commit()
    frozen_clock.advance(days=21)
    open_tender(tender)
    db.session.commit()
    refused = db.session.scalar(sa.select(Bid).where(Bid.insurer_id == insurer.insurer_id))
    accepted = db.session.scalar(sa.select(Bid).where(Bid.insurer_id == good.insurer_id))
    assert refused.opened_problem and refused.opened_problem.startswith("无效投标")
    assert refused.opened_content is None and refused.opened_price is None
    assert accepted.opened_problem is None and accepted.opened_content is not None
    assert {"price", "solvency_ratio"} <= set(numeric_names())


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_the_maintenance_template_editor(client, db, login_as, bad):
    period = make_period()
    login_as(make_user(Role.OFFICER))
    url = f"/manage/maintenance/periods/{period.id}/template"
    numbers = ["indicators-0-max_points", "grades-0-min", "decimals"]
    data = {**editor_data(client, url), **dict.fromkeys(numbers, bad), "action": "save"}
    assert_refused(client.post(url, data=data), numbers)


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_the_flag_decision_never_fails(client, db, login_as, bad):
    """The flag form answers a refused form with a flash and a redirect (the evaluation's views)."""
    from procurement.evaluation import queries as evaluation_queries
    from tests.procurement.evaluation.test_evaluation_operations import scored_tender

    tender, seats = scored_tender(db, outlier=True)
    login_as(seats[0].user)
    first = evaluation_queries.compliant_bids(tender)[0]
    data = {"kind": "outlier", "bid_id": first.id, "member_id": seats[2].id,
            "resolution": "replaced", "votes_for": bad, "explanation": "两名成员同意替换"}  # fmt: skip
    url = f"/evaluation/{tender.id}/flags"
    response = submit(client, url, data, form_page=f"/evaluation/{tender.id}/overview")
    assert response.status_code == 302
    assert "两名成员同意替换" not in client.get(f"/evaluation/{tender.id}/overview").get_data(
        as_text=True
    )
