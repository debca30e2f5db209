"""Administrators edit the rule data (audited); a tender's abnormal scores follow its set."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries as evaluation_queries
from procurement.evaluation.models import FlagKind, FlagResolution
from procurement.rulesets.models import RuleOverride
from procurement.rulesets.queries import rule_set
from tests.conftest import submit
from tests.factories import make_user
from tests.procurement.evaluation.test_evaluation_operations import scored_tender

URL = "/rules/national/tendering_law/award_deadline"


def test_an_admin_edits_a_rule_and_removes_the_edit(app, client, db, login_as):
    admin = login_as(make_user(Role.ADMIN))
    page = client.get("/rules/").get_data(as_text=True)
    assert "《重庆市招标投标条例》第三十二条" in page and "待核对" in page
    response = submit(client, URL, {"value": "10", "unit": "working_days",
                                    "citation": "某省条例 第十条", "confirmed": "y", "note": "试行"})  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        rule = rule_set("national", "tendering_law")["award_deadline"]
        assert (rule.value, rule.unit, rule.citation, rule.edited) == (
            10,
            "working_days",
            "某省条例 第十条",
            True,
        )
        assert (
            rule_set("500000", "tendering_law")["award_deadline"].value == 5
        )  # 重庆's own rule stays
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "rules.edit")).one()
    assert event.actor_id == admin.id
    assert event.details["before"]["value"] is None and event.details["after"]["value"] == 10
    assert "某省条例 第十条" in client.get("/rules/").get_data(as_text=True)
    response = submit(client, f"{URL}/remove", {}, form_page=URL)
    assert response.status_code == 302
    with app.app_context():
        assert rule_set("national", "tendering_law")["award_deadline"].value is None
    assert db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "rules.remove_edit")
    ).one()


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        (URL, {"value": "abc", "unit": "working_days", "citation": "x"}, "0 至 365 的整数天数"),
        (URL, {"value": "5", "unit": "working_days", "citation": " "}, "依据：该字段是必填字段"),
        ("/rules/national/tendering_law/price_weight.open_tender",
         {"value": "40-20", "unit": "calendar_days", "citation": "x"}, "请填写最低和最高百分比"),
        ("/rules/500000/tendering_law/outlier", {"value": "average", "unit": "calendar_days", "citation": "x"},
         "replace 或 explain"),
    ],
)  # fmt: skip
def test_a_bad_edit_names_the_field_and_writes_nothing(client, db, login_as, url, data, message):
    login_as(make_user(Role.ADMIN))
    response = submit(client, url, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(RuleOverride)).all() == []
    assert not db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "rules.edit")
    ).all()


def test_only_administrators_see_the_rule_pages(client, db, login_as):
    assert client.get("/rules/").status_code in {302, 401, 403}
    login_as(make_user(Role.OFFICER))
    assert client.get("/rules/").status_code == 403
    assert client.get(URL).status_code == 403


def test_unknown_sets_and_rules_are_not_found(client, db, login_as):
    login_as(make_user(Role.ADMIN))
    assert client.get("/rules/990000/tendering_law/outlier").status_code == 404
    assert client.get("/rules/national/tendering_law/colour").status_code == 404


@pytest.mark.parametrize(
    ("jurisdiction", "replaces"), [("500000", True), ("national", False), ("440200", False)]
)
def test_abnormal_scores_are_replaced_only_where_the_set_says_so(db, jurisdiction, replaces):
    tender, seats = scored_tender(db, outlier=True)
    tender.jurisdiction = jurisdiction
    evaluation.compute_result(tender)
    first = evaluation_queries.compliant_bids(tender)[0]
    decide = dict(tender=tender, kind=FlagKind.OUTLIER, bid=first, seat=seats[2],
                  explanation="三名成员中两名同意替换", votes_for=2, chair=seats[0].user)  # fmt: skip
    if replaces:
        evaluation.decide_flag(resolution=FlagResolution.REPLACED, **decide)
        return
    with pytest.raises(evaluation.EvaluationError) as refused:
        evaluation.decide_flag(resolution=FlagResolution.REPLACED, **decide)
    assert refused.value.code == "replacement_not_allowed"
    assert "第四十" in refused.value.details["rule"]  # 实施条例 第四十一条 / 第四十九条
    evaluation.decide_flag(resolution=FlagResolution.EXPLAINED, **decide)  # explained, recorded
