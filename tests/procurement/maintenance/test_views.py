"""The officer's pages: periods, registry, uploads with preview, draft, publication and correction.

The template editor and the public pages have their own files."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.maintenance import generate, sheets
from procurement.maintenance.models import (
    CompanyData,
    DataImport,
    EvaluationPeriod,
    MaintenanceCompany,
)
from tests.conftest import csrf_token, submit
from tests.factories import make_period, make_user, register_companies


def upload(client, url, form_page, prefix, data, filename):
    token = csrf_token(client, form_page)
    return client.post(
        url,
        data={f"{prefix}-csrf_token": token, f"{prefix}-file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def officer(login_as):
    return login_as(make_user(Role.OFFICER))


def test_the_officer_creates_a_period_and_bad_dates_are_named(client, db, login_as):
    officer(login_as)
    bad = submit(
        client,
        "/manage/maintenance/",
        {"code": "2025", "name": "2025年度", "starts_on": "2025-12-31", "ends_on": "2025-01-01"},
    )
    assert bad.status_code == 400
    assert "The last day comes before the first day." in bad.get_data(
        as_text=True
    ) or "早于" in bad.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EvaluationPeriod)) == 0
    bad_code = submit(
        client,
        "/manage/maintenance/",
        {"code": "2025 年", "name": "x", "starts_on": "2025-01-01", "ends_on": "2025-12-31"},
    )
    assert bad_code.status_code == 400
    good = submit(
        client,
        "/manage/maintenance/",
        {"code": "2025", "name": "2025年度", "starts_on": "2025-01-01", "ends_on": "2025-12-31"},
    )
    assert good.status_code == 302
    period = db.session.scalar(sa.select(EvaluationPeriod))
    assert period.months == 12 and len(period.template["indicators"]) == 18


def test_registry_upload_is_previewed_then_confirmed(client, db, login_as):
    officer(login_as)
    items = generate.companies(3, seed=4)
    rows = generate.registry_rows(items)
    rows[1][0] = "91500100000000000X"  # a bad check character
    bad = upload(
        client,
        "/manage/maintenance/companies",
        "/manage/maintenance/companies",
        "companies",
        generate.upload_file(sheets.REGISTRY_HEADERS, rows, "xlsx"),
        "registry.xlsx",
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "91500100000000000X" in page and "校验码" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceCompany)) == 0
    rows[1][0] = items[1].uscc
    good = upload(
        client,
        "/manage/maintenance/companies",
        "/manage/maintenance/companies",
        "companies",
        generate.upload_file(sheets.REGISTRY_HEADERS, rows, "xlsx"),
        "registry.xlsx",
    )
    assert good.status_code == 302
    preview = client.get(good.location).get_data(as_text=True)
    assert items[2].name in preview
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceCompany)) == 0
    )  # not yet
    confirmed = submit(client, good.location, {"action": "confirm"})
    assert confirmed.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceCompany)) == 3
    listing = client.get("/manage/maintenance/companies?q=" + items[0].name[2:5]).get_data(
        as_text=True
    )
    assert items[0].name in listing


def test_adding_a_company_by_hand_checks_the_code(client, db, login_as):
    officer(login_as)
    bad = submit(
        client, "/manage/maintenance/companies/new", {"uscc": "91500100000000001", "name": "甲"}
    )
    assert bad.status_code == 400 and "18" in bad.get_data(as_text=True)
    code = generate.company_code(77)
    good = submit(
        client,
        "/manage/maintenance/companies/new",
        {
            "uscc": code.lower(),
            "name": "重庆甲电梯有限公司",
            "districts": "渝中区，江北区",
            "licence_expires_on": "2027-01-31",
        },
    )
    assert good.status_code == 302
    company = db.session.scalar(sa.select(MaintenanceCompany))
    assert (company.uscc, company.districts) == (code, ["江北区", "渝中区"])
    taken = submit(client, "/manage/maintenance/companies/new", {"uscc": code, "name": "乙"})
    assert taken.status_code == 400


def test_a_bad_records_upload_lists_every_error_and_writes_nothing_then_a_fixed_one_imports(
    client, db, login_as
):
    items = register_companies(4)
    period = make_period()
    officer(login_as)
    page = f"/manage/maintenance/periods/{period.id}"
    rows = generate.record_rows(items, 60, period.starts_on, 12)
    rows[4][10] = "良好"
    rows[20][1] = generate.company_code(4444)
    response = upload(
        client,
        f"{page}/upload/records",
        page,
        "records",
        generate.records_file(rows),
        "records.csv",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "良好" in text and "应为“合格”、“不合格”或留空" in text and "未登记的维保单位" in text
    assert re.search(r"<td>6</td><td>定期检验结果</td>", text) and re.search(r"<td>22</td>", text)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CompanyData)) == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(DataImport)
            .where(DataImport.period_id == period.id)
        )
        == 0
    )

    rows[4][10], rows[20][1] = "合格", items[0].uscc
    fixed = upload(
        client,
        f"{page}/upload/records",
        page,
        "records",
        generate.records_file(rows),
        "records.csv",
    )
    assert fixed.status_code == 302
    assert "60" in client.get(fixed.location).get_data(as_text=True)
    assert submit(client, fixed.location, {"action": "confirm"}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.sum(CompanyData.elevators))) == 60
    again = upload(
        client,
        f"{page}/upload/records",
        page,
        "records",
        generate.records_file(rows),
        "records.csv",
    )
    assert "该文件此前已导入过" in client.get(again.location).get_data(as_text=True)
    assert submit(client, again.location, {"action": "discard"}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.sum(CompanyData.elevators))) == 60


def test_wrong_headers_and_non_spreadsheets_are_explained(client, db, login_as):
    register_companies(2)
    period = make_period()
    officer(login_as)
    page = f"/manage/maintenance/periods/{period.id}"
    for data, name, expected in (
        (b"%PDF-1.7\n\x00\x00", "records.csv", "文件不是 CSV 或 XLSX 表格"),
        (generate.upload_file(["编号"], [["1"]], "csv"), "r.csv", "缺少列标题：电梯编号"),
        (b"", "empty.csv", "文件为空"),
    ):
        response = upload(client, f"{page}/upload/records", page, "records", data, name)
        assert response.status_code == 400
        assert expected in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CompanyData)) == 0


def test_draft_review_publication_and_correction_through_the_pages(client, db, login_as):
    items = register_companies(6)
    period = make_period()
    from tests.factories import fill_period

    fill_period(period, items)
    officer(login_as)
    draft = client.get(f"/manage/maintenance/periods/{period.id}/draft").get_data(as_text=True)
    assert all(item.name in draft for item in items)
    breakdown = client.get(
        f"/manage/maintenance/periods/{period.id}/draft/{items[0].uscc}"
    ).get_data(as_text=True)
    assert (
        "困人故障率" in breakdown and "困人次数" in breakdown
    )  # the indicator and the data behind it
    assert client.get("/maintenance/periods/2025").status_code == 404  # nothing public yet
    published = submit(
        client,
        f"/manage/maintenance/periods/{period.id}/publish",
        {},
        form_page=f"/manage/maintenance/periods/{period.id}",
    )
    assert published.status_code == 302
    assert client.get("/maintenance/periods/2025").status_code == 200
    corrected = submit(
        client,
        f"/manage/maintenance/periods/{period.id}/correction",
        {"reason": "投诉数据更正"},
        form_page=f"/manage/maintenance/periods/{period.id}",
    )
    assert corrected.status_code == 302
    assert client.get("/maintenance/periods/2025").status_code == 200  # still public meanwhile
    submit(
        client,
        f"/manage/maintenance/periods/{period.id}/publish",
        {},
        form_page=f"/manage/maintenance/periods/{period.id}",
    )
    public = client.get("/maintenance/periods/2025").get_data(as_text=True)
    assert "投诉数据更正" in public
    assert client.get("/maintenance/periods/2025?publication=1").status_code == 200


def test_officer_pages_are_closed_to_others(client, db, login_as):
    period = make_period()
    assert client.get("/manage/maintenance/").status_code == 302  # to the sign-in page
    login_as(make_user(Role.MEMBER))
    for url in (
        "/manage/maintenance/",
        f"/manage/maintenance/periods/{period.id}/draft",
        "/manage/maintenance/companies",
    ):
        assert client.get(url).status_code == 403


def test_a_records_upload_may_exceed_the_app_wide_upload_limit(client, db, login_as, monkeypatch):
    items = register_companies(3)
    period = make_period()
    officer(login_as)
    page = f"/manage/maintenance/periods/{period.id}"
    data = generate.records_file(generate.record_rows(items, 20, period.starts_on, 12))
    monkeypatch.setitem(client.application.config, "MAX_CONTENT_LENGTH", len(data) // 2)
    response = upload(client, f"{page}/upload/records", page, "records", data, "records.csv")
    assert response.status_code == 302
    assert "共 20 行、3 家单位" in client.get(response.location).get_data(as_text=True)
    # elsewhere the app-wide limit still holds
    assert client.post("/login", data={"username": "x" * len(data)}).status_code == 413


def test_many_errors_are_summarised_by_kind(client, db, login_as):
    items = register_companies(2)
    period = make_period()
    officer(login_as)
    page = f"/manage/maintenance/periods/{period.id}"
    rows = generate.record_rows(items, 40, period.starts_on, 12)
    for row in rows[:30]:
        row[3] = "-1"
    rows[35][11] = "2031-01-01"
    response = upload(
        client, f"{page}/upload/records", page, "records", generate.records_file(rows), "r.csv"
    )
    text = response.get_data(as_text=True)
    assert "按问题类型汇总" in text
    assert re.search(
        r"<td>梯龄（年）</td><td>不能为负数</td><td>30</td><td>2、3、4、5、6……</td>", text
    )
    assert re.search(r"<td>检验日期</td><td>不在评测期间[^<]*</td><td>1</td><td>37</td>", text)
