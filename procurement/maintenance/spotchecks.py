"""Insurers' spot checks of maintenance work (保险机构维保质量抽查): the import file's columns, row
checks and photo checks, without writing (spotcheck_operations.py writes).

One row per spot check: the elevator, the maintenance company's code, the day, the items checked, the
result (合格 or 不合格) and a note. Every problem is reported as row, column, value and reason, as in
the officer's imports (records.py); a file with any error writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from procurement.accounts.uscc import normalise, problem
from procurement.maintenance.records import FileProblem, RowError, header_problem

HEADERS = ["电梯编号", "维保单位统一社会信用代码", "抽查日期", "抽查项目", "抽查结果", "备注"]
RESULTS = {"合格": True, "不合格": False}
MAX_TEXT = 1000
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 6
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


@dataclass(frozen=True)
class Row:
    elevator_no: str
    uscc: str
    checked_on: date
    items: str
    passed: bool
    note: str


def photo_type(data: bytes) -> str | None:
    """The image type of a photo by its content (JPEG or PNG), or None."""
    return next((kind for magic, kind in PHOTO_TYPES.items() if data.startswith(magic)), None)


def check_fields(
    elevator_no: str, uscc: str, day: str, items: str, result: str, note: str,
    known: set[str], today: date,
) -> tuple[Row | None, list[tuple[str, str]]]:  # fmt: skip
    """One spot check's fields checked: (the row, or None; (column, reason) problems)."""
    problems: list[tuple[str, str]] = []
    if not elevator_no:
        problems.append((HEADERS[0], "必填"))
    elif len(elevator_no) > 64:
        problems.append((HEADERS[0], "过长（至多 64 个字符）"))
    code = normalise(uscc)
    if problem(code):
        problems.append((HEADERS[1], "统一社会信用代码格式或校验码错误"))
    elif code not in known:
        problems.append((HEADERS[1], "未登记的维保单位"))
    checked_on = None
    try:
        checked_on = date.fromisoformat(day[:10])
    except ValueError:
        problems.append((HEADERS[2], "日期格式应为 YYYY-MM-DD"))
    if checked_on and checked_on > today:
        problems.append((HEADERS[2], "不能晚于今天"))
    if not items:
        problems.append((HEADERS[3], "必填"))
    elif len(items) > MAX_TEXT:
        problems.append((HEADERS[3], "过长（至多 1000 个字符）"))
    if result not in RESULTS:
        problems.append((HEADERS[4], "应为“合格”或“不合格”"))
    if len(note) > MAX_TEXT:
        problems.append((HEADERS[5], "过长（至多 1000 个字符）"))
    if problems or checked_on is None:
        return None, problems
    return Row(elevator_no, code, checked_on, items, RESULTS[result], note), []


def check(rows: list[list[str]], known: set[str], today: date) -> tuple[list[Row], list[RowError]]:
    """Every row of a spot-check file checked; (the spot checks, every problem)."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileProblem("empty")
    header = [cell.strip() for cell in rows[0]]
    if header[: len(HEADERS)] != HEADERS:
        raise header_problem(header, HEADERS)
    found: list[Row] = []
    errors: list[RowError] = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in raw[: len(HEADERS)]]
        if not any(cells):
            continue
        cells += [""] * (len(HEADERS) - len(cells))
        elevator_no, uscc, day, items, result, note = cells
        row, problems = check_fields(elevator_no, uscc, day, items, result, note, known, today)
        values = dict(zip(HEADERS, cells, strict=True))
        errors.extend(
            RowError(number, column, values[column], reason) for column, reason in problems
        )
        if row is not None:
            found.append(row)
    if not found and not errors:
        raise FileProblem("empty")
    return found, errors
