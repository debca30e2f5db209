"""Elevator-level records: the import template's columns, reading CSV/XLSX, and row-level checks.

Every problem is reported as (row, column, value, reason) before anything is written; a file with any
error imports nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from procurement.accounts.uscc import normalise, problem
from procurement.errors import DomainError


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Chinese header of the template
    kind: str  # text | code | count | minutes | inspection | date


COLUMNS: tuple[Column, ...] = (
    Column("elevator_no", "电梯编号", "text"),
    Column("company", "维保单位统一社会信用代码", "code"),
    Column("district", "区县", "text"),
    Column("age", "梯龄（年）", "count"),
    Column("entrapments", "困人次数", "count"),
    Column("failures", "故障次数", "count"),
    Column("repeat_failures", "重复故障次数", "count"),
    Column("arrivals", "应急到场次数", "count"),
    Column("arrival_minutes", "平均到场时间（分钟）", "minutes"),
    Column("arrivals_within_30", "30分钟内到场次数", "count"),
    Column("inspection", "定期检验结果", "inspection"),
    Column("inspected_on", "检验日期", "date"),
    Column("complaints", "有效投诉次数", "count"),
)
HEADERS = [column.header for column in COLUMNS]

# The company indicators that elevator records provide (ids shared with the built-in template). Kept
# here, not in aggregate.py, so that the app does not import numpy until a file is aggregated.
INDICATORS = (
    "entrapment_rate",
    "failure_rate",
    "repeat_failures",
    "mean_arrival_minutes",
    "share_within_30",
    "first_pass_rate",
    "complaints_per_100",
)
# The rates among them made fair to small companies (credibility.py has how each is computed).
RATE_INDICATORS = (
    "entrapment_rate",
    "failure_rate",
    "complaints_per_100",
    "share_within_30",
    "first_pass_rate",
)
PROGRESS_STEP = 10_000
INSPECTION = {"合格": True, "不合格": False, "": None}


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, counting the header as row 1
    column: str
    value: str
    reason: str


@dataclass
class Records:
    """Checked records as columns, ready for aggregation (aggregate.py turns them into numpy arrays)."""

    elevator_no: list[str] = field(default_factory=list)
    company: list[str] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    numbers: dict[str, list[float]] = field(default_factory=dict)
    inspection: list[bool | None] = field(default_factory=list)


# An XLSX is measured before it is read (issue 13 item 8; see workbook.py): limits well above the
# largest real file (300,000 elevators × 13 columns: about 4 million cells, some 200 MB unpacked).
MAX_CELLS = 20_000_000
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024


class FileProblem(DomainError):
    """The file as a whole cannot be read: not a CSV or XLSX, empty, too large, or the wrong headers.

    Raised while an upload is read or checked, so the stage and import operations refuse with it."""

    messages = {
        "empty": _l("The file is empty: it has no header row or no data rows."),
        "not_spreadsheet": _l(
            "The file is not a CSV or XLSX spreadsheet (its content was checked, not its name)."
        ),
        "too_large": _l("The file is larger than 100 MB."),
        "unknown": _l("Unknown column headers: %(names)s. Use the headers of the template file."),
        "headers": _l("Missing column headers: %(names)s. Use the template file."),
        "headers_order": _l("The columns are not in the order of the template file."),
        "too_large_unpacked": _l(
            "The spreadsheet is too large once unpacked (%(size)s MB); at most 1,024 MB are read."
        ),
        "too_many_cells": _l(
            "The spreadsheet is too large: it declares %(cells)s cells; at most 20,000,000 are read."
        ),
        "unreadable": _l(
            "The spreadsheet could not be read within the memory and time allowed; save it as CSV "
            "or split it, and upload it again."
        ),
    }

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code, "file", **details)

    def __str__(self) -> str:  # e.g. "headers:电梯编号", which says what is missing in logs
        names = self.details.get("names")
        return f"{self.code}:{names}" if names else self.code


def header_problem(header: list[str], expected: list[str]) -> FileProblem:
    """What is wrong with a header row that does not start with the expected headers."""
    missing = [h for h in expected if h not in header]
    if missing:
        return FileProblem("headers", names="、".join(missing))
    return FileProblem("headers_order")


def read_rows(filename: str, data: bytes) -> list[list[str]]:
    """The file's rows as text cells; CSV (UTF-8, with or without BOM) or XLSX, judged by content."""
    if not data.strip():
        raise FileProblem("empty")
    if data[:4] == b"PK\x03\x04":
        from procurement.maintenance import workbook

        try:
            workbook.measure(data, MAX_UNPACKED_BYTES, MAX_CELLS)
            return workbook.read(data)
        except workbook.Refused as refused:
            raise FileProblem(refused.code, **refused.details) from refused
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem("not_spreadsheet") from error
    if "\x00" in text:
        raise FileProblem("not_spreadsheet")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as error:  # e.g. a cell beyond the csv module's size limit: not a records file
        raise FileProblem("not_spreadsheet") from error


