"""Elevator records: every kind of bad row is named; aggregation against hand-computed figures."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from procurement.maintenance.aggregate import aggregate
from procurement.maintenance.records import HEADERS, FileProblem, check, read_rows
from tests.factories import make_uscc

A, B = make_uscc(90001), make_uscc(90002)
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))


def row(
    no,
    company,
    *,
    entrapments=0,
    failures=0,
    repeats=0,
    arrivals=0,
    minutes=0,
    within=0,
    inspection="合格",
    inspected="2025-06-01",
    complaints=0,
    district="渝中区",
    age=12,
):
    return [
        no,
        company,
        district,
        str(age),
        str(entrapments),
        str(failures),
        str(repeats),
        str(arrivals),
        str(minutes),
        str(within),
        inspection,
        inspected,
        str(complaints),
    ]


def csv_bytes(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADERS, *rows])
    return buffer.getvalue().encode("utf-8-sig")


def test_aggregation_by_hand():
    rows = [
        row(
            "E1",
            A,
            entrapments=2,
            failures=5,
            repeats=3,
            arrivals=2,
            minutes=10,
            within=2,
            complaints=1,
        ),
        row(
            "E2",
            A,
            entrapments=0,
            failures=1,
            arrivals=1,
            minutes=40,
            within=0,
            inspection="不合格",
        ),
        row("E3", B, failures=0, arrivals=0, inspection=""),
    ]
    records, errors = check(read_rows("x.csv", csv_bytes(rows)), {A, B}, PERIOD)
    assert errors == []
    result = aggregate(records, months=12)
    a = result[A]
    assert a["elevators"] == 2
    assert a["entrapment_rate"] == pytest.approx(2 / (2 * 12) * 100)  # 8.33 % per elevator-month
    assert a["failure_rate"] == pytest.approx(6 / 24)
    assert a["repeat_failures"] == 3
    assert a["mean_arrival_minutes"] == pytest.approx(
        (10 * 2 + 40 * 1) / 3
    )  # weighted by arrivals: 20
    assert a["share_within_30"] == pytest.approx(2 / 3 * 100)
    assert a["first_pass_rate"] == pytest.approx(50.0)
    assert a["complaints_per_100"] == pytest.approx(50.0)
    b = result[B]
    assert (
        b["mean_arrival_minutes"] is None and b["first_pass_rate"] is None and b["elevators"] == 1
    )


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        (row("E9", make_uscc(90009)), "维保单位统一社会信用代码", "未登记的维保单位"),
        (row("E9", "91500000MA0000001C"), "维保单位统一社会信用代码", "校验码错误"),
        (row("E9", A, entrapments=-1), "困人次数", "不能为负数"),
        (row("E9", A, failures="两次"), "故障次数", "不是数字"),
        (row("E9", A, arrivals=2, within=3), "30分钟内到场次数", "超过应急到场次数"),
        (row("E9", A, inspected="2024-12-31"), "检验日期", "不在评测期间"),
        (row("E9", A, inspection="良好"), "定期检验结果", "应为“合格”"),
        (row("E1", A), "电梯编号", "与第 2 行重复"),
        (row("", A), "电梯编号", "必填"),
    ],
)
def test_each_bad_row_is_named_with_row_column_value_and_reason(bad, column, reason):
    records, errors = check(read_rows("x.csv", csv_bytes([row("E1", A), bad])), {A}, PERIOD)
    assert len(errors) == 1
    error = errors[0]
    assert (error.row, error.column) == (3, column) and reason in error.reason
    assert len(records.elevator_no) == 1  # the good row only; the import as a whole writes nothing


def test_xlsx_reads_like_csv():
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([*row("E1", A)[:3], 12, 1, 2, 0, 1, 15.5, 1, "合格", "2025-03-04", 0])
    buffer = io.BytesIO()
    book.save(buffer)
    records, errors = check(read_rows("x.xlsx", buffer.getvalue()), {A}, PERIOD)
    assert errors == [] and records.numbers["arrival_minutes"] == [15.5]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not_spreadsheet"),
        (b"PK\x03\x04not really a zip", "not_spreadsheet"),
        ("电梯编号,区县\nE1,渝中区\n".encode(), "headers:"),
        (csv_bytes([]), "empty"),
    ],
)
def test_files_that_cannot_be_imported(data, problem):
    with pytest.raises(FileProblem, match=problem):
        check(read_rows("x", data), {A}, PERIOD)


def test_a_csv_with_a_giant_cell_is_not_a_spreadsheet():
    with pytest.raises(FileProblem, match="not_spreadsheet"):
        read_rows("x.csv", ",".join(HEADERS).encode() + b"\n" + b'"' + b"x" * 200_000 + b'"\n')
