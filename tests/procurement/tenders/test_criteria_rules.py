"""The procurement rules on a tender's criteria."""

from __future__ import annotations

import copy

import pytest

from procurement.tenders.criteria import problems
from procurement.tenders.models import LegalRoute, TenderMethod
from procurement.tenders.template import builtin_criteria, builtin_requirements

GP, TL = LegalRoute.GOVERNMENT_PROCUREMENT, LegalRoute.TENDERING_LAW
OPEN, CONSULT = TenderMethod.OPEN_TENDER, TenderMethod.COMPETITIVE_CONSULTATION


@pytest.fixture
def criteria(app):
    with app.test_request_context():
        yield builtin_criteria()


def check(criteria, route=GP, method=OPEN, requirements=None, jurisdiction="500000"):
    requirements = builtin_requirements() if requirements is None else requirements
    return problems(criteria, requirements, route, method, jurisdiction)


def by_id(criteria, cid):
    return next(c for c in criteria if c["id"] == cid)


def test_the_builtin_template_totals_100_and_passes_every_route(criteria):
    assert sum(c["max_points"] for c in criteria) == 100
    for route in (GP, TL):
        for method in (OPEN, CONSULT):
            assert check(criteria, route, method) == []


def test_the_total_must_be_100(criteria):
    by_id(criteria, "solvency")["max_points"] = 12
    assert check(criteria) == ["各项评分因素合计 102 分，应为 100 分。"]


def test_price_weight_range_depends_on_route_and_method(criteria):
    # move 15 points from service to price: 35% price
    by_id(criteria, "price")["max_points"] = 35
    by_id(criteria, "claims_plan")["max_points"] = 1
    by_id(criteria, "claims_plan")["rule"]["levels"] = [1, 0]
    by_id(criteria, "team")["max_points"] = 1
    by_id(criteria, "risk_reduction")["max_points"] = 1
    by_id(criteria, "risk_reduction")["rule"]["levels"] = [1, 0]
    by_id(criteria, "limits")["max_points"] = 6
    assert sum(c["max_points"] for c in criteria) == 100
    assert check(criteria, GP, OPEN) == []
    assert check(criteria, GP, CONSULT) == [
        "价格分占 35%；该采购方式允许 10% 至 30%（《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第二十四条）。"
    ]


def test_benchmark_price_method_only_on_the_tendering_law_route(criteria):
    by_id(criteria, "price")["rule"] = {
        "type": "price_deviation",
        "k": 0.05,
        "above": 1,
        "below": 0.5,
    }
    assert check(criteria, TL, OPEN) == []
    found = check(criteria, GP, OPEN)
    assert len(found) == 1 and "基准价法仅适用于招标投标法" in found[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: by_id(c, "solvency")["rule"].update(bands=[[100, 3], [225, 10]]), "从最高门槛"),
        (lambda c: by_id(c, "penalties")["rule"].update(per_unit=0), "每单位分值须为正数"),
        (lambda c: by_id(c, "platform")["rule"]["items"].update(drone=2), "超过该项满分"),
        (
            lambda c: by_id(c, "claims_plan")["rule"].update(levels=[9, 6]),
            "档次分值须在 0 与满分之间",
        ),
        (lambda c: by_id(c, "solvency").update(source="platform"), "需要数值型"),
        (lambda c: by_id(c, "platform").update(source="vehicles"), "需要清单型"),
        (lambda c: by_id(c, "solvency").pop("source"), "请选择评分所依据的投标数据"),
        (lambda c: by_id(c, "solvency").update(id="Bad Id"), "代码只能由小写字母"),
        (lambda c: by_id(c, "solvency").update(id="penalties"), "代码 penalties 重复"),
        (lambda c: by_id(c, "solvency")["rule"].update(type="magic"), "未知的评分规则"),
    ],
)
def test_each_broken_criterion_is_named(criteria, change, message):
    change(criteria)
    found = check(criteria)
    assert any(message in problem for problem in found), found
    assert any(
        problem.startswith("综合偿付能力充足率")
        or problem.startswith("信息化平台")
        or problem.startswith("理赔方案")
        or problem.startswith("近三年行政处罚")
        or "100" in problem
        for problem in found
    ), found


def test_requirements_need_text_and_unique_codes(criteria):
    requirements = builtin_requirements()
    requirements[1]["text"] = " "
    requirements[2]["id"] = requirements[0]["id"]
    found = check(criteria, requirements=requirements)
    assert "资格条件 2：请填写条件内容。" in found
    assert "资格条件 3：代码重复。" in found


def test_the_template_is_copied_not_shared(criteria):
    original = copy.deepcopy(criteria)
    criteria[0]["max_points"] = 0
    assert builtin_criteria() == original


def test_only_one_criterion_draws_k_at_opening(criteria):
    drawn = {"type": "price_deviation", "k_candidates": [0.02, 0.03], "above": 1, "below": 1}
    by_id(criteria, "price")["rule"] = drawn
    assert check(criteria, TL, OPEN) == []
    by_id(criteria, "price")["max_points"] = 10
    criteria.append({**by_id(criteria, "price"), "id": "price_two", "name": "二次报价"})
    assert check(criteria, TL, OPEN) == ["只能有一项评分因素在开标时抽取下浮系数 K。"]
