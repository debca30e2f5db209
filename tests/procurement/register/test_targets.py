"""Pilot targets: the administrator sets them (errors on their fields, nothing written); the public
dashboard shows the elevators insured today against each, a city's by district."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from procurement import clock
from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.register import operations, targets
from procurement.register.target_models import PilotTarget
from tests.conftest import submit
from tests.factories import make_user
from tests.procurement.register import helpers as h

PAGE = "/pilot/targets"


def _register(today):
    """E1 (浈江区) insured today; E2 (武江区) surrendered; E3 (浈江区) ended yesterday."""
    h.load()
    a, _b = h.insurers()
    elevators = [
        ["E1", "R1", "甲使用单位", h.UNIT_A, "440204", "甲小区", "1号", "2010-06-30", "18", "120", "单一产权"],
        ["E2", "R2", "甲使用单位", h.UNIT_A, "440203", "乙小区", "2号", "2015-12-31", "12", "80", "单一产权"],
        ["E3", "R3", "乙使用单位", h.UNIT_B, "浈江区", "", "3号", "2020-01-01", "6", "40", "商品住宅"],
    ]  # fmt: skip
    year_ago, yesterday = (
        (today - timedelta(days=365)).isoformat(),
        (today - timedelta(days=1)).isoformat(),
    )
    ahead = (today + timedelta(days=200)).isoformat()
    policies = [
        ["P1", a, "E1", "险", "备1", "2000", "自筹", year_ago, ahead, "已承保"],
        ["P2", a, "E2", "险", "备1", "2000", "自筹", year_ago, ahead, "已赎回"],
        ["P3", a, "E3", "险", "备1", "2000", "自筹", year_ago, yesterday, "已承保"],
    ]  # fmt: skip
    operations.apply_file("elevators", "e.csv", h.file("elevators", elevators))
    operations.apply_file("policies", "p.csv", h.file("policies", policies))


def test_progress_by_district(db):
    today = clock.to_local(clock.now()).date()
    _register(today)
    admin = make_user(Role.ADMIN)
    due = today + timedelta(days=90)
    targets.set_target("韶关市", 300, due, admin)
    targets.set_target("440204", 100, due, admin)
    targets.set_target("浈江区", 2, due, admin)  # the same district and date: changed
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(PilotTarget.id))) == 2
    rows = {row.district.name: row for row in targets.progress(today)}
    city = rows["韶关市"]
    assert (city.insured, city.target.elevators, city.state(today)) == (1, 300, "open")
    parts = {part.district.name: part for part in city.parts}
    assert parts["浈江区"].insured == 1 and parts["浈江区"].target.elevators == 2
    assert parts["武江区"].insured == 0 and parts["武江区"].target is None
    assert rows["浈江区"].percent == 50.0 and rows["浈江区"].parts == []
    assert city.state(due + timedelta(days=1)) == "missed"
    assert targets.progress(today - timedelta(days=1))[0].insured == 2  # E3 still insured then
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("register.target_set") == 3


def test_the_dashboard_is_public(client, db):
    today = clock.to_local(clock.now()).date()
    _register(today)
    targets.set_target("韶关市", 300, today + timedelta(days=90), make_user(Role.ADMIN))
    db.session.commit()
    page = client.get("/pilot/progress").get_data(as_text=True)
    assert "韶关市" in page and "武江区" in page and "（0.3%）" in page
    assert '<strong class="num">1</strong> / 300' in page


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"district": "火星区"}, "district", "区县：没有代码或名称为“火星区”的已加载行政区划"),
        ({"elevators": "0"}, "elevators", "投保电梯（台）："),
        ({"elevators": "十"}, "elevators", "投保电梯（台）："),
        ({"due_on": "2020-01-01"}, "due_on", "完成日期：该日期已过"),
        ({"due_on": "明天"}, "due_on", "完成日期："),
    ],
)
def test_refused_on_its_field(client, db, login_as, values, field, words):
    h.load()
    login_as(make_user(Role.ADMIN))
    due = (clock.to_local(clock.now()).date() + timedelta(days=30)).isoformat()
    data = {"district": "韶关市", "elevators": "300", "due_on": due, **values}
    response = submit(client, PAGE, data)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f'id="{field}-errors"' in text and words in text
    assert db.session.scalar(sa.select(sa.func.count(PilotTarget.id))) == 0


def test_the_administrator_sets_and_removes(client, db, login_as):
    h.load()
    login_as(make_user(Role.ADMIN))
    due = (clock.to_local(clock.now()).date() + timedelta(days=30)).isoformat()
    response = submit(client, PAGE, {"district": "440200", "elevators": "300", "due_on": due})
    assert response.status_code == 302
    target = db.session.scalars(sa.select(PilotTarget)).one()
    assert (target.district.name, target.elevators, target.due_on.isoformat()) == (
        "韶关市",
        300,
        due,
    )
    assert "韶关市" in client.get(PAGE).get_data(as_text=True)
    submit(client, f"/pilot/targets/{target.id}/remove", {}, form_page=PAGE)
    assert db.session.scalar(sa.select(sa.func.count(PilotTarget.id))) == 0


def test_only_administrators(client, db, login_as):
    assert client.get(PAGE).status_code == 302  # to the sign-in page
    login_as(make_user(Role.OFFICER))
    assert client.get(PAGE).status_code == 403
