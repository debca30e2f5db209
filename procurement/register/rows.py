"""The four import files of the register: their headers and the checks of each cell.

Reading (CSV or XLSX, measured first, XLSX in a worker) and the row errors are the maintenance
import's (procurement.maintenance.records); this module only knows the register's columns. Every
problem is a RowError (row, column, value, reason); nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from itertools import islice
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
REQUIRED = "必填"

Parsed = tuple[Any, str | None]  # (value, reason)
Problems = list[tuple[int, str]]  # (row index, reason)


def text(limit: int, required: bool = True) -> Callable[[str], Parsed]:
    def parse(value: str) -> Parsed:
        if not value:
            return (None, REQUIRED) if required else ("", None)
        if len(value) > limit:
            return None, f"不能超过 {limit} 字"
        return value, None

    def column(cells: list[str]) -> tuple[list[Any], Problems]:
        """A text column is its cells: measured at C speed, walked only when one is wrong."""
        lengths = list(map(len, cells))
        if max(lengths) <= limit and (not required or min(lengths) > 0):
            return cells, []
        verdicts = [(j, parse(cell)) for j, cell in enumerate(cells)]
        values = [value for _j, (value, _reason) in verdicts]
        return values, [(j, reason) for j, (_value, reason) in verdicts if reason is not None]

    parse.column = column  # type: ignore[attr-defined]
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
) -> tuple[list[tuple[int, Sequence[Any], Sequence[str]]], list[RowError]]:
    """Each non-blank row as (row number, parsed values, cells), and the cell-level problems in
    row order (within a row, column order).

    The file is checked column by column, not cell by cell: a column's distinct values are parsed
    once each (the same code or date repeats across thousands of rows of a real file) and a text
    column is measured with built-ins; only a column that has a problem is walked in Python to
    find its rows. `progress` is told the rows' share of each column checked."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileProblem("empty")
    headers, parsers = columns(kind, [cell.strip() for cell in rows[0]])
    numbers, cells = _cells(rows[1:], len(headers))
    if not numbers:
        raise FileProblem("empty")
    values: list[list[Any]] = []
    found: list[tuple[int, int, str]] = []  # (row index, column, reason)
    done = 0
    for i, parse in enumerate(parsers):
        column, bad = _parse_column(cells[i], parse)
        values.append(column)
        found.extend((j, i, reason) for j, reason in bad)
        if progress is not None:
            share = len(rows) * (i + 1) // len(parsers)
            progress(share - done)
            done = share
    found.sort()
    errors = [RowError(numbers[j], headers[i], cells[i][j], reason) for j, i, reason in found]
    bad_rows = {j for j, _i, _reason in found}
    parsed: list[tuple[int, Sequence[Any], Sequence[str]]] = [
        (number, row, texts)
        for j, (number, row, texts) in enumerate(
            zip(numbers, zip(*values, strict=True), zip(*cells, strict=True), strict=True)
        )
        if j not in bad_rows
    ]
    return parsed, errors


def _cells(body: list[list[str]], width: int) -> tuple[list[int], list[list[str]]]:
    """The row numbers (the header is row 1) of the non-blank rows, and their first `width` cells
    stripped, column by column; a short row reads as if padded with empty cells."""
    if not body:
        return [], [[] for _ in range(width)]
    if min(map(len, body)) < width:
        body = [row if len(row) >= width else row + [""] * (width - len(row)) for row in body]
    columns = zip(*body, strict=False)  # cells beyond `width` are ignored
    cells = [list(map(str.strip, column)) for column in islice(columns, width)]
    numbers = list(range(2, len(body) + 2))
    # a blank row is blank in every column, so in the first: look only at those rows
    blank = {j for j, cell in enumerate(cells[0]) if not cell and not any(c[j] for c in cells)}
    if blank:
        keep = [j for j in range(len(body)) if j not in blank]
        numbers = [numbers[j] for j in keep]
        cells = [[column[j] for j in keep] for column in cells]
    return numbers, cells


def _parse_column(cells: list[str], parse: Callable[[str], Parsed]) -> tuple[list[Any], Problems]:
    """A column's values, and its problems as (row index, reason)."""
    whole = getattr(parse, "column", None)
    if whole is not None:
        result: tuple[list[Any], Problems] = whole(cells)
        return result
    verdicts = {value: parse(value) for value in set(cells)}
    value_of = {value: verdict[0] for value, verdict in verdicts.items()}
    values = list(map(value_of.__getitem__, cells))
    wrong = {value: verdict[1] for value, verdict in verdicts.items() if verdict[1] is not None}
    if not wrong:
        return values, []
    return values, [(j, wrong[cell]) for j, cell in enumerate(cells) if cell in wrong]
