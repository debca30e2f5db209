"""The annexes as the notice lays them out: JSON rows, an XLSX form and a PDF."""

from __future__ import annotations

import json

from procurement import clock
from procurement.pdf import render_pdf
from procurement.register.annexes import Annex
from procurement.spreadsheets import Sheet, xlsx

ANNEX_HEAD = {1: "附件1", 2: "附件2"}


def header_lines(annex: Annex, filled_by: str = "") -> list[list[str]]:
    today = clock.to_local(clock.now()).date().isoformat()
    return [
        [ANNEX_HEAD[annex.number]],
        [f"{annex.title}（{annex.year}年度）"],
        [
            f"填报单位：{filled_by or annex.district.name + '市场监督管理局'}",
            "",
            "",
            f"填报时间：{today}",
        ],
    ]


FOOTER = [["联系人：", "", "", "联系电话："]]


def as_json(annex: Annex) -> str:
    return json.dumps(annex.rows, ensure_ascii=False, indent=1)


def as_xlsx(annex: Annex, filled_by: str = "") -> bytes:
    rows = [[row[column] for column in annex.columns] for row in annex.rows]
    sheet = Sheet(
        ANNEX_HEAD[annex.number],
        annex.columns,
        rows,
        above=header_lines(annex, filled_by),
        below=FOOTER,
    )
    return xlsx(sheet)


def as_pdf(annex: Annex, filled_by: str = "") -> bytes:
    return render_pdf(
        "print/pilot_annex.html",
        annex=annex,
        lines=header_lines(annex, filled_by),
        footer=FOOTER[0],
    )
