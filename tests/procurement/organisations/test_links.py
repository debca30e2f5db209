"""Insurers and maintenance companies are organisations of their kind; an officer's tender is its office's."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from procurement.accounts.models import Role
from procurement.extensions import db as _db
from procurement.organisations.models import Organisation, OrganisationKind
from tests.conftest import make_app
from tests.factories import make_insurer, make_tender, make_uscc, make_user


def test_a_registered_insurer_and_its_accounts_belong_to_its_organisation(db):
    user = make_insurer()
    organisation = user.insurer.organisation
    assert organisation.kind is OrganisationKind.INSURER
    assert (organisation.name, organisation.uscc) == (user.insurer.name, user.insurer.uscc)
    assert user.organisation is organisation


def test_an_officers_tender_belongs_to_the_officers_office(db):
    office = Organisation(kind=OrganisationKind.DISTRICT_HOUSING, name="某区住建委")
    db.session.add(office)
    officer = make_user(Role.OFFICER, organisation=office)
    tender = make_tender(status="draft", officer=officer)
    assert tender.organisation is office


def test_a_maintenance_company_saved_gets_its_organisation(db):
    from procurement.maintenance.operations import save_company

    uscc = make_uscc()
    company = save_company(
        None, uscc=uscc, name="重庆某电梯工程有限公司", licence_no="", districts=[]
    )
    db.session.commit()
    assert company.organisation.kind is OrganisationKind.MAINTENANCE
    assert company.organisation.uscc == uscc


def test_the_migration_keeps_every_record_and_links_it(backend, fresh_database, tmp_path):
    database = fresh_database(backend)
    app = make_app(database.url, str(tmp_path))
    with app.app_context():
        upgrade(revision="3f7a9c2e1d04")
        connection = _db.session.connection()
        now = "2026-01-01 00:00:00"
        connection.execute(
            sa.text(
                "INSERT INTO insurers (id, name, uscc, licence_number, contact_name, contact_phone,"
                " contact_email, status, registered_at) VALUES (7, '甲保险', :uscc, 'L1', 'c', 'p',"
                " 'e@x.cn', 'approved', :now)"
            ),
            {"uscc": make_uscc(), "now": now},
        )
        for number, (name, role, insurer) in enumerate(
            [("off", "officer", None), ("ins", "insurer", 7), ("mem", "member", None)], start=1
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO users (id, username, display_name, email, password_hash, role,"
                    " active, created_at, insurer_id, session_token) VALUES (:id, :name, :name,"
                    " 'a@b.cn', 'x', :role, :yes, :now, :insurer, :token)"
                ),
                {"id": number, "name": name, "role": role, "yes": True, "now": now,
                 "insurer": insurer, "token": f"t{number}"},
            )  # fmt: skip
        connection.execute(
            sa.text(
                "INSERT INTO maintenance_companies (id, uscc, name, licence_no, districts, created_at)"
                " VALUES (3, :uscc, '乙维保', '', '[]', :now)"
            ),
            {"uscc": make_uscc(), "now": now},
        )
        _db.session.commit()
        upgrade(revision="aafac5878651")
        rows = {
            row.kind: row
            for row in _db.session.execute(sa.text("SELECT id, kind, name FROM organisations"))
        }
        assert set(rows) == {"insurer", "maintenance", "agency"}
        linked = _db.session.execute(
            sa.text("SELECT username, organisation_id FROM users ORDER BY id")
        ).all()
        assert linked == [
            ("off", rows["agency"].id),
            ("ins", rows["insurer"].id),
            ("mem", None),
        ]
        assert (
            _db.session.scalar(sa.text("SELECT organisation_id FROM insurers"))
            == rows["insurer"].id
        )
        assert (
            _db.session.scalar(sa.text("SELECT organisation_id FROM maintenance_companies"))
            == rows["maintenance"].id
        )
        _db.session.commit()
        downgrade(revision="3f7a9c2e1d04")
        assert _db.session.scalar(sa.text("SELECT count(*) FROM users")) == 3
        _db.session.commit()
        _db.engine.dispose()
