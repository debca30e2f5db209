"""The elevators' maintenance companies (维保单位): the optional columns of the elevators import,
and an insurer's page of the companies maintaining the elevators its policies in force cover, with
their latest published results — its own elevators only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from procurement.extensions import db as _db
from procurement.maintenance.generate import upload_file
from procurement.maintenance.models import CompanyResult
from procurement.maintenance.records import FileProblem
from procurement.register import operations
from procurement.register.models import Elevator
from procurement.register.rows import ELEVATOR_HEADERS, MAINTAINER_HEADERS
from tests.conftest import csrf_token
from tests.factories import fill_period, make_insurer, make_period, make_uscc, register_companies
from tests.procurement.register import helpers as h

PAGE = "/pilot/insurer/maintenance-companies"
HEADERS = ELEVATOR_HEADERS + MAINTAINER_HEADERS


def _elevator(number, unit, name="", code=""):
    return [number, f"R{number}", "甲使用单位", unit, "渝中区", "", "解放碑1号", "2010-06-30", "18",
            "120", "单一产权", name, code]  # fmt: skip


def _file(rows, headers=HEADERS):
    return upload_file(headers, rows, "csv")


def _maintainers():
    rows = _db.session.execute(
        sa.select(Elevator.number, Elevator.maintainer_id).order_by(Elevator.number)
    )
    return dict(rows.all())


def _organisation_ids(items):
    from procurement.maintenance.models import MaintenanceCompany

    return [
        _db.session.scalar(
            sa.select(MaintenanceCompany.organisation_id).where(MaintenanceCompany.uscc == i.uscc)
        )
        for i in items
    ]


def test_the_elevators_file_names_registered_maintenance_companies(db):
    h.load()
    items = register_companies(2)
    c0, c1 = _organisation_ids(items)
    rows = [
        _elevator("E1", h.UNIT_A, items[0].name, items[0].uscc),
        _elevator("E2", h.UNIT_A, "", items[1].uscc.lower()),  # the name is for the reader
        _elevator("E3", h.UNIT_A),  # blank: no maintenance company known
    ]
    checked = operations.apply_file("elevators", "e.csv", _file(rows))
    assert checked.added == 3
    assert _maintainers() == {"E1": c0, "E2": c1, "E3": None}
    # the same file again changes nothing; a file without the columns keeps what the register has
    assert operations.apply_file("elevators", "e.csv", _file(rows)).changed == 0
    plain = [row[: len(ELEVATOR_HEADERS)] for row in rows]
    again = operations.apply_file("elevators", "e.csv", _file(plain, ELEVATOR_HEADERS))
    assert (again.added, again.changed) == (0, 0)
    assert _maintainers() == {"E1": c0, "E2": c1, "E3": None}
    # a new code moves the elevator to another company; a blank cell keeps the register's
    moved = [_elevator("E1", h.UNIT_A, "", items[1].uscc), _elevator("E2", h.UNIT_A)]
    assert operations.apply_file("elevators", "e.csv", _file(moved)).changed == 1
    assert _maintainers() == {"E1": c1, "E2": c1, "E3": None}


def test_an_unknown_or_malformed_maintenance_company_is_a_row_error_and_nothing_is_written(db):
    h.load()
    items = register_companies(1)
    rows = [
        _elevator("E1", h.UNIT_A, "", items[0].uscc),
        _elevator("E2", h.UNIT_A, "未登记维保", make_uscc(950)),
        _elevator("E3", h.UNIT_A, "", "91500100000000000X"),
        _elevator("E4", h.UNIT_A, "只有名称", ""),
    ]
    checked = operations.check_file("elevators", "e.csv", _file(rows))
    found = {(e.row, e.column, e.reason) for e in checked.errors}
    assert found == {
        (3, "维保单位统一社会信用代码", "未登记的维保单位"),
        (4, "维保单位统一社会信用代码", "统一社会信用代码格式或校验码错误"),
        (5, "维保单位统一社会信用代码", "填写维保单位时须填写其统一社会信用代码"),
    }
    with pytest.raises(operations.RegisterImportError):
        operations.apply_file("elevators", "e.csv", _file(rows))
    assert _maintainers() == {}


def test_the_maintenance_columns_out_of_order_refuse_the_file(db):
    h.load()
    headers = ELEVATOR_HEADERS + MAINTAINER_HEADERS[::-1]
    with pytest.raises(FileProblem) as refused:
        operations.check_file("elevators", "e.csv", _file([_elevator("E1", h.UNIT_A)], headers))
    assert refused.value.code == "headers_order"


def _register(items, a, b):
    rows = [
        _elevator("E1", h.UNIT_A, "", items[0].uscc),
        _elevator("E2", h.UNIT_A, "", items[0].uscc),
        _elevator("E3", h.UNIT_A, "", items[1].uscc),
        _elevator("E4", h.UNIT_A, "", items[2].uscc),
        _elevator("E5", h.UNIT_A),
    ]
    operations.apply_file("elevators", "e.csv", _file(rows))

    def policy(number, insurer, elevator, starts="2024-01-01", ends="2024-12-31", status="已承保"):
        return [number, insurer, elevator, "渝梯保", "备1", "2000", "自筹", starts, ends, status]

    policies = [
        policy("P1", a, "E1"), policy("P1", a, "E2"), policy("P1", a, "E4"), policy("P1", a, "E5"),
        policy("P2", b, "E3"),
        policy("P0", a, "E3", "2023-01-01", "2023-12-31"),  # ended: not in force
        policy("P9", b, "E1", "2025-01-01", "2025-12-31"),  # not started
    ]  # fmt: skip
    operations.apply_file("policies", "p.csv", h.file("policies", policies))
    _db.session.commit()


def _account(uscc):
    from procurement.accounts.models import Insurer

    return _db.session.scalar(sa.select(Insurer).where(Insurer.uscc == uscc)).users[0]


def _sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def test_an_insurer_sees_the_companies_maintaining_its_insured_elevators_and_no_others(
    client, db, login_as, frozen_clock
):
    h.load()
    items = register_companies(3)
    period = make_period()
    fill_period(period, items[:2])  # the third company has no published result
    from procurement.maintenance import operations as mops

    mops.publish(period, None)
    a, b = h.insurers()
    _register(items, a, b)
    frozen_clock.moment = datetime(2024, 6, 1, 4, tzinfo=UTC)
    line = db.session.scalar(sa.select(CompanyResult).where(CompanyResult.uscc == items[0].uscc))

    login_as(_account(a))
    page = client.get(PAGE).get_data(as_text=True)
    assert items[0].name in page and items[2].name in page
    assert items[1].name not in page  # E3 is insured by b now; a's policy on it has ended
    assert f"/maintenance/periods/2025/companies/{items[0].uscc}" in page
    assert f'<td class="num">{line.total:.2f}</td>' in page and f">{line.grade}</span>" in page
    assert '<td class="num">2</td>' in page  # E1 and E2
    assert "尚无公布的评测结果" in page
    assert "1 台在保电梯在登记册中没有维保单位" in page  # E5
    for link in ("/pilot/insurer/", "/insurer/spot-checks/"):
        assert PAGE in client.get(link).get_data(as_text=True)
    _sign_out(client)

    login_as(_account(b))
    page = client.get(PAGE).get_data(as_text=True)
    assert items[1].name in page
    assert items[0].name not in page and items[2].name not in page


def test_an_insurer_without_policies_in_force_sees_the_empty_state(client, db, login_as):
    h.load()
    login_as(make_insurer())
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "在登记册中尚无维保单位" in page.get_data(as_text=True)
