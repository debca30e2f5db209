"""Elevator-level records: the import template's columns, reading CSV/XLSX, and row-level checks.

Every problem is reported as (row, column, value, reason) before anything is written; a file with any
error imports nothing.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from procurement.accounts.uscc import normalise, problem


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
    """Checked records as columns (numpy arrays), ready for aggregation."""

    elevator_no: list[str] = field(default_factory=list)
    company: list[str] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    numbers: dict[str, list[float]] = field(default_factory=dict)
    inspection: list[bool | None] = field(default_factory=list)

    def array(self, key: str) -> npt.NDArray[np.float64]:
        return np.asarray(self.numbers[key], dtype=np.float64)


class FileProblem(ValueError):
    """The file as a whole cannot be read: not a CSV or XLSX, empty, or the wrong headers."""


def read_rows(filename: str, data: bytes) -> list[list[str]]:
    """The file's rows as text cells; CSV (UTF-8, with or without BOM) or XLSX, judged by content."""
    if not data.strip():
        raise FileProblem("empty")
    if data[:4] == b"PK\x03\x04":
        try:
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise FileProblem("not_spreadsheet") from error
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem("not_spreadsheet") from error
    if "\x00" in text:
        raise FileProblem("not_spreadsheet")
    return [row for row in csv.reader(io.StringIO(text))]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
        missing = [h for h in HEADERS if h not in header]
        raise FileProblem("headers:" + "、".join(missing or ["order"]))
    records = Records(numbers={c.key: [] for c in COLUMNS if c.kind in {"count", "minutes"}})
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if progress is not None and number % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
        if not any(cell.strip() for cell in row):
            continue  # blank lines are ignored
        cells = {c.key: (row[i].strip() if i < len(row) else "") for i, c in enumerate(COLUMNS)}
        row_errors: list[RowError] = []

        def bad(column: Column, reason: str) -> None:
            row_errors.append(RowError(number, column.header, cells[column.key], reason))  # noqa: B023

        values: dict[str, float] = {}
        for column in COLUMNS:
            value = cells[column.key]
            if column.kind == "text" and not value:
                bad(column, "必填")
            elif column.kind == "code":
                code = normalise(value)
                if problem(code):
                    bad(column, "统一社会信用代码格式或校验码错误")
                elif code not in known_companies:
                    bad(column, "未登记的维保单位")
                cells[column.key] = code
            elif column.kind in {"count", "minutes"}:
                try:
                    parsed = float(value) if value else 0.0
                except ValueError:
                    bad(column, "不是数字")
                    continue
                if parsed < 0 or parsed != parsed:
                    bad(column, "不能为负数")
                elif column.kind == "count" and not parsed.is_integer():
                    bad(column, "应为整数")
                values[column.key] = parsed
            elif column.kind == "inspection" and value not in INSPECTION:
                bad(column, "应为“合格”、“不合格”或留空")
            elif column.kind == "date" and value:
                try:
                    day = date.fromisoformat(value[:10])
                except ValueError:
                    bad(column, "日期格式应为 YYYY-MM-DD")
                    continue
                if not period[0] <= day <= period[1]:
                    bad(column, f"不在评测期间（{period[0]} 至 {period[1]}）内")
        if "arrivals" in values and values.get("arrivals_within_30", 0) > values["arrivals"]:
            column = next(c for c in COLUMNS if c.key == "arrivals_within_30")
            bad(column, "超过应急到场次数")
        if "failures" in values and values.get("repeat_failures", 0) > values["failures"]:
            column = next(c for c in COLUMNS if c.key == "repeat_failures")
            bad(column, "超过故障次数")
        elevator = cells["elevator_no"]
        if elevator:
            if elevator in seen:
                column = COLUMNS[0]
                bad(column, f"与第 {seen[elevator]} 行重复")
            else:
                seen[elevator] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        records.elevator_no.append(elevator)
        records.company.append(cells["company"])
        records.district.append(cells["district"])
        for key, bucket in records.numbers.items():
            bucket.append(values.get(key, 0.0))
        records.inspection.append(INSPECTION[cells["inspection"]])
    if progress is not None:
        progress(len(rows) % PROGRESS_STEP)
    if not records.elevator_no and not errors:
        raise FileProblem("empty")
    return records, errors
