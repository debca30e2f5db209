"""seed-demo's maintenance companies for the register's elevators (register/demo_maintainers.py)."""

from __future__ import annotations

import sqlalchemy as sa

from procurement import clock
from procurement.register import operations, queries
from procurement.register.demo_maintainers import SMALL_REGISTER, give_maintainers
from procurement.register.models import Elevator
from tests.factories import make_insurer, register_companies
from tests.procurement.register import helpers as h


def _today():
    return clock.to_local(clock.now()).date()


def test_an_insurer_without_policies_in_force_gets_a_small_register_with_companies(db):
    h.load()
    register_companies(6)
    insurer = make_insurer().insurer
    assert give_maintainers(insurer) == SMALL_REGISTER
    maintainers, unknown = queries.insurer_maintainers(insurer.id, _today())
    assert sum(m.elevators for m in maintainers) == SMALL_REGISTER and unknown == 0
    assert give_maintainers(insurer) == 0  # its policies are in force, every elevator has one


def test_existing_elevators_get_a_company_serving_their_district(db):
    h.load()
    items = register_companies(6)
    insurer = make_insurer().insurer
    rows = h.elevator_rows()
    rows.append(["SG1", *rows[0][1:4], "浈江区", *rows[0][5:]])  # a district no company serves
    operations.apply_file("elevators", "e.csv", h.file("elevators", rows))
    assert give_maintainers(insurer) == SMALL_REGISTER + 3
    sg1 = db.session.scalar(sa.select(Elevator).where(Elevator.number == "SG1"))
    assert sg1.maintainer_id is None
    serving = {i.uscc for i in items if "渝中区" in i.districts}
    assert len(serving) == 3  # of the six generated companies
    given = db.session.scalars(sa.select(Elevator).where(Elevator.number.in_(["E1", "E2", "E3"])))
    assert {e.maintainer.uscc for e in given} <= serving
