"""The evaluation template of a period: indicators, veto items and grade bands (DOMAIN.md §3).

A template is plain JSON stored with the period, so that the officer can edit it and a publication can
freeze the one it was scored with:

    {"decimals": 2,
     "grades": [{"grade": "A", "min": 90}, {"grade": "B", "min": 75}, {"grade": "C", "min": 60}],
     "vetoes": [{"id": "licence", "name": "…"}],
     "indicators": [{"id": "first_pass_rate", "name": "…", "group": "performance", "kind": "percent",
                     "unit": "%", "better": "higher", "source": "…", "max_points": 10,
                     "rule": {"type": "bands", "bands": [[95, 10], [90, 8]]}}]}

`kind` says what a value is: `yn` (是/否, stored as 1/0), `count` (a whole number ≥ 0), `number` (≥ 0),
`percent` (0–100) or `items` (a checklist, item keys separated by 、). `rule` is one of the scoring
engine's measured rules (bands, deduct, per_unit, relative, checklist) or `mcda`: a relative WSM or
TOPSIS score in [0, 1] over one or more indicators, times the indicator's points.

`credibility` makes the rates fair to small companies (credibility.py): `{"method": "credibility",
"reference": "district", "k": {}}`, `{"method": "minimum", "min_exposure": 120}` or `{"method":
"none"}` (also when absent). `spot_checks` says where 保险机构抽查合格率 comes from: `import` (the
officer's company file) or `insurers` (the spot checks insurers record). The track-record (业绩)
indicators of TRACK_RECORD are computed by the app when a template lists one of their ids.
"""

from __future__ import annotations

import copy
from typing import Any, TypeGuard

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from procurement.maintenance.records import INDICATORS as RECORD_INDICATORS

KINDS = ("yn", "count", "number", "percent", "items")
GROUPS = ("qualification", "capacity", "performance", "service")
ENGINE_RULES = ("bands", "deduct", "per_unit", "relative", "checklist")


def _indicator(
    id: str,
    name: str,
    group: str,
    kind: str,
    unit: str,
    better: str,
    points: float,
    rule: dict[str, Any],
    source: str,
) -> dict[str, Any]:
    return {"id": id, "name": name, "group": group, "kind": kind, "unit": unit, "better": better,
            "max_points": points, "rule": rule, "source": source}  # fmt: skip


PERCENT_BANDS = [[95, 10], [90, 8], [80, 5], [70, 2]]
WSM: dict[str, Any] = {"type": "mcda", "method": "wsm"}

