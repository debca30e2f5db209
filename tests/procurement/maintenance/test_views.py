"""The officer's pages (periods, registry, uploads with preview, template, draft, publication,
correction) and the public ones (results with search, filters, sorting and pages; company pages;
league tables; PDF and XLSX; JSON)."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import pypdf
import sqlalchemy as sa
from openpyxl import load_workbook

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.maintenance import generate, sheets
from procurement.maintenance.models import (
    CompanyData,
    CompanyResult,
    DataImport,
    EvaluationPeriod,
    MaintenanceCompany,
)
from procurement.maintenance.template import built_in as tpl_built_in
from tests.conftest import csrf_token, submit
from tests.factories import make_period, make_published_period, make_user, register_companies


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


class FormFields(HTMLParser):
    """The fields of a page's forms with the values the page gives them, as a browser posts them."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.first_option = {}, None, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and not name.startswith("json-"):
            if attributes.get("type") != "checkbox":
                self.data[name] = attributes.get("value") or ""
            elif "checked" in attributes:
                self.data[name] = "y"
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attributes.get("value", "")
                self.data[self.select] = self.first_option
            if "selected" in attributes:
                self.data[self.select] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def editor_data(client, url):
    parser = FormFields()
    parser.feed(client.get(url).get_data(as_text=True))
    return {k: v for k, v in parser.data.items() if k != "q"}


def test_the_template_editor_names_problems_and_saves_valid_changes(client, db, login_as):
    period = make_period()
    officer(login_as)
    url = f"/manage/maintenance/periods/{period.id}/template"
    data = editor_data(client, url)
    assert data["indicators-0-id"] == "annual_report" and data["indicators-0-parameters"] == "1:3"
    assert data["indicators-8-rule_type"] == "mcda" and data["indicators-8-parameters"] == "wsm"
    bad = {**data, "indicators-0-parameters": "1:x", "action": "save"}
    refused = client.post(url, data=bad)
    assert refused.status_code == 400 and "“x”不是数字。" in refused.get_data(as_text=True)
    too_many = {**data, "indicators-0-parameters": "1:30", "action": "save"}
    refused = client.post(url, data=too_many)
    assert refused.status_code == 400 and "annual_report" in refused.get_data(as_text=True)
    changed = {
        **data,
        "grades-0-min": "85",
        "indicators-9-parameters": "topsis; failure_rate:1, entrapment_rate:1",
        "action": "save",
    }
    assert client.post(url, data=changed).status_code == 302
    db.session.refresh(period)
    assert period.template["grades"][0]["min"] == 85
    assert period.template["indicators"][9]["rule"] == {
        "type": "mcda",
        "method": "topsis",
        "criteria": [
            {"indicator": "failure_rate", "weight": 1},
            {"indicator": "entrapment_rate", "weight": 1},
        ],
    }
    assert period.template["indicators"][0] == tpl_built_in()["indicators"][0]  # nothing else moved
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "maintenance.template_changed")
    )
    removed = {**editor_data(client, url), "indicators-17-remove": "y", "action": "save"}
    response = client.post(url, data=removed)
    assert response.status_code == 400 and "必须合计 100 分（现为 90 分）" in response.get_data(
        as_text=True
    )
    added = client.post(url, data={**editor_data(client, url), "action": "add_indicator"})
    assert 'name="indicators-18-id"' in added.get_data(as_text=True)


def test_the_template_can_be_edited_as_json(client, db, login_as):
    period = make_period()
    officer(login_as)
    url = f"/manage/maintenance/periods/{period.id}/template"
    broken = submit(client, url, {"json-template": '{"indicators": [', "action": "save_json"})
    assert broken.status_code == 400 and "JSON 格式错误，第 1 行" in broken.get_data(as_text=True)
    template = json.loads(json.dumps(period.template))
    template["grades"][2]["min"] = 65
    assert (
        submit(
            client, url, {"json-template": json.dumps(template), "action": "save_json"}
        ).status_code
        == 302
    )
    db.session.refresh(period)
    assert period.template["grades"][2]["min"] == 65


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
    listing = client.get("/api/v1/maintenance/periods").json
    assert (
        listing["items"][0]["code"] == "2025" and sum(listing["items"][0]["grades"].values()) == 12
    )
    results = client.get("/api/v1/maintenance/periods/2025?per_page=5&page=3").json
    assert results["total"] == 12 and len(results["items"]) == 2
    assert client.get("/api/v1/maintenance/periods/2025?per_page=0").status_code == 400


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


def test_a_huge_number_in_the_template_editor_is_refused_at_once(client, db, login_as):
    """Issue 13 item 9: `1e999999999` in an editor field froze the server (int(Decimal(...)))."""
    import time

    period = make_period()
    officer(login_as)
    url = f"/manage/maintenance/periods/{period.id}/template"
    data = editor_data(client, url)
    for field in ("indicators-0-parameters", "indicators-0-max_points", "grades-0-min"):
        value = "1e999999999:3" if field.endswith("parameters") else "1e999999999"
        started = time.perf_counter()
        refused = client.post(url, data={**data, field: value, "action": "save"})
        assert time.perf_counter() - started < 5
        assert refused.status_code == 400 and "超出范围" in refused.get_data(as_text=True), field


def test_huge_numbers_in_the_json_template_are_refused_at_once(client, db, login_as):
    """Issue 13 item 9, the JSON editor: numbers are bounded as they are parsed."""
    import time

    period = make_period()
    officer(login_as)
    url = f"/manage/maintenance/periods/{period.id}/template"
    for number, expected in (
        ("1e999999999", "超出范围"),
        ("1" * 5000, "超出范围"),
        ("NaN", "不是数字"),
    ):
        text = json.dumps(period.template).replace(
            '"max_points": 3,', f'"max_points": {number},', 1
        )
        started = time.perf_counter()
        refused = submit(client, url, {"json-template": text, "action": "save_json"})
        assert time.perf_counter() - started < 5
        assert refused.status_code == 400 and expected in refused.get_data(as_text=True), number
