"""seed-demo: the demo register's elevators get maintenance companies (维保单位), so that an insurer's
page of the companies maintaining its insured elevators is not empty in the demo.

Run after the register's demo data and the maintenance registry. If `insurer` has no policy in force
today, a small register is loaded for it first, through the same imports a district office and an
insurer use (Chongqing elevators with the 维保单位 columns, then policies for this Beijing year).
Then every elevator without a maintenance company gets one of the registered companies serving its
district; an elevator of a district no registered company serves (the Shaoguan demo's) keeps none.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from procurement import clock
from procurement.accounts.models import Insurer
from procurement.extensions import db
from procurement.maintenance.models import MaintenanceCompany
from procurement.organisations.models import District
from procurement.register import operations, queries
from procurement.register.models import Elevator
from procurement.register.rows import HEADERS, MAINTAINER_HEADERS

SMALL_REGISTER = 36  # elevators of the fallback register
DISTRICTS = ("渝中区", "江北区", "南岸区", "渝北区")


def give_maintainers(insurer: Insurer | None) -> int:
    """Give the demo elevators maintenance companies; return how many were given one."""
    companies = list(
        db.session.execute(
            sa.select(MaintenanceCompany.organisation_id, MaintenanceCompany.uscc,
                      MaintenanceCompany.name, MaintenanceCompany.districts)
            .where(MaintenanceCompany.organisation_id.is_not(None))
            .order_by(MaintenanceCompany.id)
        )
    )  # fmt: skip
    if not companies:
        return 0
    today = clock.to_local(clock.now()).date()
    given = 0
    if insurer is not None and not queries.insurer_maintainers(insurer.id, today)[0]:
        given = _small_register(insurer, companies)
    serving: dict[str, list[int | None]] = {}
    for organisation_id, _uscc, _name, districts in companies:
        for name in districts or []:
            serving.setdefault(name, []).append(organisation_id)
    rows = db.session.execute(
        sa.select(Elevator.id, District.name)
        .join(District, District.id == Elevator.district_id)
        .where(Elevator.maintainer_id.is_(None), District.name.in_(serving))
    ).all()
    updates = [
        {"row_id": elevator_id, "maintainer_id": serving[name][elevator_id % len(serving[name])]}
        for elevator_id, name in rows
    ]
    if updates:
        table: Any = Elevator.__table__
        by_id = table.update().where(table.c.id == sa.bindparam("row_id"))
        db.session.execute(by_id, updates)
    return given + len(updates)


def _small_register(insurer: Insurer, companies: list[Any]) -> int:
    from procurement.maintenance.generate import upload_file  # numpy: not at app start
    from procurement.register.generate import uscc

    year = clock.to_local(clock.now()).year
    elevators, policies = [], []
    for n in range(SMALL_REGISTER):
        district = DISTRICTS[n % len(DISTRICTS)]
        serving = [c for c in companies if district in (c[3] or [])] or companies
        company = serving[(n // len(DISTRICTS)) % min(len(serving), 3)]
        number = f"DEMO{n + 1:04d}"
        elevators.append(
            [number, f"5001{n + 1:016d}", f"演示小区{n % 6 + 1}业主委员会", uscc(700_000 + n % 6),
             district, f"演示小区{n % 6 + 1}", f"{district}演示路{n + 1}号", "2012-05-01", "18",
             "120", "商品住宅", company[2], company[1]]
        )  # fmt: skip
        policies.append(
            [f"DEMO{year}{n // 6:03d}", insurer.uscc, number, "电梯综合保险", "渝金监备〔2024〕1号",
             "2400", "物业专项维修资金", f"{year}-01-01", f"{year}-12-31", "已承保"]
        )  # fmt: skip
    operations.apply_file(
        "elevators",
        "演示电梯.csv",
        upload_file(HEADERS["elevators"] + MAINTAINER_HEADERS, elevators),
    )
    operations.apply_file("policies", "演示保单.csv", upload_file(HEADERS["policies"], policies))
    return SMALL_REGISTER
