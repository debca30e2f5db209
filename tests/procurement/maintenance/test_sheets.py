"""The company-level indicator file and the registry file: every kind of bad row is named."""

from __future__ import annotations

import pytest

from procurement.maintenance import generate, sheets
from procurement.maintenance import template as tpl
from procurement.maintenance.records import FileProblem
from tests.factories import make_uscc

A, B = make_uscc(91001), make_uscc(91002)
TEMPLATE = tpl.built_in()
HEADERS = sheets.indicator_headers(TEMPLATE)


def row(**cells):
    values = [""] * len(HEADERS)
    for header, value in cells.items():
        values[HEADERS.index(header)] = value
    return values


def header_of(ident):
    return sheets.indicator_header(next(i for i in TEMPLATE["indicators"] if i["id"] == ident))


def test_good_rows_become_values_and_vetoes():
    rows = [
        HEADERS,
        row(
            **{
                sheets.CODE: A,
                header_of("annual_report"): "是",
                header_of("penalties"): "2",
                header_of("satisfaction"): "93.5%",
            }
        ),
        row(
            **{
                sheets.CODE: B.lower(),
                header_of("local_filing"): "否",
                "否决：发生负有责任的电梯事故": "是",
                sheets.VETO_NOTE: "2025年3月事故",
            }
        ),
    ]
    result, errors = sheets.check_indicators(rows, TEMPLATE, {A, B})
    assert errors == []
    assert result[0].reported == {"annual_report": 1, "penalties": 2, "satisfaction": 93.5}
    assert result[1].uscc == B and result[1].reported == {"local_filing": 0}
    assert result[1].vetoes == {"accident": "2025年3月事故"}


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({sheets.CODE: make_uscc(91003)}, sheets.CODE, "未登记的维保单位"),
        ({sheets.CODE: A[:-1] + ("0" if A[-1] != "0" else "1")}, sheets.CODE, "校验码"),
        ({sheets.CODE: A, "行政处罚次数（次）": "-1"}, "行政处罚次数（次）", "不能为负数"),
        ({sheets.CODE: A, "行政处罚次数（次）": "1.5"}, "行政处罚次数（次）", "应为整数"),
        ({sheets.CODE: A, "使用单位满意度（%）": "101"}, "使用单位满意度（%）", "超过 100"),
        ({sheets.CODE: A, "使用单位满意度（%）": "很好"}, "使用单位满意度（%）", "不是数字"),
        (
            {sheets.CODE: A, "按时报送年度报告（是/否）": "也许"},
            "按时报送年度报告（是/否）",
            "“是”或“否”",
        ),
        (
            {sheets.CODE: A, "否决：发生负有责任的电梯事故": "不知道"},
            "否决：发生负有责任的电梯事故",
            "留空",
        ),
    ],
)
def test_every_kind_of_bad_cell_is_named(cells, column, reason):
    result, errors = sheets.check_indicators([HEADERS, row(**cells)], TEMPLATE, {A, B})
    assert result == []
    assert len(errors) == 1
    assert (errors[0].row, errors[0].column) == (2, column)
    assert reason in errors[0].reason


def test_a_company_listed_twice_is_an_error():
    rows = [HEADERS, row(**{sheets.CODE: A}), row(**{sheets.CODE: A})]
    _result, errors = sheets.check_indicators(rows, TEMPLATE, {A})
    assert [(e.row, e.reason) for e in errors] == [(3, "与第 2 行重复")]


def test_unknown_or_missing_headers_refuse_the_file():
    with pytest.raises(FileProblem, match="unknown:满意度"):
        sheets.check_indicators([[sheets.CODE, "满意度"], [A, "90"]], TEMPLATE, {A})
    with pytest.raises(FileProblem, match="headers:统一社会信用代码"):
        sheets.check_indicators([[sheets.NAME], ["某公司"]], TEMPLATE, {A})
    with pytest.raises(FileProblem, match="empty"):
        sheets.check_indicators([HEADERS], TEMPLATE, {A})


def test_only_some_indicator_columns_may_be_given():
    header = [sheets.CODE, header_of("satisfaction")]
    result, errors = sheets.check_indicators([header, [A, "88"]], TEMPLATE, {A})
    assert errors == [] and result[0].reported == {"satisfaction": 88}


def test_the_registry_file():
    rows = [
        sheets.REGISTRY_HEADERS,
        [A, "重庆甲电梯有限公司", "TS1", "2027-05-01", "渝中区, 江北区"],
        [B, "", "", "2027/05/01", ""],
        [A, "重复", "", "", ""],
        ["123", "坏代码", "", "", ""],
    ]
    result, errors = sheets.check_registry(rows)
    assert [(r.uscc, r.districts) for r in result] == [(A, ["江北区", "渝中区"])]
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (3, sheets.NAME, "必填"),
        (3, "许可证有效期至", "日期格式应为 YYYY-MM-DD"),
        (4, sheets.CODE, "与第 2 行重复"),
        (5, sheets.CODE, "统一社会信用代码格式或校验码错误"),
    ]
    with pytest.raises(FileProblem, match="headers"):
        sheets.check_registry([["名称", "代码"], ["x", "y"]])


def test_template_files_round_trip_in_both_formats():
    from procurement.maintenance.records import read_rows

    for fmt in ("csv", "xlsx"):
        data = generate.upload_file(
            HEADERS, [row(**{sheets.CODE: A, "行政处罚次数（次）": 3})], fmt
        )
        rows = read_rows(f"x.{fmt}", data)
        assert rows[0] == HEADERS
        assert rows[1][HEADERS.index("行政处罚次数（次）")] == "3"
