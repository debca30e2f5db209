"""The one spreadsheet writer: every XLSX and CSV tibao produces goes through here.

Text is always written as text. A company or bidder name that starts with `=` (or `+`, `-`, `@`)
would otherwise become a formula in Excel (formula injection): XLSX cells holding strings are typed
as strings, and CSV cells that start with such a character are prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# Characters that make a spreadsheet program read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    """One worksheet: a bold, frozen header row, then the rows."""

    title: str
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    # Column widths in characters; by default from the header's length (CJK counts double).
    widths: Sequence[int] | None = None
    # Excel number formats by column ("0", "0.00", "0.00%", …): numbers stay numbers, shown so.
    formats: Sequence[str | None] | None = None
    # Lines before the header row and after the rows, as a form lays them out (a title, 填报单位…).
    above: Sequence[Sequence[Any]] = ()
    below: Sequence[Sequence[Any]] = ()


def _width(header: Any) -> int:
    text = str(header)
    return max(10, min(40, sum(2 if ord(ch) > 0x2E7F else 1 for ch in text) + 2))


def xlsx(*sheets: Sheet) -> bytes:
    """An Excel workbook with the given sheets."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]  # a new workbook always has one sheet
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])  # Excel's limit on sheet names
        for line in spec.above:
            sheet.append([_cell(value) for value in line])
        header_row = len(spec.above) + 1
        sheet.append([str(h) for h in spec.headers])
        # sheet.max_row and sheet[n] scan every cell: by position, 300,000 rows stay linear
        formats = spec.formats or ()
        for number, row in enumerate(spec.rows, start=header_row + 1):
            values = [_cell(value) for value in row]
            sheet.append(values)
            for column, value in enumerate(values, start=1):
                if isinstance(value, str):  # never a formula, whatever the text starts with
                    sheet.cell(row=number, column=column).data_type = "s"
                elif column <= len(formats) and formats[column - 1] and value is not None:
                    sheet.cell(row=number, column=column).number_format = formats[column - 1]
        for line in spec.below:
            sheet.append([_cell(value) for value in line])
        for cell in sheet[header_row]:
            cell.font = bold
        widths = spec.widths or [_width(h) for h in spec.headers]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
        sheet.freeze_panes = f"A{header_row + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if value is not None and not isinstance(value, int | float | str | bool):
        return str(value)
    return value


def csv_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file in UTF-8 with a BOM (which Excel opens correctly); text never reads as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def table(headers: Sequence[Any], rows: Sequence[Sequence[Any]], fmt: str, title: str) -> bytes:
    """One table as `csv` or `xlsx`."""
    if fmt == "csv":
        return csv_bytes(headers, rows)
    return xlsx(Sheet(title, headers, rows))