def check(
    rows: list[list[str]],
    known_companies: set[str],
    period: tuple[date, date],
    progress: Callable[[int], None] | None = None,
) -> tuple[Records, list[RowError]]:
    """Check every row; return the records and every problem found (nothing is written here).

    `progress`, if given, is called with the number of rows checked since its last call."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileProblem("empty")
    header = [cell.strip() for cell in rows[0]]
    if header[: len(HEADERS)] != HEADERS:
        raise header_problem(header, HEADERS)
    # The loop runs once per elevator (hundreds of thousands of rows), so it works on plain lists and
    # remembers the verdict on each distinct code and date instead of checking them again.
    width = len(COLUMNS)
    numeric = [(i, c) for i, c in enumerate(COLUMNS) if c.kind in {"count", "minutes"}]
    records = Records(numbers={c.key: [] for _i, c in numeric})
    buckets = [records.numbers[c.key] for _i, c in numeric]
    position = {c.key: i for i, c in enumerate(COLUMNS)}
    within_at, arrivals_at = position["arrivals_within_30"], position["arrivals"]
    repeats_at, failures_at = position["repeat_failures"], position["failures"]
    codes: dict[str, tuple[str, str | None]] = {}
    days: dict[str, str | None] = {}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if progress is not None and number % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
        cells = [cell.strip() for cell in row[:width]]
        if not any(cells):
            continue  # blank lines are ignored
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        problems: list[tuple[int, str]] = []  # (column index, reason), in column order
        for i in (0, 2):
            if not cells[i]:
                problems.append((i, "必填"))
        raw = cells[1]
        if raw not in codes:
            code = normalise(raw)
            reason = "统一社会信用代码格式或校验码错误" if problem(code) else None
            if reason is None and code not in known_companies:
                reason = "未登记的维保单位"
            codes[raw] = (code, reason)
        code, reason = codes[raw]
        if reason:
            problems.append((1, reason))
        parsed: dict[int, float] = {}
        for i, column in numeric:
            value = cells[i]
            try:
                figure = float(value) if value else 0.0
            except ValueError:
                problems.append((i, "不是数字"))
                continue
            if figure != figure or figure in {float("inf"), float("-inf")}:
                problems.append((i, "不是数字"))
            elif figure < 0:
                problems.append((i, "不能为负数"))
            elif column.kind == "count" and not figure.is_integer():
                problems.append((i, "应为整数"))
            else:
                parsed[i] = figure
        inspection = cells[position["inspection"]]
        if inspection not in INSPECTION:
            problems.append((position["inspection"], "应为“合格”、“不合格”或留空"))
        day = cells[position["inspected_on"]]
        if day:
            if day not in days:
                days[day] = _date_problem(day, period)
            if days[day]:
                problems.append((position["inspected_on"], days[day] or ""))
        if arrivals_at in parsed and parsed.get(within_at, 0) > parsed[arrivals_at]:
            problems.append((within_at, "超过应急到场次数"))
        if failures_at in parsed and parsed.get(repeats_at, 0) > parsed[failures_at]:
            problems.append((repeats_at, "超过故障次数"))
        elevator = cells[0]
        if elevator:
            if elevator in seen:
                problems.append((0, f"与第 {seen[elevator]} 行重复"))
            else:
                seen[elevator] = number
        if problems:
            problems.sort(key=lambda found: found[0])  # as the columns are read, left to right
            errors.extend(
                RowError(number, COLUMNS[i].header, cells[i], reason) for i, reason in problems
            )
            continue
        records.elevator_no.append(elevator)
        records.company.append(code)
        records.district.append(cells[2])
        for (i, _column), bucket in zip(numeric, buckets, strict=True):
            bucket.append(parsed[i])
        records.inspection.append(INSPECTION[inspection])
    if progress is not None:
        progress(len(rows) % PROGRESS_STEP)
    if not records.elevator_no and not errors:
        raise FileProblem("empty")
    return records, errors


def _date_problem(value: str, period: tuple[date, date]) -> str | None:
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return "日期格式应为 YYYY-MM-DD"
    if not period[0] <= day <= period[1]:
        return f"不在评测期间（{period[0]} 至 {period[1]}）内"
    return None
