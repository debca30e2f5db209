"""The built-in template, template validation, grade boundaries and scoring, checked by hand."""

from __future__ import annotations

import copy

import pytest

from procurement.maintenance import template as tpl
from procurement.maintenance.scoring import Company, score


@pytest.fixture
def app_context(app):
    with app.test_request_context():
        yield


def test_the_built_in_template_follows_domain_section_3(app_context):
    built = tpl.check(tpl.built_in())
    assert tpl.total_points(built) == 100
    assert [v["id"] for v in built["vetoes"]] == ["licence", "accident", "abnormal", "violation"]
    by_id = {i["id"]: i for i in built["indicators"]}
    assert by_id["first_pass_rate"]["rule"]["bands"] == [[95, 10], [90, 8], [80, 5], [70, 2]]
    assert by_id["penalties"]["rule"] == {"type": "deduct", "per_unit": 2}
    assert by_id["entrapment_rate"]["rule"]["type"] == "mcda"
    assert set(tpl.from_records(built)) == {
        "entrapment_rate",
        "failure_rate",
        "repeat_failures",
        "mean_arrival_minutes",
        "share_within_30",
        "first_pass_rate",
        "complaints_per_100",
    }


@pytest.mark.parametrize(
    ("total", "vetoed", "grade"),
    [
        (100, False, "A"),
        (90, False, "A"),
        (89.99, False, "B"),
        (75, False, "B"),
        (74.99, False, "C"),
        (60, False, "C"),
        (59.99, False, "D"),
        (0, False, "D"),
        (99, True, "D"),
    ],
)
def test_grade_boundaries(total, vetoed, grade):
    assert tpl.grade_of(tpl.built_in(), total, vetoed) == grade


def broken(change):
    template = tpl.built_in()
    change(template)
    return template


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (lambda t: t["indicators"][1].update(max_points=-1), ["penalties", "max_points"]),
        (lambda t: t["indicators"][0]["rule"].update(bands=[[1, 9]]), ["annual_report", "rule"]),
        (lambda t: t["indicators"][2].update(id="annual_report"), ["annual_report", "重复"]),
        (lambda t: t["indicators"][3].update(kind="grams"), ["spot_check_score", "kind"]),
        (
            lambda t: t["indicators"][8]["rule"].update(criteria=[{"indicator": "nope"}]),
            ["entrapment_rate"],
        ),
        (
            lambda t: t["indicators"][8]["rule"].update(method="electre"),
            ["entrapment_rate", "rule.method"],
        ),
        (lambda t: t["grades"].reverse(), ["第 2 个等级"]),
        (lambda t: t["vetoes"].append({"id": "licence", "name": "again"}), ["licence", "重复"]),
        (lambda t: t.update(colour="red"), ["colour"]),
    ],
)
def test_an_invalid_template_is_refused_naming_the_indicator_and_field(app_context, change, names):
    with pytest.raises(tpl.TemplateError) as error:
        tpl.check(broken(change))
    for name in names:
        assert name in str(error.value)


def mini_template():
    return {
        "decimals": 2,
        "grades": [{"grade": "A", "min": 90}, {"grade": "B", "min": 75}, {"grade": "C", "min": 60}],
        "vetoes": [{"id": "accident", "name": "发生负有责任的电梯事故"}],
        "indicators": [
            {
                "id": "pass",
                "name": "合格率",
                "group": "performance",
                "kind": "percent",
                "better": "higher",
                "max_points": 40,
                "rule": {"type": "bands", "bands": [[95, 40], [90, 30]]},
            },
            {
                "id": "penalties",
                "name": "处罚",
                "group": "qualification",
                "kind": "count",
                "better": "lower",
                "max_points": 20,
                "rule": {"type": "deduct", "per_unit": 5},
            },
            {
                "id": "minutes",
                "name": "到场时间",
                "group": "performance",
                "kind": "number",
                "better": "lower",
                "max_points": 20,
                "rule": {"type": "relative", "better": "lower"},
            },
            {
                "id": "entrapment",
                "name": "困人率",
                "group": "performance",
                "kind": "percent",
                "better": "lower",
                "max_points": 20,
                "rule": {"type": "mcda", "method": "wsm"},
            },
        ],
    }


