"""The rule sets (issue 14 §1): every set's periods on both routes, the 重庆 and 广东 additions, the
citations, and what a tender's set decides (publication, notice, award, candidates, outliers)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from procurement import clock
from procurement.clock import LOCAL_ZONE
from procurement.publication import rules as publication_rules
from procurement.rulesets import catalogue
from procurement.rulesets.queries import rule_set
from procurement.tenders import operations as tenders
from procurement.tenders import periods
from procurement.tenders.models import LegalRoute, TenderMethod
from procurement.workdays.operations import load_shipped
from tests.factories import make_holders, make_tender

GP, TL = "government_procurement", "tendering_law"
CQ, SG, NATIONAL = "500000", "440200", "national"

# (jurisdiction, route) → the rule values a tender there follows, by rule key.
EXPECTED = {
    (NATIONAL, GP): {"bidding_period.open_tender": 20, "bidding_period.competitive_consultation": 10,
                     "amendment_period.open_tender": 15, "amendment_period.competitive_consultation": 5,
                     "notice": 1, "objection_window": 7, "objection_reply": 7, "award_deadline": 5,
                     "candidates": 3, "consultation_suppliers": 3, "price_weight.open_tender": [10, 100],
                     "price_weight.competitive_consultation": [10, 30], "outlier": "explain"},
    (NATIONAL, TL): {"bidding_period.open_tender": 20, "bidding_period.competitive_consultation": 20,
                     "amendment_period.open_tender": 15, "amendment_period.competitive_consultation": 5,
                     "notice": 3, "objection_window": 0, "objection_reply": 3, "award_deadline": None,
                     "candidates": 3, "consultation_suppliers": 3, "price_weight.open_tender": [10, 30],
                     "price_weight.competitive_consultation": [10, 30], "outlier": "explain"},
}  # fmt: skip
EXPECTED[(CQ, GP)] = {**EXPECTED[(NATIONAL, GP)], "outlier": "replace"}
EXPECTED[(CQ, TL)] = {**EXPECTED[(NATIONAL, TL)], "outlier": "replace", "award_deadline": 5}
EXPECTED[(SG, GP)] = dict(EXPECTED[(NATIONAL, GP)])
EXPECTED[(SG, TL)] = dict(EXPECTED[(NATIONAL, TL)])
UNITS = {(NATIONAL, GP): "working_days", (NATIONAL, TL): "calendar_days"}


@pytest.mark.parametrize(("jurisdiction", "route"), sorted(EXPECTED))
def test_each_set_on_each_route_has_every_rule_cited(app, jurisdiction, route):
    with app.app_context():
        rules = rule_set(jurisdiction, route)
    assert {key: rule.value for key, rule in rules.rules.items()} == EXPECTED[(jurisdiction, route)]
    assert set(rules.rules) == set(catalogue.KINDS)
    assert all(rule.citation.strip() for rule in rules.rules.values())
    national_route = NATIONAL, route
    assert rules["notice"].unit == UNITS[national_route]


def test_the_additions_cite_their_own_law_and_flag_what_is_unconfirmed(app):
    with app.app_context():
        chongqing = rule_set(CQ, TL)
        shaoguan = rule_set(SG, TL)
        shaoguan_gp = rule_set(SG, GP)
        national_gp = rule_set(NATIONAL, GP)
    assert chongqing["outlier"].citation == "《重庆市招标投标条例》第三十二条"
    assert chongqing["award_deadline"].citation == "《重庆市招标投标条例》第三十五条"
    assert chongqing["award_deadline"].unit == "working_days" and chongqing["outlier"].confirmed
    assert shaoguan["notice"].source == "440000" and not shaoguan["notice"].confirmed
    assert "广东省" in shaoguan["notice"].citation
    assert shaoguan_gp["price_weight.competitive_consultation"].source == "440000"
    assert "广东省" in shaoguan.title and catalogue.places()[SG] == "广东省韶关市"
    # what the law does not fix is said so in the data
    assert national_gp["notice"].confirmed is False


@pytest.mark.parametrize(
    ("jurisdiction", "route", "method", "days", "citation"),
    [
        (NATIONAL, LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.OPEN_TENDER, 20, "政府采购法》第三十五条"),
        (NATIONAL, LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.COMPETITIVE_CONSULTATION, 10, "214号）第九条"),
        (NATIONAL, LegalRoute.TENDERING_LAW, TenderMethod.OPEN_TENDER, 20, "招标投标法》第二十四条"),
        (CQ, LegalRoute.TENDERING_LAW, TenderMethod.OPEN_TENDER, 20, "招标投标法》第二十四条"),
        (SG, LegalRoute.GOVERNMENT_PROCUREMENT, TenderMethod.COMPETITIVE_CONSULTATION, 10, "214号）第九条"),
        (SG, LegalRoute.TENDERING_LAW, TenderMethod.COMPETITIVE_CONSULTATION, 20, "招标投标法》第二十四条"),
    ],
)  # fmt: skip
def test_publishing_too_early_is_refused_with_the_sets_citation(
    db, jurisdiction, route, method, days, citation
):
    now = clock.now()
    tender = make_tender(status="draft", jurisdiction=jurisdiction, route=route, method=method,
                         submission_deadline=now + timedelta(days=days - 1))  # fmt: skip
    assert periods.bidding_period(tender).days == days
    with pytest.raises(tenders.TenderError) as refused:
        tenders.publish_tender(tender, make_holders(tender.created_by))
    assert refused.value.code == "period_too_short"
    assert citation in refused.value.details["rule"]
    tender.submission_deadline = now + timedelta(days=days + 1)
    tender.opening_time = tender.submission_deadline + timedelta(hours=1)
    tenders.publish_tender(tender, make_holders(tender.created_by))


def local(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=LOCAL_ZONE)


def test_notice_objections_and_award_deadline_by_set(db):
    load_shipped()
    tender = make_tender(jurisdiction=CQ, route=LegalRoute.TENDERING_LAW)
    # 重庆, tendering law: notice 3 calendar days from Friday 2026-11-06, objections during it,
    # award within 5 working days after (条例 第35条): Nov 10 … 16 → until the end of 11-16.
    ends, closes = publication_rules.notice_window(tender, local(2026, 11, 6))
    assert ends == closes == local(2026, 11, 10, 0)
    due, rule = publication_rules.award_due(tender, closes)
    assert due == local(2026, 11, 17, 0) and "第三十五条" in rule.citation
    tender.jurisdiction = NATIONAL
    assert publication_rules.award_due(tender, closes) is None  # the national law sets none
    tender.jurisdiction = SG
    assert publication_rules.award_due(tender, closes) is None
    tender.route = LegalRoute.GOVERNMENT_PROCUREMENT
    ends, closes = publication_rules.notice_window(tender, local(2026, 11, 6))
    # 1 working day (Monday 11-09), then 7 working days: 11-10 … 11-18
    assert ends == local(2026, 11, 10, 0) and closes == local(2026, 11, 19, 0)
    due, rule = publication_rules.award_due(tender, closes)
    assert due == local(2026, 11, 26, 0) and not rule.confirmed  # 5 working days: 11-19 … 11-25


def test_unknown_jurisdiction_is_refused(db):
    with pytest.raises(tenders.TenderError) as refused:
        make_tender(status="draft", jurisdiction="990000")
    assert refused.value.code == "jurisdiction" and refused.value.field == "jurisdiction"


def test_the_announcement_shows_the_rules_with_their_citations(client, db):
    tender = make_tender(jurisdiction=CQ, route=LegalRoute.TENDERING_LAW)
    page = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert "本项目适用的规则" in page and "重庆市" in page
    assert "《重庆市招标投标条例》第三十二条" in page and "《重庆市招标投标条例》第三十五条" in page
    assert "待核对" in page  # the unconfirmed national rules are flagged