BUILT_IN: dict[str, Any] = {
    "decimals": 2,
    "credibility": {"method": "credibility", "reference": "district", "k": {}},
    "spot_checks": "import",
    "grades": [{"grade": "A", "min": 90}, {"grade": "B", "min": 75}, {"grade": "C", "min": 60}],
    "vetoes": [
        {"id": "licence", "name": "许可证过期或超范围作业"},
        {"id": "accident", "name": "发生负有责任的电梯事故"},
        {"id": "abnormal", "name": "列入经营异常名录或严重违法失信名单"},
        {"id": "violation", "name": "因短接安全回路、转包分包或伪造维保记录受处罚"},
    ],
    "indicators": [
        _indicator("annual_report", "按时报送年度报告", "qualification", "yn", "是/否", "higher", 3,
                   {"type": "bands", "bands": [[1, 3]]}, "企业信用信息公示系统"),
        _indicator("penalties", "行政处罚次数", "qualification", "count", "次", "lower", 5,
                   {"type": "deduct", "per_unit": 2}, "市场监管部门"),
        _indicator("local_filing", "本地维保备案", "qualification", "yn", "是/否", "higher", 2,
                   {"type": "bands", "bands": [[1, 2]]}, "市场监管部门"),
        _indicator("spot_check_score", "维保质量监督抽查得分", "qualification", "percent", "分", "higher", 5,
                   {"type": "bands", "bands": [[85, 5], [70, 2]]}, "市场监管部门 / 保险机构"),
        _indicator("staff_tsg07", "人员配备符合 TSG 07 要求", "capacity", "yn", "是/否", "higher", 5,
                   {"type": "bands", "bands": [[1, 5]]}, "许可档案"),
        _indicator("workers_per_100", "每百台电梯持证作业人员数", "capacity", "number", "人", "higher", 6,
                   {"type": "relative", "better": "higher"}, "电梯安全监管平台"),
        _indicator("duty_phone", "24小时值班电话测试接通", "capacity", "yn", "是/否", "higher", 4,
                   {"type": "bands", "bands": [[1, 4]]}, "电话抽测"),
        _indicator("first_pass_rate", "定期检验一次合格率", "performance", "percent", "%", "higher", 10,
                   {"type": "bands", "bands": PERCENT_BANDS}, "检验机构"),
        _indicator("entrapment_rate", "困人故障率（每台每月）", "performance", "percent", "%", "lower", 10,
                   WSM, "96333 应急处置平台"),
        _indicator("failure_rate", "故障率（每台每月）", "performance", "number", "次/台·月", "lower", 5,
                   WSM, "物联网监测平台"),
        _indicator("repeat_failures", "重复故障次数（同一电梯每月≥3次）", "performance", "count", "次",
                   "lower", 5, {"type": "deduct", "per_unit": 0.5}, "电梯安全监管平台"),
        _indicator("mean_arrival_minutes", "平均应急到场时间", "performance", "number", "分钟", "lower", 5,
                   {"type": "relative", "better": "lower"}, "96333 应急处置平台"),
        _indicator("share_within_30", "30分钟内到场率", "performance", "percent", "%", "higher", 5,
                   {"type": "bands", "bands": [[98, 5], [95, 4], [90, 3], [80, 1]]}, "96333 应急处置平台"),
        _indicator("plan_completion", "维保计划完成率", "service", "percent", "%", "higher", 3,
                   {"type": "bands", "bands": [[100, 3], [95, 2], [90, 1]]}, "无纸化维保记录"),
        _indicator("minutes_on_site", "单次维保现场作业时间", "service", "number", "分钟", "higher", 2,
                   {"type": "relative", "better": "higher"}, "无纸化维保记录"),
        _indicator("complaints_per_100", "每百台电梯有效投诉数", "service", "number", "件", "lower", 7,
                   {"type": "deduct", "per_unit": 1}, "12345 / 96333 热线"),
        _indicator("satisfaction", "使用单位满意度", "service", "percent", "%", "higher", 8,
                   {"type": "bands", "bands": [[95, 8], [90, 6], [85, 4], [80, 2]]}, "满意度调查"),
        _indicator("insurer_spot_check", "保险机构抽查合格率", "service", "percent", "%", "higher", 10,
                   {"type": "bands", "bands": PERCENT_BANDS}, "保险机构"),
    ],
}  # fmt: skip


# Track record (业绩): optional built-in indicators, computed from the records and the registry; a
# template scores one by listing it (with points taken from others, the total staying 100).
TRACK_RECORD: list[dict[str, Any]] = [
    _indicator("elevators_under_contract", "在保电梯数量", "capacity", "count", "台", "higher", 5,
               {"type": "relative", "better": "higher"}, "电梯记录"),
    _indicator("years_in_city", "在本市从事维保年限", "capacity", "number", "年", "higher", 5,
               {"type": "bands", "bands": [[10, 5], [5, 3], [2, 1]]}, "维保单位名录"),
    _indicator("kept_share", "上期电梯续保率", "service", "percent", "%", "higher", 5,
               {"type": "bands", "bands": [[90, 5], [80, 3], [70, 1]]}, "电梯记录（本期与上期）"),
]  # fmt: skip
TRACK_RECORD_IDS = tuple(i["id"] for i in TRACK_RECORD)
FAIRNESS = ("none", "credibility", "minimum")
SPOT_CHECK_SOURCES = ("import", "insurers")


def built_in() -> dict[str, Any]:
    return copy.deepcopy(BUILT_IN)


