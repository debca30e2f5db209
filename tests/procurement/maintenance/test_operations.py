"""Imports write all or nothing and are idempotent; publication is audited and immutable; corrections
are new linked publications. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.maintenance import generate, queries, sheets
from procurement.maintenance import operations as ops
from procurement.maintenance.models import (
    CompanyData,
    CompanyResult,
    DataImport,
    ImportKind,
    MaintenanceCompany,
    PeriodStatus,
    Publication,
)
from procurement.maintenance.records import HEADERS, FileProblem
from tests.factories import fill_period, make_period, register_companies


def count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def snapshot(db, period):
    rows = db.session.scalars(sa.select(CompanyData).where(CompanyData.period_id == period.id))
    return sorted(
        (d.company_id, d.aggregated, d.record_totals, d.elevators, d.reported, d.vetoes)
        for d in rows
    )


def records_file(items, period, elevators=300, seed=1):
    return generate.records_file(
        generate.record_rows(items, elevators, period.starts_on, period.months, seed=seed)
    )


def test_a_records_file_aggregates_to_company_indicators_and_reimporting_changes_nothing(db):
    items = register_companies(5)
    period = make_period()
    data = records_file(items, period)
    checked = ops.apply_file(ImportKind.RECORDS, period, "records.csv", data)
    db.session.commit()
    assert checked.rows == 300 and checked.companies == 5
    first = snapshot(db, period)
    assert sum(row[3] for row in first) == 300
    ops.apply_file(ImportKind.RECORDS, period, "records.csv", data)
    db.session.commit()
    assert snapshot(db, period) == first
    assert count(db, DataImport) == 3  # the registry and the records twice, all listed


def test_a_new_records_file_replaces_the_old_one(db):
    items = register_companies(4)
    period = make_period()
    ops.apply_file(ImportKind.RECORDS, period, "a.csv", records_file(items, period))
    only_two = [
        r
        for r in generate.record_rows(items, 300, period.starts_on, 12)
        if r[1] in {items[0].uscc, items[1].uscc}
    ]
    ops.apply_file(ImportKind.RECORDS, period, "b.csv", generate.records_file(only_two))
    db.session.commit()
    elevators = {company_id: n for company_id, _a, _t, n, _r, _v in snapshot(db, period)}
    assert sum(elevators.values()) == len(only_two)
    assert sorted(elevators.values())[:2] == [0, 0]
    applied = db.session.scalars(
        sa.select(DataImport.id)
        .where(DataImport.kind == ImportKind.RECORDS)
        .order_by(DataImport.id)
    ).all()
    assert queries.replaced_imports(period) == {applied[0]}  # the page marks it as replaced


def test_an_import_with_any_error_writes_nothing(db):
    items = register_companies(3)
    period = make_period()
    fill_period(period, items)
    before, imports, events = snapshot(db, period), count(db, DataImport), count(db, AuditEvent)
    rows = generate.record_rows(items, 50, period.starts_on, 12, seed=9)
    rows[10][4] = "-1"  # a negative count, one bad cell among fifty rows
    with pytest.raises(ops.MaintenanceError, match="row_errors"):
        ops.apply_file(ImportKind.RECORDS, period, "bad.csv", generate.records_file(rows))
    db.session.rollback()
    assert snapshot(db, period) == before
    assert (count(db, DataImport), count(db, AuditEvent)) == (imports, events)


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        (lambda r: r.__setitem__(1, "915001000000099999"), "维保单位统一社会信用代码", "校验码"),
        (
            lambda r: r.__setitem__(1, generate.company_code(999)),
            "维保单位统一社会信用代码",
            "未登记",
        ),
        (lambda r: r.__setitem__(5, "-3"), "故障次数", "不能为负数"),
        (lambda r: r.__setitem__(11, "2024-12-31"), "检验日期", "不在评测期间"),
        (lambda r: r.__setitem__(9, "99"), "30分钟内到场次数", "超过应急到场次数"),
    ],
)
def test_staging_a_bad_records_file_stores_nothing_and_names_the_row(db, change, column, reason):
    items = register_companies(2)
    period = make_period()
    rows = generate.record_rows(items, 20, period.starts_on, 12, seed=4)
    change(rows[6])
    pending, checked = ops.stage(
        ImportKind.RECORDS, period, "x.csv", generate.records_file(rows), None
    )
    db.session.rollback()
    assert pending is None
    assert [(e.row, e.column) for e in checked.errors] == [(8, column)]
    assert reason in checked.errors[0].reason
    assert count(db, CompanyData) == 0 and count(db, DataImport) == 1  # only the registry's


def test_duplicated_elevator_numbers_wrong_headers_and_bad_files_are_refused(db):
    items = register_companies(2)
    period = make_period()
    rows = generate.record_rows(items, 5, period.starts_on, 12)
    rows[3][0] = rows[1][0]
    _pending, checked = ops.stage(
        ImportKind.RECORDS, period, "x.csv", generate.records_file(rows), None
    )
    assert [(e.row, e.reason) for e in checked.errors] == [(5, "与第 3 行重复")]
    wrong = generate.upload_file(["电梯编号", "单位"], [["1", "2"]], "csv")
    for data, problem in (
        (wrong, "headers"),
        (b"", "empty"),
        (b"%PDF-1.7\x00\x01", "not_spreadsheet"),
        (b"PK\x03\x04broken", "not_spreadsheet"),
        (generate.upload_file(HEADERS, [], "xlsx"), "empty"),
    ):
        with pytest.raises(FileProblem, match=problem):
            ops.stage(ImportKind.RECORDS, period, "x.xlsx", data, None)
    db.session.rollback()
    assert count(db, CompanyData) == 0


def test_stage_then_confirm_applies_once(db):
    items = register_companies(3)
    period = make_period()
    pending, _checked = ops.stage(
        ImportKind.RECORDS, period, "r.csv", records_file(items, period), None
    )
    db.session.commit()
    assert count(db, CompanyData) == 0  # staged only
    ops.confirm(pending)
    db.session.commit()
    assert count(db, CompanyData) == 3 and pending.data is None
    with pytest.raises(ops.MaintenanceError, match="import_done"):
        ops.confirm(pending)


def test_a_newer_upload_discards_the_one_still_waiting(db):
    items = register_companies(3)
    period = make_period()
    first, _checked = ops.stage(
        ImportKind.RECORDS, period, "a.csv", records_file(items, period), None
    )
    second, _checked = ops.stage(
        ImportKind.RECORDS, period, "b.csv", records_file(items, period, seed=2), None
    )
    other, _checked = ops.stage(
        ImportKind.COMPANIES,
        None,
        "r.csv",
        generate.upload_file(sheets.REGISTRY_HEADERS, generate.registry_rows(items), "csv"),
        None,
    )
    db.session.commit()
    assert (first.status, first.data) == ("discarded", None)
    assert second.status == "pending" and other.status == "pending"
    with pytest.raises(ops.MaintenanceError, match="import_done"):
        ops.confirm(first)


def test_a_lapsed_licence_and_a_reported_veto_give_grade_d_with_the_reason(db):
    items = register_companies(4)
    period = make_period()
    fill_period(period, items)
    lapsed = db.session.scalar(
        sa.select(MaintenanceCompany).where(MaintenanceCompany.uscc == items[0].uscc)
    )
    lapsed.licence_expires_on = date(2025, 6, 30)
    header = [sheets.CODE, "否决：发生负有责任的电梯事故", sheets.VETO_NOTE]
    ops.apply_file(
        ImportKind.INDICATORS,
        period,
        "v.csv",
        generate.upload_file(header, [[items[1].uscc, "是", "2025年5月事故"]], "csv"),
    )
    db.session.commit()
    rows = {r["company"]: r for r in queries.draft(period)}
    assert rows[items[0].uscc]["vetoes"] == ["许可证过期或超范围作业（许可证有效期至 2025-06-30）"]
    assert rows[items[1].uscc]["vetoes"] == ["发生负有责任的电梯事故（2025年5月事故）"]
    assert {rows[i.uscc]["grade"] for i in items[:2]} == {"D"}
    assert rows[items[0].uscc]["rank"] is None
    # the company row replaced that company's reported values: they are gone, the records' stay
    assert "satisfaction" not in rows[items[1].uscc]["values"]
    assert "entrapment_rate" in rows[items[1].uscc]["values"]


def test_publication_is_audited_immutable_and_corrected_by_a_linked_publication(db):
    items = register_companies(5)
    period = make_period()
    fill_period(period, items)
    first = ops.publish(period, None)
    db.session.commit()
    assert period.status == PeriodStatus.PUBLISHED
    assert count(db, CompanyResult) == 5 and sum(first.grade_counts.values()) == 5
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "maintenance.published")
    )
    assert event.details["companies"] == 5 and len(event.details["sha256"]) == 64
    for attempt in (
        lambda: ops.apply_file(ImportKind.RECORDS, period, "r.csv", records_file(items, period)),
        lambda: ops.update_template(period, period.template),
        lambda: ops.publish(period, None),
    ):
        with pytest.raises(ops.MaintenanceError, match="published"):
            attempt()
    db.session.rollback()
    with pytest.raises(ops.MaintenanceError, match="reason_required"):
        ops.start_correction(period, "  ")
    ops.start_correction(period, "第3家单位的投诉数据录入错误")
    fill_period(period, items, elevators=350, seed=8)
    second = ops.publish(period, None)
    db.session.commit()
    assert (second.number, second.replaces_id, second.reason) == (
        2,
        first.id,
        "第3家单位的投诉数据录入错误",
    )
    assert count(db, Publication) == 2 and count(db, CompanyResult) == 10
    old = db.session.scalars(
        sa.select(CompanyResult).where(CompanyResult.publication_id == first.id)
    ).all()
    assert sum(r.elevators for r in old) == 400  # the first publication is untouched


def test_publishing_nothing_is_refused(db):
    period = make_period()
    with pytest.raises(ops.MaintenanceError, match="no_data"):
        ops.publish(period, None)


def test_reimporting_the_indicator_file_changes_nothing(db):
    items = register_companies(4)
    period = make_period()
    values = generate.indicator_rows(items, period.template, seed=4)
    data = generate.upload_file(sheets.indicator_headers(period.template), values, "xlsx")
    ops.apply_file(ImportKind.INDICATORS, period, "i.xlsx", data)
    db.session.commit()
    first = snapshot(db, period)
    assert all(row[4] for row in first)  # every company has reported values
    ops.apply_file(ImportKind.INDICATORS, period, "i.xlsx", data)
    db.session.commit()
    assert snapshot(db, period) == first
