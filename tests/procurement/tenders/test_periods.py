"""Lawful periods (issue 12 §5): publishing is refused below the bidding period of the tender's
route and method, naming the rule and the earliest lawful deadline; the amendment periods come
from the same rule data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from procurement import clock
from procurement.accounts.models import Role
from procurement.tenders import operations as tenders
from procurement.tenders import periods
from procurement.tenders.models import LegalRoute, TenderMethod, TenderStatus
from procurement.tenders.operations import TenderError
from tests.conftest import submit
from tests.factories import make_holders, make_tender, make_user

# 10:00 in Shanghai on 1 March 2027.
ANNOUNCED = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


def _draft(db, route, method, days, hours=0):
    with clock.travel_to(ANNOUNCED - timedelta(days=1)):
        return make_tender(
            status="draft",
            route=route,
            method=method,
            submission_deadline=ANNOUNCED + timedelta(days=days, hours=hours),
        )


@pytest.mark.parametrize(
    ("route", "method", "days", "rule"),
    [
        (LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.OPEN_TENDER, 20, "政府采购法》第三十五条"),
        (LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.COMPETITIVE_CONSULTATION, 10, "214号"),
        (LegalRoute.TENDERING_LAW, TenderMethod.OPEN_TENDER, 20, "招标投标法》第二十四条"),
    ],
)
def test_publishing_below_the_bidding_period_is_refused_naming_rule_and_earliest_deadline(
    app, db, route, method, days, rule
):
    short = _draft(db, route, method, days - 1, hours=13)  # ends on day days-1, 23:00 Shanghai
    with app.test_request_context(), clock.travel_to(ANNOUNCED):
        with pytest.raises(TenderError) as refused:
            tenders.publish_tender(short, make_holders(short.created_by))
        error = refused.value
        assert error.code == "period_too_short" and error.field == "submission_deadline"
        earliest = (datetime(2027, 3, 1) + timedelta(days=days)).strftime("%Y-%m-%d 00:00")
        assert rule in error.message and earliest in error.message
        assert f"{days}" in error.message
    db.session.rollback()
    assert short.status is TenderStatus.DRAFT


@pytest.mark.parametrize(
    ("method", "days"),
    [(TenderMethod.OPEN_TENDER, 20), (TenderMethod.COMPETITIVE_CONSULTATION, 10)],
)
def test_the_period_counts_calendar_days_in_shanghai_from_the_day_after(db, method, days):
    # Announced at 10:00 on 1 March: a deadline at 09:00 on day 1 + days is lawful.
    tender = _draft(db, LegalRoute.GOVERNMENT_PROCUREMENT, method, days, hours=-1)
    with clock.travel_to(ANNOUNCED):
        tenders.publish_tender(tender, make_holders(tender.created_by))
    assert tender.status is TenderStatus.PUBLISHED
    expected = datetime(2027, 3, 1, tzinfo=clock.LOCAL_ZONE) + timedelta(days=days)
    assert periods.earliest_deadline(tender, ANNOUNCED) == expected


def test_every_route_and_method_has_both_periods_with_a_citation(app):
    from procurement.rulesets.catalogue import places
    from procurement.rulesets.queries import rule_set

    with app.app_context():
        for jurisdiction in places():
            for route in LegalRoute:
                rules = rule_set(jurisdiction, route.value)
                for method in TenderMethod:
                    for key in ("bidding_period", "amendment_period"):
                        rule = rules[f"{key}.{method.value}"]
                        assert (rule.days or 0) > 0 and "》" in rule.citation


def test_amendments_take_their_minimum_from_the_same_data(db):
    consultation = make_tender(method=TenderMethod.COMPETITIVE_CONSULTATION)
    open_tender = make_tender()
    assert tenders.amendment_minimum(consultation) == timedelta(days=5)
    assert tenders.amendment_minimum(open_tender) == timedelta(days=15)
    assert periods.amendment_period(open_tender).citation.endswith("第二十七条")


def test_factories_publish_lawfully(db):
    tender = make_tender()
    assert tender.published_at is not None
    assert periods.bidding_period_kept(tender, tender.published_at)


def test_the_publish_button_shows_the_refusal(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, status="draft", deadline_in=timedelta(days=5))
    url = f"/tenders/{tender.id}/manage"
    assert "等标期不足" in client.get(url).get_data(as_text=True)  # the next step says so
    response = submit(client, f"/tenders/{tender.id}/publish", {}, form_page=url)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "不得少于20日" in page and "最早可定于" in page
    db.session.refresh(tender)
    assert tender.status is TenderStatus.DRAFT