class TemplateError(ValueError):
    """An edited template is invalid; the message names the indicator, veto or grade and the field."""


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def check(template: Any) -> dict[str, Any]:
    """Validate a template and return it; raise TemplateError naming what is wrong."""
    if not isinstance(template, dict):
        raise TemplateError(_("The template must be a JSON object."))
    unknown = set(template) - {
        "decimals",
        "grades",
        "vetoes",
        "indicators",
        "credibility",
        "spot_checks",
    }
    if unknown:
        raise TemplateError(_("Unknown template key: %(key)s.", key=sorted(unknown)[0]))
    decimals = template.get("decimals", 2)
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
        raise TemplateError(_("decimals: a whole number from 0 to 4."))
    indicators = template.get("indicators")
    if not isinstance(indicators, list) or not indicators:
        raise TemplateError(_("indicators: list at least one indicator."))
    ids: set[str] = set()
    for position, indicator in enumerate(indicators, start=1):
        _check_indicator(indicator, position, ids)
    for indicator in indicators:
        rule = indicator["rule"]
        if rule["type"] == "mcda":
            for part in rule.get("criteria", []):
                if not isinstance(part, dict) or part.get("indicator") not in ids:
                    raise TemplateError(
                        _(
                            "Indicator %(id)s: rule.criteria names an unknown indicator.",
                            id=indicator["id"],
                        )
                    )
                if not _number(part.get("weight", 1)) or part.get("weight", 1) <= 0:
                    raise TemplateError(
                        _(
                            "Indicator %(id)s: rule.criteria weights must be positive.",
                            id=indicator["id"],
                        )
                    )
    total = sum(i["max_points"] for i in indicators)
    if abs(total - 100) > 1e-9:
        raise TemplateError(
            _("The indicators' points must add up to 100 (now %(total)s).", total=f"{total:g}")
        )
    _check_vetoes(template.get("vetoes", []))
    _check_grades(template.get("grades"))
    _check_fairness(template.get("credibility", {"method": "none"}))
    if template.get("spot_checks", "import") not in SPOT_CHECK_SOURCES:
        raise TemplateError(_("spot_checks: import or insurers."))
    return template


def _check_fairness(settings: Any) -> None:
    from procurement.maintenance.records import RATE_INDICATORS

    if not isinstance(settings, dict) or settings.get("method") not in FAIRNESS:
        raise TemplateError(_("credibility.method: none, credibility or minimum."))
    allowed = {"method", "reference", "k"} if settings["method"] == "credibility" else set()
    if settings["method"] == "minimum":
        allowed = {"method", "min_exposure"}
    unknown = set(settings) - allowed - {"method"}
    if unknown:
        raise TemplateError(
            _("Unknown template key: %(key)s.", key="credibility." + sorted(unknown)[0])
        )
    if settings.get("reference", "district") not in {"district", "city"}:
        raise TemplateError(_("credibility.reference: district or city."))
    k = settings.get("k", {})
    if not isinstance(k, dict) or any(
        ident not in RATE_INDICATORS or not _number(v) or v <= 0 for ident, v in k.items()
    ):
        raise TemplateError(
            _("credibility.k: a positive number for each rate indicator named (%(ids)s).",
              ids=", ".join(RATE_INDICATORS))
        )  # fmt: skip
    if settings["method"] == "minimum":
        minimum = settings.get("min_exposure")
        if not _number(minimum) or minimum <= 0:
            raise TemplateError(
                _("credibility.min_exposure: a positive number of elevator-months.")
            )


def _check_indicator(indicator: Any, position: int, ids: set[str]) -> None:
    if not isinstance(indicator, dict):
        raise TemplateError(_("Indicator %(n)s must be an object.", n=position))
    ident = indicator.get("id")
    if not isinstance(ident, str) or not ident.isidentifier() or not ident.isascii():
        raise TemplateError(
            _("Indicator %(n)s: id must be a word of letters, digits and _.", n=position)
        )
    if ident in ids:
        raise TemplateError(_("Indicator %(id)s: the id is used twice.", id=ident))
    ids.add(ident)

    def fail(field: str, problem: str) -> TemplateError:
        return TemplateError(
            _("Indicator %(id)s: %(field)s %(problem)s", id=ident, field=field, problem=problem)
        )

    unknown = set(indicator) - {
        "id",
        "name",
        "group",
        "kind",
        "unit",
        "better",
        "max_points",
        "rule",
        "source",
    }
    if unknown:
        raise fail(sorted(unknown)[0], _("is not a known field."))
    if not isinstance(indicator.get("name"), str) or not indicator["name"].strip():
        raise fail("name", _("is required."))
    if indicator.get("group") not in GROUPS:
        raise fail("group", _("must be one of %(choices)s.", choices=", ".join(GROUPS)))
    if indicator.get("kind") not in KINDS:
        raise fail("kind", _("must be one of %(choices)s.", choices=", ".join(KINDS)))
    if indicator.get("better") not in {"higher", "lower"}:
        raise fail("better", _("must be higher or lower."))
    for optional in ("unit", "source"):
        if not isinstance(indicator.get(optional, ""), str):
            raise fail(optional, _("must be text."))
    points = indicator.get("max_points")
    if not _number(points) or points <= 0:
        raise fail("max_points", _("must be a positive number."))
    rule = indicator.get("rule")
    if not isinstance(rule, dict) or rule.get("type") not in (*ENGINE_RULES, "mcda"):
        raise fail(
            "rule.type",
            _("must be one of %(choices)s.", choices=", ".join((*ENGINE_RULES, "mcda"))),
        )
    if (rule["type"] == "checklist") != (indicator["kind"] == "items"):
        raise fail("rule.type", _("checklist goes with kind items, and only with it."))
    if rule["type"] == "mcda":
        if rule.get("method", "wsm") not in {"wsm", "topsis"}:
            raise fail("rule.method", _("must be wsm or topsis."))
        if not isinstance(rule.get("criteria", []), list):
            raise fail("rule.criteria", _("must be a list."))
        return
    from scoring import rule_problems  # the one rule validator; numpy: not at the app's start

    problems = rule_problems(rule, points)
    if problems:
        first = problems[0]
        field = f"rule.{first['path']}" if first["path"] else "rule"
        raise fail(field, str(RULE_PROBLEMS.get(first["code"], RULE_PROBLEMS["other"])))


