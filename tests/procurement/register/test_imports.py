"""The register's imports: every kind, CSV and XLSX, all or nothing, idempotent, refusals by row."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from procurement.maintenance.records import FileProblem
from procurement.organisations.models import Organisation, OrganisationKind
from procurement.register import operations
from procurement.register.models import Claim, Elevator, Policy, Survey
from tests.procurement.register import helpers as h


def _count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_all_four_kinds_import_and_reimport_changes_nothing(db, fmt):
    h.load()
    a, b = h.insurers()
    files = {
        "elevators": h.file("elevators", h.elevator_rows(), fmt),
        "policies": h.file("policies", h.policy_rows(a, b), fmt),
        "claims": h.file("claims", h.claim_rows(), fmt),
        "surveys": h.file("surveys", h.survey_rows(a, b), fmt),
    }
    for kind, data in files.items():
        checked = operations.apply_file(kind, f"x.{fmt}", data)
        assert checked.changed == 0 and checked.added > 0
    db.session.commit()
    assert [_count(db, m) for m in (Elevator, Policy, Claim, Survey)] == [3, 4, 4, 5]
    units = db.session.scalars(
        sa.select(Organisation.name).where(Organisation.kind == OrganisationKind.USER_UNIT)
    ).all()
    assert sorted(units) == ["乙使用单位", "甲使用单位"]
    for kind, data in files.items():
        again = operations.apply_file(kind, f"x.{fmt}", data)
        assert (again.added, again.changed) == (0, 0), kind
    claim = db.session.scalar(sa.select(Claim).where(Claim.number == "C2"))
    assert claim.paid_at == datetime(2024, 5, 1, 13, 30, tzinfo=UTC)  # 21:30 Beijing time
    assert claim.status == "paid"
    e2 = db.session.scalar(sa.select(Elevator).where(Elevator.number == "E2"))
    assert e2.district.name == "渝中区" and e2.community.name == "甲小区"


def test_a_changed_row_is_updated(db):
    h.load()
    operations.apply_file("elevators", "e.csv", h.file("elevators", h.elevator_rows()))
    rows = h.elevator_rows()
    rows[0][9] = "150"
    checked = operations.apply_file("elevators", "e.csv", h.file("elevators", rows))
    assert (checked.added, checked.changed) == (0, 1)
    assert db.session.scalar(sa.select(Elevator.residents).where(Elevator.number == "E1")) == 150


def _refused(kind, rows):
    with pytest.raises(operations.RegisterImportError) as caught:
        operations.apply_file(kind, "bad.csv", h.file(kind, rows))
    return [(e.row, e.column, e.reason) for e in caught.value.errors]


def test_refusals_name_the_row_and_reason_and_write_nothing(db):
    h.load()
    a, b = h.insurers()
    operations.apply_file("elevators", "e.csv", h.file("elevators", h.elevator_rows()))
    db.session.commit()
    bad = h.policy_rows(a, b)
    bad[0][1] = h.make_uscc(777)  # an insurer not registered
    bad[1][2] = "E9"  # an unknown elevator
    bad[2][6] = "彩票"  # a premium source outside the six
    bad[3][7] = "2024-12-01"  # overlaps P1 on E1
    errors = _refused("policies", bad)
    assert (2, "保险机构统一社会信用代码", "未登记的保险机构") in errors
    assert (3, "电梯编号", "未知的电梯编号") in errors
    assert any(e[:2] == (4, "保费来源") and "保费来源应为" in e[2] for e in errors)
    assert (5, "起保日期", "与保单 P1（2024-01-01 至 2024-12-31）期间重叠") in errors
    assert _count(db, Policy) == 0

    operations.apply_file("policies", "p.csv", h.file("policies", h.policy_rows(a, b)))
    claims = h.claim_rows()
    claims[0][7] = "2024-03-01 08:30"  # paid before it was reported
    claims[1][1] = "P9"  # an unknown policy
    claims[2][2] = "E9"
    errors = _refused("claims", claims)
    assert (2, "支付时间", "支付时间早于报案时间") in errors
    assert (3, "保单号", "未知的保单号") in errors
    assert (4, "电梯编号", "未知的电梯编号") in errors
    assert _count(db, Claim) == 0


def test_bad_cells_and_files(db):
    h.load()
    rows = h.elevator_rows()
    rows[0][4] = "火星区"
    rows[1][7] = "2015/12/31"
    rows[2][8] = "-3"
    rows.append(list(rows[0]))
    errors = _refused("elevators", rows)
    assert (2, "区县", "未知的区县（应为名称或 GB/T 2260 代码）") in errors
    assert (3, "投用日期", "日期格式应为 YYYY-MM-DD") in errors
    assert (4, "层站数", "应为非负整数") in errors
    assert (5, "电梯编号", "与第 2 行重复") in errors
    assert _count(db, Elevator) == 0
    with pytest.raises(FileProblem) as caught:
        operations.apply_file("claims", "x.csv", h.file("elevators", h.elevator_rows()))
    assert caught.value.code == "headers"


def test_command_line_import_with_progress_and_exit_2(runner, db, tmp_path):
    h.load()
    good = tmp_path / "elevators.xlsx"
    good.write_bytes(h.file("elevators", h.elevator_rows(), "xlsx"))
    result = runner.invoke(args=["pilot", "import", "elevators", str(good)])
    assert result.exit_code == 0, result.output
    assert "checking rows" in result.output
    assert "3 rows checked: 3 added, 0 changed" in result.output
    again = runner.invoke(args=["pilot", "import", "elevators", str(good)])
    assert "3 rows checked: 0 added, 0 changed" in again.output
    rows = h.elevator_rows()
    rows[1][10] = "别墅"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(h.file("elevators", rows))
    result = runner.invoke(args=["pilot", "import", "elevators", str(bad)])
    assert result.exit_code == 2
    assert "row 3, 产权类型, '别墅'" in result.output


@pytest.mark.parametrize("kind", ["elevators", "policies", "claims", "surveys"])
def test_templates_download_with_the_headers(client, login_as, kind):
    from procurement.maintenance.records import read_rows
    from procurement.register.rows import HEADERS, OPTIONAL_HEADERS
    from tests.factories import make_insurer

    assert client.get(f"/pilot/templates/{kind}.csv").status_code in {302, 403}
    login_as(make_insurer())

    for fmt in ("csv", "xlsx"):
        response = client.get(f"/pilot/templates/{kind}.{fmt}")
        assert response.status_code == 200
        headers = HEADERS[kind] + OPTIONAL_HEADERS.get(kind, [])  # the elevators' 维保单位
        assert read_rows(f"t.{fmt}", response.data)[0] == headers
    assert client.get(f"/pilot/templates/{kind}.pdf").status_code == 404


def test_a_columns_distinct_values_go_through_its_bind_processor_once():
    from procurement.register.operations import _each_distinct_once

    seen = []

    def process(value):
        seen.append(value)
        return None if value is None else value.isoformat()

    day = date(2020, 1, 1)
    assert (
        _each_distinct_once(process, [day, None, day, day])
        == ["2020-01-01", None] + ["2020-01-01"] * 2
    )
    assert sorted(seen, key=str) == [day, None]
    # values that cannot be told apart by hashing go through one by one
    assert _each_distinct_once(str, [[1], [1]]) == ["[1]", "[1]"]


def test_cells_with_backslashes_tabs_and_quotes_are_stored_as_written(db):
    """PostgreSQL receives new rows by COPY, whose text format escapes these characters."""
    h.load()
    address = '解放碑\\1号\t"东"门\\N'
    rows = [["E9", "R9", "甲使用单位", h.UNIT_A, "渝中区", "甲\\小区", address, "2010-06-30", "6", "9",
             "其他"]]  # fmt: skip
    operations.apply_file("elevators", "e.csv", h.file("elevators", rows))
    db.session.commit()
    stored = db.session.scalars(sa.select(Elevator)).one()
    assert (stored.address, stored.community.name) == (address, "甲\\小区")