def test_points_by_hand_for_every_rule():
    companies = [
        Company("X", "甲", {"pass": 96, "penalties": 1, "minutes": 10, "entrapment": 0.5}),
        Company("Y", "乙", {"pass": 92, "penalties": 0, "minutes": 12.5, "entrapment": 1.5}),
        Company("Z", "丙", {"pass": 80, "penalties": 5, "minutes": 20, "entrapment": 1.0}),
    ]
    result = {row["company"]: row for row in score(mini_template(), companies)}
    # bands: 96 → 40, 92 → 30, 80 → 0; deduct 5 each: 15, 20, 0 (not below zero)
    # relative lower: 20 × 10 / minutes → 20, 16, 10; WSM min-max, lower better: 1, 0, 0.5 → 20, 0, 10
    assert result["X"]["points"] == {"pass": 40, "penalties": 15, "minutes": 20, "entrapment": 20}
    assert result["Y"]["points"] == {"pass": 30, "penalties": 20, "minutes": 16, "entrapment": 0}
    assert result["Z"]["points"] == {"pass": 0, "penalties": 0, "minutes": 10, "entrapment": 10}
    assert [result[k]["total"] for k in "XYZ"] == [95, 66, 20]
    assert [result[k]["grade"] for k in "XYZ"] == ["A", "C", "D"]
    assert [result[k]["rank"] for k in "XYZ"] == [1, 2, 3]


def test_a_veto_forces_the_lowest_grade_without_rank_and_keeps_the_points():
    companies = [
        Company(
            "X",
            "甲",
            {"pass": 96, "penalties": 0, "minutes": 10, "entrapment": 0.5},
            ["发生负有责任的电梯事故"],
        ),
        Company("Y", "乙", {"pass": 92, "penalties": 0, "minutes": 12.5, "entrapment": 1.5}),
    ]
    rows = score(mini_template(), companies)
    assert [r["company"] for r in rows] == ["Y", "X"]
    vetoed = rows[1]
    assert vetoed["total"] == 100 and vetoed["grade"] == "D" and vetoed["rank"] is None
    assert vetoed["vetoes"] == ["发生负有责任的电梯事故"]
    assert rows[0]["rank"] == 1


def test_missing_values_score_nothing_and_are_listed_and_do_not_move_the_best():
    companies = [
        Company("X", "甲", {"pass": 96, "penalties": 0, "minutes": 10, "entrapment": 0.5}),
        Company("Y", "乙", {"pass": 96, "penalties": 0, "minutes": 12.5, "entrapment": 1.5}),
        Company("Z", "丙", {"pass": 96}),
    ]
    result = {row["company"]: row for row in score(mini_template(), companies)}
    assert result["Z"]["missing"] == ["penalties", "minutes", "entrapment"]
    assert result["Z"]["points"] == {"pass": 40, "penalties": 0, "minutes": 0, "entrapment": 0}
    assert result["X"]["points"]["minutes"] == 20 and result["Y"]["points"]["minutes"] == 16


def test_equal_totals_share_a_rank():
    values = {"pass": 96, "penalties": 0, "minutes": 10, "entrapment": 1}
    companies = [Company(k, k, dict(values)) for k in "ABC"]
    companies[2].values["pass"] = 90
    rows = score(mini_template(), companies)
    assert [r["rank"] for r in rows] == [1, 1, 3]


def test_mcda_over_several_indicators_matches_a_hand_computed_topsis():
    template = mini_template()
    template["indicators"][3]["rule"] = {
        "type": "mcda",
        "method": "topsis",
        "criteria": [
            {"indicator": "entrapment", "weight": 1},
            {"indicator": "minutes", "weight": 1},
        ],
    }
    companies = [
        Company("X", "甲", {"pass": 0, "penalties": 9, "minutes": 10, "entrapment": 1.0}),
        Company("Y", "乙", {"pass": 0, "penalties": 9, "minutes": 20, "entrapment": 2.0}),
    ]
    result = {row["company"]: row for row in score(copy.deepcopy(template), companies)}
    # X is best on both criteria, Y worst on both: TOPSIS gives 1 and 0
    assert result["X"]["points"]["entrapment"] == 20
    assert result["Y"]["points"]["entrapment"] == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["indicators"][0]["rule"].update(bands=[[1, 9]]),
         "指标 annual_report：rule.bands[0][1] 不得超过该指标的分值。"),
        (lambda t: t["indicators"][3]["rule"].update(bands=[[70, 2], [85, 5]]),
         "指标 spot_check_score：rule.bands[1] 的门槛须低于上一档。"),
        (lambda t: t["indicators"][1]["rule"].update(per_unit="2"),
         "指标 penalties：rule.per_unit 必须是数字。"),
        (lambda t: t["indicators"][1]["rule"].update(colour=1), "指标 penalties：rule.colour 不是可识别的字段。"),
    ],
)  # fmt: skip
def test_the_engines_rule_problems_read_in_chinese(app_context, change, message):
    """One rule validator (scoring.rule_problems), its codes in the user's words."""
    with pytest.raises(tpl.TemplateError) as error:
        tpl.check(broken(change))
    assert str(error.value) == message
