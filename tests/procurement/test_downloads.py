"""The one download helper and the one spreadsheet writer."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from openpyxl import load_workbook

from procurement.downloads import PDF, send_download
from procurement.spreadsheets import Sheet, csv_bytes, xlsx


def test_a_chinese_file_name_is_sent_with_an_ascii_fallback(app: Any) -> None:
    with app.test_request_context():
        response = send_download(b"%PDF-1.7", "评标报告-CQ-1.pdf", mimetype=PDF)
        disposition = response.headers["Content-Disposition"]
        disposition.encode("latin-1")  # a header a WSGI server can write
        assert disposition.startswith("attachment;")
        assert f"filename*=UTF-8''{quote('评标报告-CQ-1.pdf')}" in disposition
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.direct_passthrough = False
        assert response.get_data() == b"%PDF-1.7"


def test_inline_lets_the_browser_show_the_file(app: Any) -> None:
    with app.test_request_context():
        response = send_download(b"x", "a.pdf", inline=True, headers={"X-Content-SHA256": "ab"})
        assert response.headers["Content-Disposition"].startswith("inline;")
        assert response.mimetype == PDF
        assert response.headers["X-Content-SHA256"] == "ab"


def test_text_that_looks_like_a_formula_stays_text_in_xlsx() -> None:
    data = xlsx(Sheet("名单", ["名称", "分数"], [['=HYPERLINK("x")', 95.5], ["+1", 3]]))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A2"].value == '=HYPERLINK("x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 95.5
    assert sheet.freeze_panes == "A2"


def test_text_that_looks_like_a_formula_is_quoted_in_csv() -> None:
    text = csv_bytes(["名称", "值"], [["=1+1", -3], ["@cmd", None], ["正常", "a=b"]]).decode(
        "utf-8-sig"
    )
    assert text.splitlines() == ["名称,值", "'=1+1,-3", "'@cmd,", "正常,a=b"]