# The engine's rule problems (scoring.rule_problems) in words, after the field they name.
RULE_PROBLEMS = {
    "unknown_field": _l("is not a known field."),
    "not_object": _l("must be an object."),
    "not_list": _l("must be a list."),
    "empty": _l("must not be empty."),
    "not_pair": _l("must be a [threshold, points] pair."),
    "not_number": _l("must be a number."),
    "not_finite": _l("must be a number."),
    "not_positive": _l("must be a positive number."),
    "too_small": _l("must not be negative."),
    "too_large": _l("must not exceed the indicator's points."),
    "band_order": _l("must have a lower threshold than the band before it."),
    "not_better": _l("must be higher or lower."),
    "not_text": _l("must name each item."),
    "other": _l("is not valid."),
}


def _check_vetoes(vetoes: Any) -> None:
    if not isinstance(vetoes, list):
        raise TemplateError(_("vetoes: must be a list."))
    seen: set[str] = set()
    for position, veto in enumerate(vetoes, start=1):
        if (
            not isinstance(veto, dict)
            or not isinstance(veto.get("id"), str)
            or not veto["id"].isidentifier()
            or not isinstance(veto.get("name"), str)
            or not veto["name"].strip()
            or set(veto) - {"id", "name"}
        ):
            raise TemplateError(
                _("Veto item %(n)s: give an id (letters, digits, _) and a name.", n=position)
            )
        if veto["id"] in seen:
            raise TemplateError(_("Veto item %(id)s: the id is used twice.", id=veto["id"]))
        seen.add(veto["id"])


def _check_grades(grades: Any) -> None:
    if not isinstance(grades, list) or not grades:
        raise TemplateError(_("grades: list the grade bands, highest first."))
    previous = None
    for position, band in enumerate(grades, start=1):
        if (
            not isinstance(band, dict)
            or set(band) != {"grade", "min"}
            or not isinstance(band["grade"], str)
            or not band["grade"].strip()
            or not _number(band["min"])
        ):
            raise TemplateError(
                _("Grade band %(n)s: give a grade and its minimum score.", n=position)
            )
        if previous is not None and band["min"] >= previous:
            raise TemplateError(
                _("Grade band %(n)s: minimum scores must fall from band to band.", n=position)
            )
        previous = band["min"]


def lowest_grade(template: dict[str, Any]) -> str:
    """The grade below every band, and the grade of a vetoed company (D in the built-in template)."""
    grades = [band["grade"] for band in template["grades"]]
    last = grades[-1]
    if len(last) == 1 and last.isalpha() and last.isupper():
        return chr(ord(last) + 1)
    return "D"


def grade_of(template: dict[str, Any], total: float, vetoed: bool) -> str:
    if not vetoed:
        for band in template["grades"]:
            if total >= band["min"]:
                return str(band["grade"])
    return lowest_grade(template)


def grade_names(template: dict[str, Any]) -> list[str]:
    return [band["grade"] for band in template["grades"]] + [lowest_grade(template)]


def from_records(template: dict[str, Any]) -> list[str]:
    """The template's indicators that elevator records provide."""
    return [i["id"] for i in template["indicators"] if i["id"] in RECORD_INDICATORS]


def total_points(template: dict[str, Any]) -> float:
    return float(sum(i["max_points"] for i in template["indicators"]))
