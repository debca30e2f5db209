"""Issue 13 item 8: a 1.6 KB XLSX declaring cell XFD1048576 made calamine allocate 512 GB and abort
the server. Uploads are measured before they are read, and read in a worker with a memory limit."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from procurement.maintenance import records
from procurement.maintenance.records import FileProblem, read_rows

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def workbook(dimension: str | None, cells: str) -> bytes:
    """A minimal XLSX whose only sheet declares `dimension` and holds `cells` (sheetData XML)."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{cells}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in {**PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            book.writestr(name, text)
    return buffer.getvalue()


SMALL = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>电梯编号</t></is></c><c r="B1"><v>2</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2"><v>3.5</v></c></row>'
)


def test_a_small_hand_made_workbook_is_read(app):
    with app.test_request_context():
        assert read_rows("a.xlsx", workbook("A1:B2", SMALL)) == [["电梯编号", "2"], ["x", "3.5"]]


def test_a_workbook_declaring_cell_xfd1048576_is_refused_before_reading(app):
    data = workbook("A1:XFD1048576", SMALL)
    assert len(data) < 2000
    with app.test_request_context():
        with pytest.raises(FileProblem) as error:
            read_rows("bomb.xlsx", data)
        assert error.value.code == "too_many_cells"
        assert "表格过大" in error.value.message


def test_a_workbook_too_large_once_unpacked_is_refused(app, monkeypatch):
    monkeypatch.setattr(records, "MAX_UNPACKED_BYTES", 100_000)
    padding = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{"空" * 40}</t></is></c></row>'
        for n in range(1, 2000)
    )
    with app.test_request_context():
        with pytest.raises(FileProblem) as error:
            read_rows("big.xlsx", workbook("A1:A1999", padding))
        assert error.value.code == "too_large_unpacked"
        assert "解压后" in error.value.message


def test_a_workbook_that_lies_about_its_size_cannot_take_the_server_down(app):
    """The dimension says two cells; one cell sits at XFD1048576. The worker reading it runs out of
    its memory limit and dies; this process refuses the file and carries on."""
    cells = SMALL + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    pid = os.getpid()
    with app.test_request_context():
        with pytest.raises(FileProblem) as error:
            read_rows("liar.xlsx", workbook("A1:B2", cells))
        assert error.value.code == "unreadable"
    assert os.getpid() == pid
