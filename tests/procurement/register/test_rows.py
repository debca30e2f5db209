"""The register's files are checked column by column: the same values, row numbers and problems as
checking each cell of each row in turn."""

from __future__ import annotations

import pytest

from procurement.maintenance.records import FileProblem
from procurement.register.rows import HEADERS, PARSERS, parse_rows
from tests.procurement.register import helpers as h


def _cell_by_cell(kind, rows):
    """The reference: every cell of every row through its parser, one at a time."""
    parsed, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in row[: len(HEADERS[kind])]]
        if not any(cells):
            continue
        cells += [""] * (len(HEADERS[kind]) - len(cells))
        verdicts = [parse(cell) for parse, cell in zip(PARSERS[kind], cells, strict=True)]
        problems = [(number, HEADERS[kind][i], cells[i], v[1]) for i, v in enumerate(verdicts)]
        problems = [p for p in problems if p[3] is not None]
        errors += problems
        if not problems:
            parsed.append((number, [v[0] for v in verdicts], cells))
    return parsed, errors


def _both(kind, rows):
    parsed, errors = parse_rows(kind, [HEADERS[kind], *rows])
    got = (
        [(n, list(values), list(cells)) for n, values, cells in parsed],
        [(e.row, e.column, e.value, e.reason) for e in errors],
    )
    return got, _cell_by_cell(kind, [HEADERS[kind], *rows])


@pytest.mark.parametrize("kind", ["elevators", "policies", "claims"])
def test_clean_files_parse_as_cell_by_cell(kind):
    rows = {
        "elevators": h.elevator_rows(),
        "policies": h.policy_rows(h.UNIT_A, h.UNIT_B),
        "claims": h.claim_rows(),
    }[kind]
    got, expected = _both(kind, rows)
    assert got == expected
    assert [n for n, _v, _c in got[0]] == list(range(2, len(rows) + 2)) and not got[1]


def test_blank_short_and_bad_rows_keep_their_numbers_and_order():
    rows = h.elevator_rows()
    rows[0][7] = "2015/12/31"  # row 2: a bad date …
    rows[0][10] = "别墅"  # … and a bad ownership, reported after it
    rows[1][2] = "单" * 201  # row 3: a name too long
    rows[1][6] = ""  # … and no address
    blank = [" ", "", "  "]  # row 5: blank, skipped; a space is blank too
    short = ["E4", "R4", "丙使用单位"]  # row 6: the cells it lacks are empty
    rows[2][5] = "  乙小区 "  # row 4: cells are stripped
    rows += [blank, short]
    got, expected = _both("elevators", rows)
    assert got == expected
    parsed, errors = got
    assert [n for n, _v, _c in parsed] == [4]
    assert parsed[0][1][5] == "乙小区"
    assert [(row, column) for row, column, _v, _r in errors] == [
        (2, "投用日期"),
        (2, "产权类型"),
        (3, "使用单位"),
        (3, "地址"),
        (6, "使用单位统一社会信用代码"),
        (6, "区县"),
        (6, "地址"),
        (6, "投用日期"),
        (6, "层站数"),
        (6, "服务居民人数"),
        (6, "产权类型"),
    ]
    assert errors[2][3] == "不能超过 200 字" and errors[3][3] == "必填"


def test_a_file_of_blank_rows_is_empty():
    with pytest.raises(FileProblem) as caught:
        parse_rows("claims", [HEADERS["claims"], [""] * 10, [" "]])
    assert caught.value.code == "empty"


def test_progress_counts_every_row_once():
    told: list[int] = []
    rows = [HEADERS["elevators"], *h.elevator_rows()]
    parse_rows("elevators", rows, told.append)
    assert len(told) == len(HEADERS["elevators"]) and sum(told) == len(rows)
