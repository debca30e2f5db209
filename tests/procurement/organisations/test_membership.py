"""Administrators create organisations and move accounts between them (CLI), audited; what a moved
or removed member did stays as it was."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.organisations.models import Organisation
from procurement.tenders.models import Tender
from tests.factories import make_office, make_tender, make_user


def test_an_organisation_is_created_with_its_jurisdiction(runner, db):
    runner.invoke(args=["districts", "load", "--built-in"])
    result = runner.invoke(
        args=[
            "organisations",
            "add",
            "district_housing",
            "重庆市渝中区住房和城乡建设委员会",
            "--district",
            "500103",
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    office = db.session.scalars(sa.select(Organisation)).one()
    assert office.district.name == "渝中区"
    assert db.session.scalars(sa.select(AuditEvent.action)).all()[-1] == "organisation.create"
    listed = runner.invoke(args=["organisations", "list"]).output
    assert "重庆市渝中区住房和城乡建设委员会" in listed


def test_an_unknown_district_is_refused_and_nothing_is_written(runner, db):
    result = runner.invoke(
        args=["organisations", "add", "agency", "某采购代理公司", "--district", "999999"]
    )
    assert result.exit_code != 0 and "没有该代码或名称的行政区划" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_moving_an_account_keeps_what_it_did(runner, db):
    officer = make_user()
    tender = make_tender(status="draft", officer=officer)
    first = officer.organisation_id
    elsewhere = make_office("重庆市渝北区住房和城乡建设委员会")
    db.session.commit()
    result = runner.invoke(
        args=["organisations", "move", officer.username, str(elsewhere.id), "--reason", "调动"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    tender = db.session.get(Tender, tender.id)
    assert tender.organisation_id == first  # the tender stays with the office that owns it
    assert tender.created_by_id == officer.id
    assert not tender.can_manage(db.session.get(type(officer), officer.id))
    moved = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "organisation.member_moved")
    ).one()
    assert (
        moved.details["to"] == "重庆市渝北区住房和城乡建设委员会"
        and moved.details["reason"] == "调动"
    )
    # removed from any organisation: the account and its tender remain
    assert runner.invoke(args=["organisations", "move", officer.username]).exit_code == 0
    assert db.session.get(Tender, tender.id) is not None
    again = runner.invoke(args=["organisations", "move", officer.username])
    assert again.exit_code != 0 and "该账号已属于此单位" in again.output
