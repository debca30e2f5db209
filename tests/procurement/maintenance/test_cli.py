"""`flask maintenance import`: progress, every problem listed, nothing written on error."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from procurement.maintenance import generate, sheets
from procurement.maintenance.models import CompanyData, MaintenanceCompany
from tests.factories import make_period


def test_import_companies_then_records_with_progress(runner, db, tmp_path):
    items = generate.companies(6, seed=3)
    registry = tmp_path / "registry.xlsx"
    registry.write_bytes(
        generate.upload_file(sheets.REGISTRY_HEADERS, generate.registry_rows(items), "xlsx")
    )
    result = runner.invoke(args=["maintenance", "import-companies", str(registry)])
    assert result.exit_code == 0, result.output
    assert "imported 6 rows for 6 companies" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceCompany)) == 6

    make_period("2025-Q4", "2025年第四季度")
    records = tmp_path / "records.csv"
    rows = generate.record_rows(items, 25_000, date(2025, 10, 1), 3)
    records.write_bytes(generate.records_file(rows))
    result = runner.invoke(args=["maintenance", "import", "2025-Q4", str(records)])
    assert result.exit_code == 0, result.output
    assert "checking rows" in result.output
    assert "imported 25000 rows for 6 companies" in result.output
    total = db.session.scalar(sa.select(sa.func.sum(CompanyData.elevators)))
    assert total == 25_000
    listed = runner.invoke(args=["maintenance", "periods"])
    assert "2025-Q4\t2025年第四季度\tdraft\t6 companies" in listed.output


def test_a_file_with_errors_lists_them_and_writes_nothing(runner, db, tmp_path):
    items = generate.companies(2, seed=3)
    registry = tmp_path / "registry.csv"
    registry.write_bytes(
        generate.upload_file(sheets.REGISTRY_HEADERS, generate.registry_rows(items), "csv")
    )
    runner.invoke(args=["maintenance", "import-companies", str(registry)])
    period = make_period()
    rows = generate.record_rows(items, 300, period.starts_on, 12)
    for row in rows[:250]:
        row[3] = "-2"  # 250 negative ages
    path = tmp_path / "bad.csv"
    path.write_bytes(generate.records_file(rows))
    result = runner.invoke(args=["maintenance", "import", "2025", str(path)])
    assert result.exit_code == 1
    assert "250 problems; nothing was imported" in result.output
    assert "row 2, 梯龄（年）, '-2': 不能为负数" in result.output
    assert "… and 50 more" in result.output
    everything = runner.invoke(args=["maintenance", "import", "2025", str(path), "--all-errors"])
    assert "row 251, 梯龄（年）" in everything.output and "more" not in everything.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CompanyData)) == 0


def test_unknown_period_and_unreadable_file(runner, db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x00\x01\x02")
    assert (
        "no evaluation period with code 1999"
        in runner.invoke(args=["maintenance", "import", "1999", str(path)]).output
    )
    make_period()
    result = runner.invoke(args=["maintenance", "import", "2025", str(path)])
    assert result.exit_code == 1 and "CSV" in result.output


def test_the_pdf_is_rendered_ahead_and_then_served(runner, db, client):
    import io

    import pypdf

    from procurement.maintenance.models import Publication
    from tests.factories import make_published_period

    assert (
        "no published evaluation period"
        in runner.invoke(args=["maintenance", "pdf", "2025"]).output
    )
    make_published_period(companies=4)
    result = runner.invoke(args=["maintenance", "pdf", "2025"])
    assert result.exit_code == 0 and "2025 publication 1:" in result.output
    stored = db.session.scalar(sa.select(Publication)).pdf
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(stored)).pages)
    assert "评测结果" in text
    assert client.get("/maintenance/periods/2025/results.pdf").data == stored
