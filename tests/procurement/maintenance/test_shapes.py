"""The maintenance package follows the app's shapes: its refusals are DomainErrors with a message for
every code raised, its files go out through send_download, its pages through one blueprint module."""

from __future__ import annotations

import ast
import io
from pathlib import Path

from openpyxl import load_workbook

from procurement.accounts.models import Role
from procurement.errors import DomainError
from procurement.maintenance.operations import MaintenanceError
from procurement.maintenance.records import FileProblem
from tests.factories import make_period, make_published_period, make_user, register_companies

PACKAGE = Path(__file__).parents[3] / "procurement" / "maintenance"


def _raised(name: str) -> list[tuple[str, str]]:
    found = []
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                call = node.exc
                if (
                    getattr(call.func, "id", None) == name
                    or getattr(call.func, "attr", None) == name
                ):
                    first = call.args[0]
                    if isinstance(first, ast.Constant):  # else a code carried from elsewhere
                        found.append((f"{path.name}:{node.lineno}", first.value))
    return found


def test_every_code_raised_has_a_message(app):
    for klass in (MaintenanceError, FileProblem):
        assert issubclass(klass, DomainError)
        raised = _raised(klass.__name__)
        assert raised, klass
        assert [r for r in raised if r[1] not in klass.known_codes()] == []
    # the reading worker's verdicts become FileProblems (records.read_rows)
    refused = {code for _where, code in _raised("Refused")} | {"unreadable", "not_spreadsheet"}
    assert refused <= FileProblem.known_codes()
    with app.test_request_context():
        assert (
            FileProblem("headers", names="电梯编号").message
            == "缺少列标题：电梯编号。请使用模板文件。"
        )
        assert str(FileProblem("headers", names="电梯编号")) == "headers:电梯编号"


def test_the_view_modules_share_one_blueprint_module():
    for name in ("views.py", "registry_views.py", "public.py"):
        text = (PACKAGE / name).read_text(encoding="utf-8")
        assert "from procurement.maintenance.blueprint import" in text
    for name in ("public.py", "registry_views.py", "blueprint.py"):
        assert "maintenance.views" not in (PACKAGE / name).read_text(encoding="utf-8")
    assert "import views" not in (PACKAGE / "blueprint.py").read_text(encoding="utf-8")


def test_files_go_out_through_the_download_helper(client, db, login_as):
    register_companies(3)
    period = make_period()
    login_as(make_user(Role.OFFICER))
    for url in (
        "/manage/maintenance/template-files/records.xlsx",
        "/manage/maintenance/template-files/companies.csv",
        f"/manage/maintenance/periods/{period.id}/indicators.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(
        io.BytesIO(client.get(f"/manage/maintenance/periods/{period.id}/indicators.xlsx").data)
    ).active
    assert sheet.cell(1, 1).value == "统一社会信用代码" and sheet.max_row == 4
    assert client.get("/manage/maintenance/template-files/records.pdf").status_code == 404


def test_public_files_are_not_stored_by_browsers(client, db):
    make_published_period(companies=4)
    for url in ("/maintenance/periods/2025/results.xlsx", "/maintenance/periods/2025/results.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        assert "maintenance-2025-1." in response.headers["Content-Disposition"]


def test_a_company_name_starting_with_equals_stays_text_in_the_results_workbook(client, db):
    from procurement.maintenance.models import MaintenanceCompany

    items = register_companies(4)
    company = db.session.scalar(
        db.select(MaintenanceCompany).where(MaintenanceCompany.uscc == items[0].uscc)
    )
    company.name = '=HYPERLINK("http://x")'
    db.session.commit()
    make_published_period(items=items)
    book = load_workbook(io.BytesIO(client.get("/maintenance/periods/2025/results.xlsx").data))
    cells = [c for row in book.active.iter_rows() for c in row if c.value == company.name]
    assert cells and all(c.data_type == "s" for c in cells)
