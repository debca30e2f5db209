"""Reading a file of administrative divisions (代码,名称,级别,上级代码), checked row by row.

The built-in files in data/ hold 重庆市 and 韶关市 with all their districts and counties (GB/T 2260);
another city's file has the same four columns.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from procurement.organisations.models import DistrictLevel

DATA = Path(__file__).parent / "data"
BUILT_IN = (DATA / "500000.csv", DATA / "440200.csv")
HEADER = ["代码", "名称", "级别", "上级代码"]
CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class DistrictRow:
    line: int
    code: str
    name: str
    level: DistrictLevel
    parent_code: str | None


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.line}行 {self.column}「{self.value}」：{self.reason}"


def read_districts(
    data: bytes, known_codes: set[str]
) -> tuple[list[DistrictRow], list[RowProblem]]:
    """The rows of a division file and every problem in it; `known_codes` are already loaded."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowProblem(1, "文件", "", str(_l("The file is not UTF-8 text.")))]
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip() for cell in next(reader, [])]
    if header != HEADER:
        reason = str(_l("The header must be: %(header)s.", header=",".join(HEADER)))
        return [], [RowProblem(1, "表头", ",".join(header), reason)]
    rows: list[DistrictRow] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row, row_problems = _row(line, cells, seen)
        problems += row_problems
        if row is not None:
            rows.append(row)
            seen.add(row.code)
    codes = seen | known_codes
    for row in rows:
        if row.parent_code is not None and row.parent_code not in codes:
            reason = str(_l("No division has this code."))
            problems.append(RowProblem(row.line, "上级代码", row.parent_code, reason))
    return rows, problems


def _row(
    line: int, cells: list[str], seen: set[str]
) -> tuple[DistrictRow | None, list[RowProblem]]:
    code, name, level, parent = ([cell.strip() for cell in cells] + ["", "", "", ""])[:4]
    problems = []
    if not CODE.fullmatch(code):
        problems.append(RowProblem(line, "代码", code, str(_l("A code has six digits."))))
    elif code in seen:
        problems.append(RowProblem(line, "代码", code, str(_l("This code is listed twice."))))
    if not name or len(name) > 50:
        problems.append(
            RowProblem(line, "名称", name, str(_l("Give a name of 1 to 50 characters.")))
        )
    if level not in {item.value for item in DistrictLevel}:
        allowed = "、".join(item.value for item in DistrictLevel)
        reason = str(_l("Use one of: %(allowed)s.", allowed=allowed))
        problems.append(RowProblem(line, "级别", level, reason))
    if parent and not CODE.fullmatch(parent):
        problems.append(RowProblem(line, "上级代码", parent, str(_l("A code has six digits."))))
    if problems:
        return None, problems
    return DistrictRow(line, code, name, DistrictLevel(level), parent or None), []
