"""附件1 and 附件2 of a small register against figures computed by hand (see helpers.py)."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook
from pypdf import PdfReader

from procurement.organisations.queries import district_by_code_or_name
from procurement.register import forms_out
from procurement.register.annexes import ANNEX1_COLUMNS, ANNEX2_COLUMNS, annex1, annex2
from tests.procurement.register import helpers as h


def _rows(annex):
    return [[row[c] for c in annex.columns] for row in annex.rows]


def test_annex1_by_hand(db):
    h.build()
    yuzhong = district_by_code_or_name("500103")
    annex = annex1(yuzhong, 2024)
    assert annex.columns == ANNEX1_COLUMNS
    # 自筹: E1 and E2 under P1 (2,000), claims C1 12,245 + C2 5 = 1.225 万元 → 1.23 (half-up);
    # ratings of 甲使用单位 by 甲保险 in 2024: 90 and 85 → 87.5 (the 2023 one and 乙's of 甲 left out).
    # 政府财政支持: E3 under P2 (2,500); C3 paid 2025-01-01 10:00 Beijing time: not in 2024.
    # 合计: both units and insurers, so 乙使用单位's rating of 甲保险 counts: (90+85+70+10)/4 = 63.75.
    assert _rows(annex) == [
        ["自筹", 2, 1, 1, "2000.00", "2000.00", "1.23", "87.5"],
        ["政府财政支持", 1, 1, 1, "2500.00", "2500.00", "0.00", "70.0"],
        ["合计", 3, 2, 2, "2000.00", "2500.00", "1.23", "63.8"],
    ]
    city = annex1(district_by_code_or_name("500000"), 2024)
    assert _rows(city)[-1][:3] == ["合计", 3, 2]  # the city covers its districts
    other = annex1(district_by_code_or_name("440203"), 2024)
    assert _rows(other) == [["合计", 0, 0, 0, "", "", "0.00", ""]]


def test_annex2_by_hand(db):
    h.build()
    yuzhong = district_by_code_or_name("渝中区")
    annex = annex2(yuzhong, 2024)
    assert annex.columns == ANNEX2_COLUMNS
    assert _rows(annex) == [
        ["乙使用单位", "E3", 4, 40, "乙保险", "2500.00", "0.00", "", ""],
        ["甲使用单位", "E1", 14, 120, "甲保险", "2000.00", "1.23", "12.5", "48.0"],
        ["甲使用单位", "E2", 9, 80, "甲保险", "2000.00", "0.00", "", ""],
    ]
    # 2025: E1 renewed with 乙保险 (2,600); E3's P2 ended in February, so its last policy gives the
    # premium; C3 (999 yuan, reported 2024-12-31 21:00, paid 2025-01-01 10:00) counts in 2025.
    assert _rows(annex2(yuzhong, 2025)) == [
        ["乙使用单位", "E3", 5, 40, "乙保险", "2500.00", "0.10", "13.0", "13.0"],
        ["甲使用单位", "E1", 15, 120, "乙保险", "2600.00", "0.00", "", ""],
    ]


def test_xlsx_and_pdf_in_the_notice_layout(db):
    h.build()
    annex = annex1(district_by_code_or_name("500103"), 2024)
    sheet = load_workbook(io.BytesIO(forms_out.as_xlsx(annex))).active
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == ["附件1"]
    assert cells[1] == ["重庆市电梯综合保险试点推进表（2024年度）"]
    assert cells[2][0].startswith("填报单位：") and cells[2][1].startswith("填报时间：")
    assert cells[3] == ANNEX1_COLUMNS
    assert cells[4] == ["自筹", 2, 1, 1, "2000.00", "2000.00", "1.23", "87.5"]
    assert cells[-1] == ["联系人：", "联系电话："]
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(forms_out.as_pdf(annex))).pages
    )
    for expected in (
        "重庆市电梯综合保险试点推进表",
        "填报单位",
        "联系电话",
        "政府财政支持",
        "63.8",
    ):
        assert expected in text


def test_command_line_annex(runner, db, tmp_path):
    h.build()
    db.session.commit()
    result = runner.invoke(
        args=["pilot", "annex", "2", "--district", "500103", "--year", "2024", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[1]["费用最长支付时间（小时）"] == "48.0"
    out = tmp_path / "a1.xlsx"
    result = runner.invoke(
        args=["pilot", "annex", "1", "--district", "500103", "--year", "2024", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(out).active["A1"].value == "附件1"
