"""A publication's results as an XLSX workbook (one row per company, indicator values as numbers
with their formats), rendered with its PDF by the publication's job (documents.py)."""

from __future__ import annotations

from typing import Any

from procurement.maintenance import sheets
from procurement.maintenance.display import export_value
from procurement.spreadsheets import Sheet, xlsx


def results_workbook(context: dict[str, Any]) -> bytes:
    indicators = context["scheme"]["indicators"]
    headers = [
        "排名",
        "单位名称",
        "统一社会信用代码",
        "服务区县",
        "维保电梯数（台）",
        "总分",
        "等级",
        "否决事项",
    ]
    headers += [sheets.indicator_header(i) for i in indicators] + [
        f"{i['name']}得分" for i in indicators
    ]
    rows = [
        [r.rank, r.name, r.uscc, "、".join(r.districts), r.elevators, r.total,
         r.grade, "；".join(r.vetoes)]
        + [
            "样本不足" if (r.credibility or {}).get(i["id"], {}).get("insufficient")
            else _number(i, r.values.get(i["id"]))
            for i in indicators
        ]
        + [r.points.get(i["id"], 0) for i in indicators]
        for r in context["rows"]
    ]  # fmt: skip
    formats = ["0", None, None, None, "0", "0.00", None, None]
    formats += [_number_format(i) for i in indicators] + ["0.00"] * len(indicators)
    return xlsx(Sheet("评测结果", headers, rows, formats=formats))


def _number_format(indicator: dict[str, Any]) -> str:
    """Indicator values in the workbook: numbers with a format (a percentage as a fraction shown as %)."""
    if indicator["kind"] == "count":
        return "0"
    return "0.00%" if _is_percent(indicator) else "0.00"


def _is_percent(indicator: dict[str, Any]) -> bool:
    return bool(indicator["kind"] == "percent" and indicator.get("unit") == "%")


def _number(indicator: dict[str, Any], value: Any) -> Any:
    """A value as a number where it is one (是/否 and checklists stay text; no value, an empty cell)."""
    if value is None:
        return None
    if indicator["kind"] == "yn" or isinstance(value, list):
        return export_value(indicator, value)  # 是/否 and checklists as text
    if indicator["kind"] == "count":
        return int(value)
    if _is_percent(indicator):
        return float(value) / 100
    return float(value)
