"""Small things of the public surface (issue 18): Beijing time, the rule name once, a favicon."""

from __future__ import annotations

from tests.factories import make_opened_tender


def test_the_announcement_says_beijing_time_and_names_each_rule_once(client, db):
    tender = make_opened_tender()
    page = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert "接收时间（北京时间）" in page and "服务器时间）" not in page
    assert "低价优先法：满足要求的最低报价为基准价" in page
    assert "低价优先法（基准价/投标报价×分值）：低价优先法" not in page


def test_every_page_names_a_favicon_that_is_served(client, db):
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.data.startswith(b"<svg")


def test_the_notice_pdf_holds_the_opening_record_chart_and_objection_route(client, db):
    import io

    import pypdf

    from procurement.publication import operations as publication
    from procurement.publication.queries import notice_of, opening_record
    from tests.procurement.publication.test_publication import evaluated

    tender = evaluated(db)  # government-procurement route
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    pdf = client.get(f"/tenders/{tender.reference}/notice.pdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf.data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "开标记录" in text and "接收时间（北京时间）" in text
    for bid in opening_record(tender):
        assert bid.insurer.name in text and str(bid.opened_price) in text
    assert text.count("服务能力") >= 2  # the ranking's column and the chart's legend
    closes = notice_of(tender).objections_close_at
    assert "异议截止" in text and "质疑" in text and "公示期内" not in text
    from procurement.clock import LOCAL_ZONE

    assert closes.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d") in text
    # Archival PDF/A-2b with the document's title, issuing organisation and date.
    assert reader.metadata.title == f"中标候选人公示 {tender.reference}"
    assert reader.metadata.author == tender.procuring_entity
    assert reader.metadata.creation_date is not None
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp


def test_the_results_pdf_repeats_its_header_row_on_every_page(client, db):
    import io

    import pypdf

    from tests.factories import make_published_period

    period = make_published_period("2025", companies=60)
    pdf = client.get(f"/maintenance/periods/{period.code}/results.pdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf.data))
    pages = [page.extract_text() for page in reader.pages]
    table_pages = [text for text in pages if "维保单位" in text and "总分" in text]
    assert len(table_pages) >= 2  # the results table runs over more than one page
    assert all("排名" in text and "等级" in text for text in table_pages)
    assert reader.metadata.author and reader.metadata.title.startswith("电梯维保单位评测结果公示")


def test_xlsx_exports_keep_numbers_as_numbers_with_a_format(client, db):
    import io

    from openpyxl import load_workbook

    from procurement.publication import operations as publication
    from tests.factories import make_published_period
    from tests.procurement.publication.test_publication import evaluated

    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    ranking = load_workbook(
        io.BytesIO(client.get(f"/tenders/{tender.reference}/ranking.xlsx").data)
    )
    rank, _name, price, *_groups, total = next(ranking.active.iter_rows(min_row=2, max_row=2))
    assert rank.value == 1 and rank.number_format == "0"
    assert isinstance(price.value, int | float) and price.number_format == "#,##0.00"
    assert isinstance(total.value, float) and total.number_format == "0.00"

    make_published_period("2025", companies=8)
    book = load_workbook(io.BytesIO(client.get("/maintenance/periods/2025/results.xlsx").data))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    row = sheet[2]
    assert row[headers.index("总分")].data_type == "n"
    assert row[headers.index("总分")].number_format == "0.00"
    percents = [c for c in row if c.number_format == "0.00%"]
    assert percents and all(
        isinstance(c.value, int | float) and 0 <= c.value <= 1 for c in percents
    )
    text_numbers = [c.value for r in sheet.iter_rows(min_row=2) for c in r
                    if isinstance(c.value, str) and c.value.replace(".", "").rstrip("%").isdigit()]  # fmt: skip
    assert all(len(value) == 18 for value in text_numbers)  # only credit codes are digits as text


def test_districts_follow_the_administrative_order():
    from procurement.districts import administrative_order

    assert administrative_order(["渝北区", "万州区", "两江新区", "忠县", "渝中区", "万州区"]) == [
        "万州区", "渝中区", "渝北区", "忠县", "两江新区",
    ]  # fmt: skip


def test_public_maintenance_pages_speak_plainly_and_list_districts_in_order(client, db):
    import re

    import sqlalchemy as sa

    from procurement.districts import administrative_order
    from procurement.maintenance.models import CompanyResult
    from tests.factories import make_published_period

    make_published_period("2025", companies=12)
    league = client.get("/maintenance/periods/2025/league-tables").get_data(as_text=True)
    assert "平均到场时间最长的十家单位" in league or "到场时间最长" in league
    assert "分钟最高" not in league and "时间最高" not in league
    uscc = db.session.execute(sa.select(CompanyResult.uscc).limit(1)).scalar_one()
    company = client.get(f"/maintenance/periods/2025/companies/{uscc}").get_data(as_text=True)
    assert "WSM" not in company
    results = client.get("/maintenance/periods/2025").get_data(as_text=True)
    select = results[results.index('name="district"') :]
    options = re.findall(r'<option value="([^"]+)"', select[: select.index("</select>")])
    assert len(options) > 2 and options == administrative_order(options)


def test_the_announcement_states_the_notice_period_the_notice_will_run(client, db):
    from procurement.tenders.models import LegalRoute
    from tests.factories import make_tender

    procurement = make_tender(route=LegalRoute.GOVERNMENT_PROCUREMENT, notice_days=5)
    page = client.get(f"/tenders/{procurement.reference}").get_data(as_text=True)
    assert "1 个工作日；公示期满后 7 个工作日内可提出质疑" in page and "<dd>5</dd>" not in page
    tendering = make_tender(route=LegalRoute.TENDERING_LAW, notice_days=5)
    page = client.get(f"/tenders/{tendering.reference}").get_data(as_text=True)
    assert "5 日，公示期内可提出异议" in page


def test_a_long_chart_label_is_cut_with_an_ellipsis_and_kept_whole_in_its_title(app):
    from procurement import charts

    name = "一个名字非常非常非常非常长的财产保险股份有限公司重庆分公司"
    result = {"ranking": [{"rank": 1, "bid": "B1", "points": {"c1": 60.0}, "total": 60.0}]}
    with app.test_request_context():
        svg = str(
            charts.stacked_groups(
                result, [{"id": "c1", "group": "price"}], {"B1": name}, {"price": "价格"}
            )
        )
    assert f"<title>1. {name}</title>" in svg
    assert ">1. 一个名字非常非常非常非常长的…</text>" in svg
