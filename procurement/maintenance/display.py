"""What the maintenance pages show: values and rules in words, labels, error summaries, pagination of
lists in memory. Shared by the officer's pages and the public ones. (The messages of refused steps
are declared with their errors: MaintenanceError in operations.py, FileProblem in records.py.)"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from procurement.labels import LABELS
from procurement.maintenance import sheets
from procurement.maintenance.forms import GROUP_LABELS
from procurement.maintenance.models import ImportKind, ImportStatus, PeriodStatus
from procurement.maintenance.template import BUILT_IN as BUILT_IN_TEMPLATE
from procurement.queryargs import int_arg


def explain(indicator: dict[str, Any]) -> str:
    """How an indicator's points are derived, in words."""
    rule, top = indicator["rule"], indicator["max_points"]
    kind = rule["type"]
    if kind == "bands":
        if indicator["kind"] == "yn":
            return _("Yes: %(points)s points; no: 0.", points=rule["bands"][0][1])
        steps = "；".join(f"≥{t} → {p}" for t, p in rule["bands"])
        return _("By band: %(steps)s; below: 0.", steps=steps)
    if kind == "deduct":
        return _("%(top)s points, less %(each)s for each one.", top=top, each=rule["per_unit"])
    if kind == "per_unit":
        return _("%(each)s points for each one, at most %(top)s.", each=rule["per_unit"], top=top)
    if kind == "relative":
        if rule["better"] == "higher":
            return _("%(top)s × value ÷ the highest value of all companies.", top=top)
        return _("%(top)s × the lowest value of all companies ÷ value.", top=top)
    if kind == "checklist":
        items = "；".join(f"{k} {p}" for k, p in dict(rule["items"]).items())
        return _("The sum of the items present: %(items)s.", items=items)
    # In words for the public: "weighted sum", not the abbreviation WSM.
    method = "TOPSIS" if rule.get("method") == "topsis" else _("weighted sum")
    return _(
        "%(top)s × the relative %(method)s score among all companies (worst 0, best %(top)s).",
        top=top,
        method=method,
    )


def format_value(indicator: dict[str, Any], value: Any, unit: bool = False) -> str:
    """A value as published: 是/否, whole counts, two decimals at most; `unit` adds the unit."""
    text = _format_value(indicator, value)
    shown = indicator.get("unit") not in (None, "", "%") and indicator["kind"] != "yn"
    if unit and value is not None and shown:
        return f"{text} {indicator['unit']}"
    return text


def export_value(indicator: dict[str, Any], value: Any) -> Any:
    """A value for a spreadsheet: numbers stay numbers (rounded to 4 decimals), 是/否 and
    checklists are text, no value is a blank cell."""
    if value is None or indicator["kind"] == "yn" or isinstance(value, list):
        return None if value is None else _format_value(indicator, value)
    if indicator["kind"] == "count":
        return int(value)
    return round(float(value), 4)


def _format_value(indicator: dict[str, Any], value: Any) -> str:
    if value is None:
        return "—"
    if indicator["kind"] == "yn":
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value) or "—"
    if indicator["kind"] == "count":
        return str(int(value))
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text + ("%" if indicator["kind"] == "percent" and indicator.get("unit") == "%" else "")


def error_summary(errors: list[Any]) -> list[tuple[str, str, int, list[int]]]:
    """(column, reason, how many rows, the first rows) for each kind of problem, most frequent first:
    with thousands of errors, this says what is wrong with the file as a whole."""
    groups: dict[tuple[str, str], list[int]] = {}
    for error in errors:
        reason = error.reason if not error.reason.startswith("与第") else "重复"
        groups.setdefault((error.column, reason), []).append(error.row)
    ranked = sorted(groups.items(), key=lambda item: -len(item[1]))
    return [(column, reason, len(rows), rows[:5]) for (column, reason), rows in ranked]


RECORD_TOTALS = {
    "entrapments": "困人次数",
    "failures": "故障次数",
    "arrivals": "应急到场次数",
    "arrivals_within_30": "30分钟内到场次数",
    "inspected": "定期检验台数",
    "passed": "一次检验合格台数",
    "complaints": "有效投诉次数",
    "elevator_months": "电梯·月数",
    "spot_checks": "保险机构抽查次数",
    "spot_checks_passed": "保险机构抽查合格次数",
}


def _column_label(key: str, template: dict[str, Any] | None) -> str:
    labels = {
        "uscc": sheets.CODE,
        "name": sheets.NAME,
        "elevators": "电梯（台）",
        "vetoes": "否决事项",
        "licence_no": "许可证编号",
        "licence_expires_on": "许可证有效期至",
        "districts": "服务区县",
        "elevator_no": "电梯编号",
        "checked_on": "抽查日期",
        "items": "抽查项目",
        "result": "抽查结果",
        "note": "备注",
    }
    if template:
        labels.update({i["id"]: i["name"] for i in template["indicators"]})
    labels.update(
        {i["id"]: i["name"] for i in BUILT_IN_TEMPLATE["indicators"] if i["id"] not in labels}
    )
    return labels.get(key, key)


def _preview_cell(key: str, value: Any, template: dict[str, Any] | None) -> str:
    indicators = {i["id"]: i for i in (template or BUILT_IN_TEMPLATE)["indicators"]}
    if key in indicators:
        return format_value(indicators[key], value)
    return "—" if value in (None, "") else str(value)


def _labels(kind: str) -> Any:
    table = LABELS[{"period": PeriodStatus, "import": ImportKind, "status": ImportStatus}[kind]]
    return lambda value: str(table.get(str(value), value))


def helpers() -> dict[str, Any]:
    return {
        "format_value": format_value,
        "explain_rule": explain,
        "maintenance_groups": GROUP_LABELS,
        "period_status": _labels("period"),
        "import_kind": _labels("import"),
        "import_status": _labels("status"),
        "column_label": _column_label,
        "preview_cell": _preview_cell,
        "record_total_label": lambda key: RECORD_TOTALS.get(key, key),
        "error_summary": error_summary,
    }


class ListPage(Pagination):
    """Flask-SQLAlchemy's pagination over a list already in memory (a period's lines, sorted)."""

    def _query_items(self) -> list[Any]:
        items: list[Any] = self._query_args["items"]
        start = (self.page - 1) * self.per_page
        return items[start : start + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def paged(items: list[Any], per_page: int) -> ListPage:
    """The page of `items` the request asks for (?page=), as templates' pagination expects."""
    return ListPage(page=int_arg("page", 1), per_page=per_page, error_out=False, items=items)
