"""The four import files of the register: their headers and the checks of each cell.

Reading (CSV or XLSX, measured first, XLSX in a worker) and the row errors are the maintenance
import's (procurement.maintenance.records); this module only knows the register's columns. Every
problem is a RowError (row, column, value, reason); nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from procurement.accounts.uscc import normalise, problem
from procurement.clock import LOCAL_ZONE
from procurement.maintenance.records import FileProblem, RowError, header_problem
from procurement.register.models import OWNERSHIP_NAMES, SOURCE_NAMES, STATUS_NAMES

ELEVATOR_HEADERS = [
    "电梯编号",
    "注册代码",
    "使用单位",
    "使用单位统一社会信用代码",
    "区县",
    "小区",
    "地址",
    "投用日期",
    "层站数",
    "服务居民人数",
    "产权类型",
]
POLICY_HEADERS = [
    "保单号",
    "保险机构统一社会信用代码",
    "电梯编号",
    "产品名称",
    "条款费率批准或备案号",
    "单台保费（元/年）",
    "保费来源",
    "起保日期",
    "终止日期",
    "状态",
]
CLAIM_HEADERS = [
    "赔案号",
    "保单号",
    "电梯编号",
    "出险时间",
    "报案时间",
    "查勘时间",
    "定损时间",
    "支付时间",
    "赔付金额（元）",
    "收款单位",
]
SURVEY_HEADERS = [
    "使用单位统一社会信用代码",
    "保险机构统一社会信用代码",
    "测评日期",
    "满意度（%）",
    "意见建议",
]
# Optional columns after the required ones, both or neither: the elevator's maintenance company.
MAINTAINER_HEADERS = ["维保单位", "维保单位统一社会信用代码"]
OPTIONAL_HEADERS = {"elevators": MAINTAINER_HEADERS}
HEADERS = {
    "elevators": ELEVATOR_HEADERS,
    "policies": POLICY_HEADERS,
    "claims": CLAIM_HEADERS,
    "surveys": SURVEY_HEADERS,
}
PROGRESS_STEP = 10_000
REQUIRED = "必填"

Parsed = tuple[Any, str | None]  # (value, reason)


def text(limit: int, required: bool = True) -> Callable[[str], Parsed]:
    def parse(value: str) -> Parsed:
        if not value:
            return (None, REQUIRED) if required else ("", None)
        if len(value) > limit:
            return None, f"不能超过 {limit} 字"
        return value, None

    return parse


def credit_code(value: str) -> Parsed:
    if not value:
        return None, REQUIRED
    code = normalise(value)
    return (None, "统一社会信用代码格式或校验码错误") if problem(code) else (code, None)


def optional_code(value: str) -> Parsed:
    return credit_code(value) if value else (None, None)


def day(value: str) -> Parsed:
    if not value:
        return None, REQUIRED
    try:
        return date.fromisoformat(value[:10]), None
    except ValueError:
        return None, "日期格式应为 YYYY-MM-DD"


def moment(required: bool) -> Callable[[str], Parsed]:
    """A Beijing time as YYYY-MM-DD HH:MM, returned in UTC."""

    def parse(value: str) -> Parsed:
        if not value:
            return (None, REQUIRED) if required else (None, None)
        try:
            local = datetime.strptime(value[:16], "%Y-%m-%d %H:%M")
        except ValueError:
            return None, "时间格式应为 YYYY-MM-DD HH:MM"
        return local.replace(tzinfo=LOCAL_ZONE).astimezone(UTC), None

    return parse


def count(value: str) -> Parsed:
    if not value:
        return None, REQUIRED
    if not value.isdigit():
        return None, "应为非负整数"
    return int(value), None


def money(required: bool, maximum: Decimal = Decimal("1e10")) -> Callable[[str], Parsed]:
    def parse(value: str) -> Parsed:
        if not value:
            return (None, REQUIRED) if required else (None, None)
        try:
            amount = Decimal(value.replace(",", ""))
        except InvalidOperation:
            return None, "不是数字"
        if not amount.is_finite():
            return None, "不是数字"
        if amount < 0:
            return None, "不能为负数"
        if amount >= maximum:
            return None, "数值过大"
        return amount.quantize(Decimal("0.01")), None

    return parse


def score(value: str) -> Parsed:
    amount, reason = money(True)(value.rstrip("%"))
    if reason is None and amount > 100:
        return None, "应在 0 至 100 之间"
    return amount, reason


def choice(names: dict[str, Any], label: str) -> Callable[[str], Parsed]:
    def parse(value: str) -> Parsed:
        if not value:
            return None, REQUIRED
        if value not in names:
            return None, f"{label}应为：" + "、".join(names)
        return names[value], None

    return parse


PARSERS: dict[str, list[Callable[[str], Parsed]]] = {
    "elevators": [
        text(40),
        text(40),
        text(200),
        credit_code,
        text(50),
        text(200, required=False),
        text(300),
        day,
        count,
        count,
        choice(OWNERSHIP_NAMES, "产权类型"),
    ],
    "policies": [
        text(60),
        credit_code,
        text(40),
        text(200),
        text(100),
        money(True, Decimal("1e8")),
        choice(SOURCE_NAMES, "保费来源"),
        day,
        day,
        choice(STATUS_NAMES, "状态"),
    ],
    "claims": [
        text(60),
        text(60),
        text(40),
        moment(True),
        moment(True),
        moment(False),
        moment(False),
        moment(False),
        money(False),
        text(200, required=False),
    ],
    "surveys": [credit_code, credit_code, day, score, text(2000, required=False)],
}
OPTIONAL_PARSERS: dict[str, list[Callable[[str], Parsed]]] = {
    "elevators": [text(200, required=False), optional_code],
}


def columns(kind: str, header: list[str]) -> tuple[list[str], list[Callable[[str], Parsed]]]:
    """The columns a file of this kind is read by: the required ones, then the optional ones if
    its header has them in order; a header that names them out of order is refused."""
    headers = HEADERS[kind]
    if header[: len(headers)] != headers:
        raise header_problem(header, headers)
    extra = OPTIONAL_HEADERS.get(kind, [])
    rest = header[len(headers) : len(headers) + len(extra)]
    if extra and rest == extra:
        return headers + extra, PARSERS[kind] + OPTIONAL_PARSERS[kind]
    if any(name in extra for name in header[len(headers) :]):
        raise header_problem(header, headers + extra)
    return headers, PARSERS[kind]


def parse_rows(
    kind: str, rows: list[list[str]], progress: Callable[[int], None] | None = None
) -> tuple[list[tuple[int, list[Any], list[str]]], list[RowError]]:
    """Each non-blank row as (row number, parsed values, cells), and the cell-level problems.

    A cell's verdict is remembered per column: the same code or date repeats across thousands of
    rows of a real file."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileProblem("empty")
    headers, parsers = columns(kind, [cell.strip() for cell in rows[0]])
    width = len(headers)
    memo: list[dict[str, Parsed]] = [{} for _ in headers]
    parsed: list[tuple[int, list[Any], list[str]]] = []
    errors: list[RowError] = []
    for number, row in enumerate(rows[1:], start=2):
        if progress is not None and number % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
        cells = [cell.strip() for cell in row[:width]]
        if not any(cells):
            continue
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        values: list[Any] = []
        bad = False
        for i, value in enumerate(cells):
            seen = memo[i]
            verdict = seen.get(value)
            if verdict is None:
                verdict = parsers[i](value)
                if len(seen) < 100_000:
                    seen[value] = verdict
            if verdict[1] is not None:
                errors.append(RowError(number, headers[i], value, verdict[1]))
                bad = True
            values.append(verdict[0])
        if not bad:
            parsed.append((number, values, cells))
    if progress is not None:
        progress(len(rows) % PROGRESS_STEP)
    if not parsed and not errors:
        raise FileProblem("empty")
    return parsed, errors
