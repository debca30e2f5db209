"""The public maintenance pages: results with search, filters, sorting and pages; company pages;
league tables; PDF, XLSX and JSON; and that nothing unpublished reaches them."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from procurement.maintenance import generate
from procurement.maintenance.models import (
    CompanyResult,
)
from tests.factories import make_period, make_published_period, register_companies


def test_public_results_search_filter_sort_and_pages(client, db, app):
    period = make_published_period(companies=30)
    lines = db.session.scalars(sa.select(CompanyResult)).all()
    ranked = sorted([r for r in lines if r.rank], key=lambda r: r.rank)
    page = client.get("/maintenance/periods/2025").get_data(as_text=True)
    assert ranked[0].name in page and "30" in page
    assert client.get("/maintenance/periods/2025?page=2").status_code == 200
    target = ranked[3]
    found = client.get(f"/maintenance/periods/2025?q={target.name[2:6]}").get_data(as_text=True)
    assert target.name in found
    district = target.districts[0]
    filtered = client.get(
        f"/maintenance/periods/2025?district={district}&grade={target.grade}"
    ).get_data(as_text=True)
    assert target.name in filtered
    assert all(
        r.name not in filtered
        for r in lines
        if district not in r.districts and r.name != target.name
    )
    by_entrapment = client.get(
        "/maintenance/periods/2025?sort=entrapment_rate&order=desc"
    ).get_data(as_text=True)
    worst = max(
        (r for r in lines if "entrapment_rate" in r.values),
        key=lambda r: r.values["entrapment_rate"],
    )
    names = re.findall(r'/companies/[0-9A-Z]{18}">([^<]+)</a>', by_entrapment)
    assert names[0] == worst.name
    assert client.get("/maintenance/periods/2025?grade=Z").status_code == 400
    assert client.get("/maintenance/periods/1999").status_code == 404
    assert period.code == "2025"


def test_a_company_page_shows_values_points_district_rank_and_history(client, db):
    items = register_companies(8)
    make_published_period(
        "2024",
        items=items,
        starts_on=__import__("datetime").date(2024, 1, 1),
        ends_on=__import__("datetime").date(2024, 12, 31),
    )
    make_published_period("2025", items=items)
    line = db.session.scalar(
        sa.select(CompanyResult)
        .where(CompanyResult.uscc == items[0].uscc)
        .order_by(CompanyResult.id.desc())
    )
    page = client.get(f"/maintenance/periods/2025/companies/{items[0].uscc}").get_data(as_text=True)
    assert line.name in page and f"{line.total:.2f}" in page
    assert "定期检验一次合格率" in page and "<svg" in page and "2024年度" in page
    assert all(d in page for d in line.districts)
    data = client.get(f"/api/v1/maintenance/periods/2025/companies/{items[0].uscc}").json
    assert [h["period"] for h in data["history"]] == ["2024", "2025"]
    assert {r["district"] for r in data["district_ranks"]} == set(line.districts)
    assert (
        client.get(f"/maintenance/periods/2025/companies/{generate.company_code(999)}").status_code
        == 404
    )


def test_league_tables_pdf_xlsx_and_json(client, db):
    make_published_period(companies=12)
    lines = db.session.scalars(sa.select(CompanyResult)).all()
    league = client.get("/maintenance/periods/2025/league-tables").get_data(as_text=True)
    worst = max(
        (r for r in lines if "entrapment_rate" in r.values),
        key=lambda r: r.values["entrapment_rate"],
    )
    assert worst.name in league
    pdf = client.get("/maintenance/periods/2025/results.pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "2025年度电梯维保单位评测结果公示" in text and all(r.name in text for r in lines)
    assert (
        client.get("/maintenance/periods/2025/results.pdf").data == pdf.data
    )  # stored, not redrawn
    workbook = client.get("/maintenance/periods/2025/results.xlsx").data
    assert (
        client.get("/maintenance/periods/2025/results.xlsx").data == workbook
    )  # stored, not rebuilt
    book = load_workbook(io.BytesIO(workbook))
    sheet_rows = list(book.active.iter_rows(values_only=True))
    assert sheet_rows[0][:7] == (
        "排名",
        "单位名称",
        "统一社会信用代码",
        "服务区县",
        "维保电梯数（台）",
        "总分",
        "等级",
    )
    assert {row[1] for row in sheet_rows[1:]} == {r.name for r in lines}
    column = sheet_rows[0].index("困人故障率（每台每月）（%）")
    by_name = {r.name: r for r in lines}
    cells = {cell.value: cell for cell in book.active[1]}
    percent = book.active.cell(row=2, column=cells["困人故障率（每台每月）（%）"].column)
    assert percent.number_format == "0.00%"  # a percentage is a fraction shown as % (issue 18)
    for row in sheet_rows[1:]:  # numbers stay numbers (issue 20)
        assert isinstance(row[5], float | int)
        expected = by_name[row[1]].values.get("entrapment_rate")
        fraction = None if expected is None else pytest.approx(expected / 100, abs=1e-6)
        assert row[column] == fraction
    listing = client.get("/api/v1/maintenance/periods").json
    assert (
        listing["items"][0]["code"] == "2025" and sum(listing["items"][0]["grades"].values()) == 12
    )
    results = client.get("/api/v1/maintenance/periods/2025?per_page=5&page=3").json
    assert results["total"] == 12 and len(results["items"]) == 2
    assert client.get("/api/v1/maintenance/periods/2025?per_page=0").status_code == 400


def test_nothing_unpublished_reaches_the_public(client, db):
    from procurement.maintenance import operations as mops
    from tests.factories import fill_period

    items = register_companies(5)
    draft = make_period("2026-Q1", "2026年第一季度")
    fill_period(draft, items)
    published = make_published_period("2025", items=items)
    before = {r.uscc: r.total for r in db.session.scalars(sa.select(CompanyResult))}
    mops.start_correction(published, "复核")
    fill_period(published, items, elevators=900, seed=21)  # corrected data, not yet published
    db.session.commit()
    for url in (
        "/maintenance/periods/2026-Q1",
        f"/maintenance/periods/2026-Q1/companies/{items[0].uscc}",
        "/api/v1/maintenance/periods/2026-Q1",
        "/maintenance/periods/2026-Q1/results.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    assert "2026年第一季度" not in client.get("/maintenance/").get_data(as_text=True)
    api = client.get("/api/v1/maintenance/periods/2025?per_page=100").json
    assert {item["uscc"]: item["total"] for item in api["items"]} == before
    assert api["period"]["publication"] == 1


def test_a_crawl_of_the_public_maintenance_pages_finds_nothing_unpublished(client, db):
    from tests.factories import fill_period
    from tests.procurement.publication.test_public_crawl import crawl

    items = register_companies(4)
    make_published_period("2025", items=items)
    hidden = register_companies(1, seed=99, first_serial=500)[
        0
    ]  # registered later, only in the draft period
    draft = make_period("2026-Q1", "2026年草稿季度")
    fill_period(draft, [*items, hidden])
    bodies = crawl(client, ["/", "/maintenance/", "/api/v1/maintenance/periods"])
    assert any("/maintenance/periods/2025/companies/" in url for url in bodies)
    for url, text in bodies.items():
        assert hidden.name not in text and hidden.uscc not in text, url
        assert "2026年草稿季度" not in text and "2026-Q1" not in text, url
