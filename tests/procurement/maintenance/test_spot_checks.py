"""Insurers' spot checks: recorded one by one (with photos) or imported with a preview and row errors;
only approved insurers record them and each sees its own; a period's template takes 保险机构抽查合格率
from them."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from procurement.accounts.models import InsurerStatus, Role
from procurement.maintenance import generate, queries, spotchecks
from procurement.maintenance import operations as ops
from procurement.maintenance.models import DataImport, ImportStatus, SpotCheck
from tests.conftest import csrf_token, submit
from tests.factories import fill_period, make_insurer, make_period, make_user, register_companies

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def spot_file(rows):
    return generate.upload_file(spotchecks.HEADERS, rows, "csv")


def one(company, day="2025-05-01", result="合格", **extra):
    return {
        "elevator_no": extra.get("elevator_no", "31105001000001"),
        "company": company,
        "checked_on": day,
        "items": "制动器、门锁装置",
        "result": result,
        "note": extra.get("note", ""),
    }


def test_an_insurer_records_a_spot_check_with_a_photo_that_only_it_and_officers_see(
    client, db, login_as
):
    items = register_companies(2)
    insurer = login_as(make_insurer())
    data = {**one(items[0].uscc), "photos": (io.BytesIO(PNG), "门锁.png")}
    response = submit(client, "/insurer/spot-checks/", data)
    assert response.status_code == 302
    check = db.session.scalar(sa.select(SpotCheck))
    assert check.insurer_id == insurer.insurer_id and check.passed and len(check.photos) == 1
    photo = f"/spot-checks/photos/{check.photos[0].id}"
    assert client.get(photo).data == PNG
    page = client.get("/insurer/spot-checks/").get_data(as_text=True)
    assert items[0].name in page and "门锁.png" in page
    sign_out(client)
    login_as(make_insurer())  # another insurer: not its spot check
    assert client.get(photo).status_code == 404
    assert items[0].name not in client.get("/insurer/spot-checks/").get_data(as_text=True)
    sign_out(client)
    login_as(make_user(Role.OFFICER))
    assert client.get(photo).status_code == 200


def test_a_spot_check_with_bad_fields_or_a_non_image_writes_nothing(client, db, login_as):
    items = register_companies(1)
    login_as(make_insurer())
    refused = submit(client, "/insurer/spot-checks/", one("91500100000000000X"))
    assert refused.status_code == 400
    assert "维保单位统一社会信用代码：统一社会信用代码格式或校验码错误" in refused.get_data(
        as_text=True
    )
    future = submit(client, "/insurer/spot-checks/", one(items[0].uscc, day="2999-01-01"))
    assert "抽查日期：不能晚于今天" in future.get_data(as_text=True)
    fake = {**one(items[0].uscc), "photos": (io.BytesIO(b"%PDF-1.7"), "x.png")}
    assert submit(client, "/insurer/spot-checks/", fake).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpotCheck)) == 0


@pytest.mark.parametrize("status", [InsurerStatus.PENDING, InsurerStatus.REJECTED])
def test_only_approved_insurers_reach_the_spot_check_pages(client, db, login_as, status):
    login_as(make_insurer(status))
    assert client.get("/insurer/spot-checks/").status_code == 404


def test_an_import_shows_row_errors_or_a_preview_naming_companies_then_applies(
    client, db, login_as
):
    items = register_companies(2)
    user = login_as(make_insurer())
    good = [
        ["E1", items[0].uscc, "2025-03-01", "制动器", "合格", ""],
        ["E2", items[1].uscc, "2025-03-02", "门锁", "不合格", "门锁啮合不足"],
    ]
    bad = [*good, ["E3", items[1].uscc, "2025-13-01", "", "好", ""]]
    response = submit(
        client, "/insurer/spot-checks/upload", {"spot-file": (io.BytesIO(spot_file(bad)), "s.csv")},
        form_page="/insurer/spot-checks/",
    )  # fmt: skip
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    for reason in ("日期格式应为 YYYY-MM-DD", "必填", "应为“合格”或“不合格”"):
        assert reason in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DataImport)) == 1  # registry
    response = submit(
        client, "/insurer/spot-checks/upload", {"spot-file": (io.BytesIO(spot_file(good)), "s.csv")},
        form_page="/insurer/spot-checks/",
    )  # fmt: skip
    assert response.status_code == 302
    preview = client.get(response.location).get_data(as_text=True)
    assert items[0].name in preview and items[1].name in preview and "门锁啮合不足" in preview
    assert submit(client, response.location, {"action": "confirm"}).status_code == 302
    checks = db.session.scalars(sa.select(SpotCheck).order_by(SpotCheck.id)).all()
    assert [(c.elevator_no, c.passed, c.insurer_id) for c in checks] == [
        ("E1", True, user.insurer_id),
        ("E2", False, user.insurer_id),
    ]
    item = db.session.scalar(
        sa.select(DataImport).where(
            DataImport.status == ImportStatus.APPLIED, DataImport.kind == "spot_checks"
        )
    )
    assert item is not None and item.data is None
    sign_out(client)
    login_as(make_insurer())  # another insurer cannot open the upload
    assert client.get(f"/insurer/spot-checks/imports/{item.id}").status_code == 404


def test_the_period_takes_the_spot_check_rate_from_insurers_when_its_template_says_so(
    client, db, login_as
):
    items = register_companies(3)
    period = make_period()
    fill_period(period, items, elevators=120)
    login_as(make_insurer())
    first = items[0].uscc
    for n, result in enumerate(["合格", "合格", "合格", "不合格"]):
        submit(client, "/insurer/spot-checks/", one(first, day=f"2025-0{n + 1}-10", result=result))
    submit(client, "/insurer/spot-checks/", one(first, day="2024-12-31", result="不合格"))  # before
    reported = {r["company"]: r for r in queries.draft(period)}[first]
    assert reported["sources"]["insurer_spot_check"] == "reported"
    ops.update_template(period, {**period.template, "spot_checks": "insurers"})
    db.session.commit()
    rows = {r["company"]: r for r in queries.draft(period)}
    assert rows[first]["values"]["insurer_spot_check"] == 75.0
    assert rows[first]["sources"]["insurer_spot_check"] == "insurers"
    assert rows[first]["record_totals"]["spot_checks"] == 4
    assert rows[first]["points"]["insurer_spot_check"] == 2  # band ≥70 → 2
    other = rows[items[1].uscc]  # no spot check: no value, 0 points (the company file is not used)
    assert "insurer_spot_check" in other["missing"]
