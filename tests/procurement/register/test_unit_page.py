"""A user unit's page: its own elevators, and a rating (0–100 and a comment) of an insurer that
covers them; bad input is refused by field and writes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import Insurer, Role
from procurement.audit.models import AuditEvent
from procurement.organisations.models import Organisation
from procurement.register.models import Survey
from tests.conftest import submit
from tests.factories import make_insurer, make_user
from tests.procurement.register import helpers as h

PAGE = "/pilot/unit/"


def _unit_account(db, uscc):
    unit = db.session.scalar(sa.select(Organisation).where(Organisation.uscc == uscc))
    return make_user(Role.COMMUNITY, organisation=unit)


def _insurer_id(db, name):
    return db.session.scalar(sa.select(Insurer.id).where(Insurer.name == name))


def _surveys(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Survey))


def test_a_user_unit_lists_its_elevators_and_rates_an_insurer(client, db, login_as):
    h.build()
    before = _surveys(db)
    login_as(_unit_account(db, h.UNIT_A))
    page = client.get(PAGE).get_data(as_text=True)
    assert "<td>E1</td>" in page and "<td>E2</td>" in page and "<td>E3</td>" not in page
    assert "甲保险" in page
    data = {"insurer": _insurer_id(db, "甲保险"), "score": "88", "comments": "理赔快"}
    assert submit(client, PAGE, data).status_code == 302
    assert _surveys(db) == before + 1
    survey = db.session.scalar(sa.select(Survey).order_by(Survey.id.desc()))
    assert (survey.score, survey.comments) == (88, "理赔快")
    assert (
        db.session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc()))
        == "register.rate"
    )
    # the same day again replaces the rating
    submit(client, PAGE, {**data, "score": "90"})
    assert _surveys(db) == before + 1
    assert "理赔快" in client.get(PAGE).get_data(as_text=True)


def test_bad_ratings_are_refused_by_field_and_write_nothing(client, db, login_as):
    h.build()
    before = _surveys(db)
    stranger = make_insurer(name="丙保险").insurer.id
    login_as(_unit_account(db, h.UNIT_A))
    ours = _insurer_id(db, "甲保险")
    for data in (
        {"insurer": ours, "score": "101"},
        {"insurer": ours, "score": "abc"},
        {"insurer": ours, "score": ""},
        {"insurer": stranger, "score": "50"},
        {"insurer": ours, "score": "50", "comments": "长" * 1001},
    ):
        response = submit(client, PAGE, data)
        assert response.status_code == 400, data
        assert 'aria-invalid="true"' in response.get_data(as_text=True), data
    assert _surveys(db) == before


def test_other_units_and_accounts_do_not_see_the_page(client, db, login_as):
    h.build()
    login_as(_unit_account(db, h.UNIT_B))
    page = client.get(PAGE).get_data(as_text=True)
    assert "<td>E3</td>" in page and "<td>E1</td>" not in page


def test_a_community_account_without_a_unit_gets_404(client, db, login_as):
    h.load()
    login_as(make_user(Role.COMMUNITY))
    assert client.get(PAGE).status_code == 404
