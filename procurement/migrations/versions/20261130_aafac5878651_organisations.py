"""Districts and organisations (issue 15): insurers and maintenance companies become organisations of
their kind; existing staff, tenders and periods go to one office created for them; two new roles (the
role column is a VARCHAR without a CHECK, so they need no schema change).

Revision ID: aafac5878651
Revises: 3f7a9c2e1d04
Create Date: 2026-11-30 14:56:26
"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "aafac5878651"
down_revision = "3f7a9c2e1d04"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "districts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "province", "city", "district", name="districtlevel", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["districts.id"], name=op.f("fk_districts_parent_id_districts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.UniqueConstraint("code", name=op.f("uq_districts_code")),
    )
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_districts_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_districts_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "city_housing",
                "district_housing",
                "city_market",
                "district_market",
                "financial",
                "agency",
                "insurer",
                "maintenance",
                "property",
                "owners_committee",
                "user_unit",
                name="organisationkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_organisations_district_id_districts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("kind", "uscc", name=op.f("uq_organisations_kind_uscc")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisations_district_id"), ["district_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organisations_name"), ["name"], unique=False)

    with op.batch_alter_table("insurers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_insurers_organisation_id"), ["organisation_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_insurers_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )

    with op.batch_alter_table("maintenance_companies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_maintenance_companies_organisation_id"), ["organisation_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_maintenance_companies_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )

    with op.batch_alter_table("maintenance_periods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_maintenance_periods_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_maintenance_periods_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )

    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_tenders_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_tenders_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_users_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_users_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )

    _link_existing_records()


def _link_existing_records():
    """Every insurer and maintenance company gets its organisation; the accounts, tenders and periods
    made before organisations existed belong to one office, which an administrator renames."""
    connection = op.get_bind()
    for table, kind in (("insurers", "insurer"), ("maintenance_companies", "maintenance")):
        connection.execute(
            sa.text(
                f"INSERT INTO organisations (kind, name, uscc, active, created_at) "  # noqa: S608
                f"SELECT :kind, name, uscc, :yes, :now FROM {table}"
            ),
            {"kind": kind, "yes": True, "now": _now(connection)},
        )
        connection.execute(
            sa.text(
                f"UPDATE {table} SET organisation_id = (SELECT o.id FROM organisations o "  # noqa: S608
                f"WHERE o.kind = :kind AND o.uscc = {table}.uscc)"
            ),
            {"kind": kind},
        )
    connection.execute(
        sa.text(
            "UPDATE users SET organisation_id = (SELECT organisation_id FROM insurers "
            "WHERE insurers.id = users.insurer_id) WHERE insurer_id IS NOT NULL"
        )
    )
    staff = connection.scalar(sa.text("SELECT count(*) FROM users WHERE role = 'officer'"))
    owned = connection.scalar(
        sa.text(
            "SELECT (SELECT count(*) FROM tenders) + (SELECT count(*) FROM maintenance_periods)"
        )
    )
    if not staff and not owned:
        return
    connection.execute(
        sa.text(
            "INSERT INTO organisations (kind, name, active, created_at) "
            "VALUES ('agency', :name, :yes, :now)"
        ),
        {"name": "本机构（升级前的账户，请改名）", "yes": True, "now": _now(connection)},
    )
    office = connection.scalar(sa.text("SELECT max(id) FROM organisations WHERE kind = 'agency'"))
    connection.execute(
        sa.text("UPDATE users SET organisation_id = :office WHERE role = 'officer'"),
        {"office": office},
    )
    for table in ("tenders", "maintenance_periods"):
        connection.execute(
            sa.text(f"UPDATE {table} SET organisation_id = :office"),  # noqa: S608
            {"office": office},
        )


def _now(connection):
    from datetime import UTC, datetime

    return datetime.now(UTC).replace(tzinfo=None)  # UTCDateTime stores naive UTC


def downgrade():
    op.execute("UPDATE users SET role = 'officer' WHERE role IN ('supervisor', 'community')")

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_users_organisation_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_users_organisation_id"))
        batch_op.drop_column("organisation_id")

    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_tenders_organisation_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_tenders_organisation_id"))
        batch_op.drop_column("organisation_id")

    with op.batch_alter_table("maintenance_periods", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_maintenance_periods_organisation_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_maintenance_periods_organisation_id"))
        batch_op.drop_column("organisation_id")

    with op.batch_alter_table("maintenance_companies", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_maintenance_companies_organisation_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_maintenance_companies_organisation_id"), type_="unique"
        )
        batch_op.drop_column("organisation_id")

    with op.batch_alter_table("insurers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_insurers_organisation_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_insurers_organisation_id"), type_="unique")
        batch_op.drop_column("organisation_id")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_name"))
        batch_op.drop_index(batch_op.f("ix_organisations_district_id"))

    op.drop_table("organisations")
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_districts_parent_id"))
        batch_op.drop_index(batch_op.f("ix_districts_name"))

    op.drop_table("districts")
