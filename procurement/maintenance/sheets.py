"""The two other files the officer imports, checked row by row like the elevator records:

- the company registry (名称, 统一社会信用代码, 许可证编号, 有效期, 服务区县);
- company-level indicator values and veto items for a period, with one column per indicator of the
  period's template (a blank cell: no value) and one per veto item (是 / blank), plus a note column.

Only the code column is required in the indicator file; every other column is optional, but a column
the template does not know is refused, so a misspelt header never loses data silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from procurement.accounts.uscc import normalise, problem
from procurement.maintenance.records import FileProblem, RowError, header_problem

CODE = "统一社会信用代码"
NAME = "单位名称"
VETO_PREFIX = "否决："
VETO_NOTE = "否决事项说明"
YES = {"是", "有", "1", "Y", "y", "yes", "Yes", "TRUE", "true"}
NO = {"否", "无", "0", "N", "n", "no", "No", "FALSE", "false"}
ITEM_SEPARATORS = ("、", ",", "，", ";", "；")

REGISTRY_HEADERS = [CODE, NAME, "许可证编号", "许可证有效期至", "服务区县"]
# An optional sixth column of the registry: the first day of maintenance work in the city (业绩).
IN_CITY_SINCE = "本市维保起始日期"


def indicator_header(indicator: dict[str, Any]) -> str:
    unit = indicator.get("unit", "")
    return f"{indicator['name']}（{unit}）" if unit else indicator["name"]


def indicator_headers(template: dict[str, Any]) -> list[str]:
    return (
        [CODE, NAME]
        + [indicator_header(i) for i in template["indicators"]]
        + [VETO_PREFIX + veto["name"] for veto in template.get("vetoes", [])]
        + [VETO_NOTE]
    )


def _header_row(rows: list[list[str]]) -> list[str]:
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileProblem("empty")
    return [cell.strip() for cell in rows[0]]


def _body(rows: list[list[str]]) -> list[tuple[int, list[str]]]:
    return [
        (n, row) for n, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)
    ]


@dataclass
class CompanyRow:
    uscc: str
    reported: dict[str, Any]
    vetoes: dict[str, str]


def parse_value(kind: str, text: str) -> tuple[Any, str | None]:
    """(value, problem) of one indicator cell; a blank cell is (None, None)."""
    if not text:
        return None, None
    if kind == "yn":
        if text in YES:
            return 1, None
        if text in NO:
            return 0, None
        return None, "应为“是”或“否”"
    if kind == "items":
        for separator in ITEM_SEPARATORS[1:]:
            text = text.replace(separator, ITEM_SEPARATORS[0])
        return [item.strip() for item in text.split(ITEM_SEPARATORS[0]) if item.strip()], None
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        return None, "不是数字"
    if number != number or number in {float("inf"), float("-inf")}:
        return None, "不是数字"
    if number < 0:
        return None, "不能为负数"
    if kind == "count" and not number.is_integer():
        return None, "应为整数"
    if kind == "percent" and number > 100:
        return None, "百分比不能超过 100"
    return (int(number) if kind == "count" else number), None


def check_indicators(
    rows: list[list[str]], template: dict[str, Any], known: set[str]
) -> tuple[list[CompanyRow], list[RowError]]:
    header = _header_row(rows)
    allowed = indicator_headers(template)
    if CODE not in header:
        raise FileProblem("headers", names=CODE)
    unknown = [h for h in header if h and h not in allowed]
    if unknown:
        raise FileProblem("unknown", names="、".join(unknown))
    position = {h: i for i, h in enumerate(header) if h}
    by_header = {indicator_header(i): i for i in template["indicators"]}
    vetoes = {VETO_PREFIX + v["name"]: v for v in template.get("vetoes", [])}
    items_allowed = {
        i["id"]: set(dict(i["rule"].get("items", {})))
        for i in template["indicators"]
        if i["kind"] == "items"
    }
    result: list[CompanyRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in _body(rows):

        def cell(name: str) -> str:
            i = position.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""  # noqa: B023

        row_errors: list[RowError] = []
        code = normalise(cell(CODE))
        if problem(code):
            row_errors.append(
                RowError(number, CODE, cell(CODE), "统一社会信用代码格式或校验码错误")
            )
        elif code not in known:
            row_errors.append(RowError(number, CODE, cell(CODE), "未登记的维保单位"))
        elif code in seen:
            row_errors.append(RowError(number, CODE, cell(CODE), f"与第 {seen[code]} 行重复"))
        else:
            seen[code] = number
        reported: dict[str, Any] = {}
        for header_text, indicator in by_header.items():
            if header_text not in position:
                continue
            value, reason = parse_value(indicator["kind"], cell(header_text))
            if reason is None and indicator["kind"] == "items" and value:
                strange = [item for item in value if item not in items_allowed[indicator["id"]]]
                if strange:
                    reason = "未知的项目：" + "、".join(strange)
            if reason:
                row_errors.append(RowError(number, header_text, cell(header_text), reason))
            elif value is not None:
                reported[indicator["id"]] = value
        found: dict[str, str] = {}
        for header_text, veto in vetoes.items():
            text = cell(header_text)
            if text in YES:
                found[veto["id"]] = cell(VETO_NOTE)
            elif text and text not in NO:
                row_errors.append(RowError(number, header_text, text, "应为“是”、“否”或留空"))
        if row_errors:
            errors.extend(row_errors)
        else:
            result.append(CompanyRow(code, reported, found))
    if not result and not errors:
        raise FileProblem("empty")
    return result, errors


@dataclass
class RegistryRow:
    uscc: str
    name: str
    licence_no: str
    licence_expires_on: date | None
    districts: list[str]
    in_city_since: date | None = None  # None: not given, the registry keeps what it has


def check_registry(rows: list[list[str]]) -> tuple[list[RegistryRow], list[RowError]]:
    header = _header_row(rows)
    if header[: len(REGISTRY_HEADERS)] != REGISTRY_HEADERS:
        raise header_problem(header, REGISTRY_HEADERS)
    has_since = (
        len(header) > len(REGISTRY_HEADERS) and header[len(REGISTRY_HEADERS)] == IN_CITY_SINCE
    )
    result: list[RegistryRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in _body(rows):
        cells = [(row[i].strip() if i < len(row) else "") for i in range(len(REGISTRY_HEADERS))]
        code_text, name, licence, expires_text, districts_text = cells
        row_errors = []
        code = normalise(code_text)
        if problem(code):
            row_errors.append(RowError(number, CODE, code_text, "统一社会信用代码格式或校验码错误"))
        elif code in seen:
            row_errors.append(RowError(number, CODE, code_text, f"与第 {seen[code]} 行重复"))
        else:
            seen[code] = number
        if not name:
            row_errors.append(RowError(number, NAME, name, "必填"))
        elif len(name) > 200:
            row_errors.append(RowError(number, NAME, name[:40] + "…", "不能超过 200 字"))
        if len(licence) > 60:
            row_errors.append(RowError(number, "许可证编号", licence[:40] + "…", "不能超过 60 字"))
        expires = None
        if expires_text:
            try:
                expires = date.fromisoformat(expires_text[:10])
            except ValueError:
                row_errors.append(
                    RowError(number, "许可证有效期至", expires_text, "日期格式应为 YYYY-MM-DD")
                )
        districts = split_districts(districts_text)
        since = None
        since_text = row[5].strip() if has_since and len(row) > 5 else ""
        if since_text:
            try:
                since = date.fromisoformat(since_text[:10])
            except ValueError:
                row_errors.append(
                    RowError(number, IN_CITY_SINCE, since_text, "日期格式应为 YYYY-MM-DD")
                )
        if row_errors:
            errors.extend(row_errors)
        else:
            result.append(RegistryRow(code, name, licence, expires, districts, since))
    if not result and not errors:
        raise FileProblem("empty")
    return result, errors


def split_districts(text: str) -> list[str]:
    for separator in ITEM_SEPARATORS[1:] + (" ",):
        text = text.replace(separator, "、")
    return sorted({part.strip() for part in text.split("、") if part.strip()})
