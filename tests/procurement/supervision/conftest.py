"""Offices of two cities (the demo's: 重庆市江北区 buys, 重庆 regulators supervise; 韶关's are
elsewhere) and their accounts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.organisations.demo import load_organisations
from tests.conftest import IsolatedClient, submit
from tests.factories import PASSWORD, make_user

JIANGBEI = "重庆市江北区住房和城乡建设委员会"
CQ_MARKET = "重庆市市场监督管理局"
CQ_FINANCE = "国家金融监督管理总局重庆监管局"
ZHENJIANG = "韶关市浈江区住房和城乡建设局"
SHAOGUAN = "韶关市住房和城乡建设管理局"


@pytest.fixture
def people(db: Any) -> SimpleNamespace:
    offices = load_organisations()
    db.session.commit()
    return SimpleNamespace(
        offices=offices,
        owner=make_user(Role.OFFICER, organisation=offices[JIANGBEI]),
        colleague=make_user(Role.OFFICER, organisation=offices[JIANGBEI]),
        other=make_user(Role.OFFICER, organisation=offices[ZHENJIANG]),
        supervisor=make_user(Role.SUPERVISOR, organisation=offices[CQ_MARKET]),
        finance=make_user(Role.SUPERVISOR, organisation=offices[CQ_FINANCE]),
        outsider=make_user(Role.SUPERVISOR, organisation=offices[SHAOGUAN]),
    )


def sign_in(app: Any, user: Any) -> Any:
    """A client of its own, signed in through the real form."""
    app.test_client_class = IsolatedClient
    client = app.test_client()
    response = submit(client, "/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def audit_length() -> int:
    import sqlalchemy as sa

    from procurement.audit.models import AuditEvent

    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) or 0
