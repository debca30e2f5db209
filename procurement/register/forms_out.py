"""The annexes as the notice lays them out: JSON rows, an XLSX form and a PDF."""

from __future__ import annotations

import json
from typing import Any

from procurement import clock
from procurement.pdf import render_pdf
from procurement.register.annexes import Annex
from procurement.spreadsheets import Sheet, xlsx

ANNEX_HEAD = {1: "附件1", 2: "附件2"}


def header_lines(annex: Annex, filled_by: str = "", report: Any = None) -> list[list[str]]:
    """附件N, the title, 填报单位 and 填报时间 (today; a submitted version's: its submission day),
    and for a submitted version a line naming it and its SHA-256."""
    moment = report.submitted_at if report is not None else clock.now()
    today = clock.to_local(moment).date().isoformat()
    return [
        [ANNEX_HEAD[annex.number]],
        [f"{annex.title}（{annex.year}年度）"],
        [
            f"填报单位：{filled_by or annex.district.name + '市场监督管理局'}",
            "",
            "",
            f"填报时间：{today}",
        ],
        *([frozen_line(report)] if report is not None else []),
    ]


def frozen_line(report: Any) -> list[str]:
    submitted = clock.to_local(report.submitted_at).strftime("%Y-%m-%d %H:%M")
    return [f"报送版本：第 {report.version} 版（{submitted} 报送）　SHA-256：{report.sha256}"]


FOOTER = [["联系人：", "", "", "联系电话："]]


def as_json(annex: Annex) -> str:
    return json.dumps(annex.rows, ensure_ascii=False, indent=1)


def as_xlsx(annex: Annex, filled_by: str = "", report: Any = None) -> bytes:
    rows = [[row[column] for column in annex.columns] for row in annex.rows]
    sheet = Sheet(
        ANNEX_HEAD[annex.number],
        annex.columns,
        rows,
        above=header_lines(annex, filled_by, report),
        below=FOOTER,
    )
    return xlsx(sheet)


def as_pdf(annex: Annex, filled_by: str = "", report: Any = None) -> bytes:
    return render_pdf(
        "print/pilot_annex.html",
        annex=annex,
        lines=header_lines(annex, filled_by, report),
        footer=FOOTER[0],
    )
