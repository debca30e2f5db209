"""Maintenance-company evaluation: registry, periods, company data, imports, publications.

Revision ID: 58acd812eb3b
Revises: c4f831b35555
Create Date: 2026-11-27 15:33:46.787431

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "58acd812eb3b"
down_revision = "c4f831b35555"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "maintenance_companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("licence_no", sa.String(length=60), nullable=False),
        sa.Column("licence_expires_on", sa.Date(), nullable=True),
        sa.Column("districts", sa.JSON(), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_companies")),
        sa.UniqueConstraint("uscc", name=op.f("uq_maintenance_companies_uscc")),
    )
    with op.batch_alter_table("maintenance_companies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_maintenance_companies_name"), ["name"], unique=False)

    op.create_table(
        "maintenance_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("template", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "correcting",
                name="periodstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_periods")),
        sa.UniqueConstraint("code", name=op.f("uq_maintenance_periods_code")),
    )
    op.create_table(
        "maintenance_company_data",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("reported", sa.JSON(), nullable=False),
        sa.Column("aggregated", sa.JSON(), nullable=False),
        sa.Column("record_totals", sa.JSON(), nullable=False),
        sa.Column("elevators", sa.Integer(), nullable=False),
        sa.Column("record_districts", sa.JSON(), nullable=False),
        sa.Column("vetoes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["maintenance_companies.id"],
            name=op.f("fk_maintenance_company_data_company_id_maintenance_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["maintenance_periods.id"],
            name=op.f("fk_maintenance_company_data_period_id_maintenance_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_company_data")),
        sa.UniqueConstraint(
            "period_id", "company_id", name=op.f("uq_maintenance_company_data_period_id_company_id")
        ),
    )
    with op.batch_alter_table("maintenance_company_data", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maintenance_company_data_period_id"), ["period_id"], unique=False
        )

    op.create_table(
        "maintenance_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "records",
                "indicators",
                "companies",
                name="importkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("companies", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=True),
        sa.Column("preview", sa.JSON(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending", "applied", "discarded", name="importstatus", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("applied_at", procurement.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_maintenance_imports_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["maintenance_periods.id"],
            name=op.f("fk_maintenance_imports_period_id_maintenance_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_imports")),
    )
    with op.batch_alter_table("maintenance_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maintenance_imports_period_id"), ["period_id"], unique=False
        )

    op.create_table(
        "maintenance_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("template", sa.JSON(), nullable=False),
        sa.Column("grade_counts", sa.JSON(), nullable=False),
        sa.Column("published_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("xlsx", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["maintenance_periods.id"],
            name=op.f("fk_maintenance_publications_period_id_maintenance_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_maintenance_publications_published_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["maintenance_publications.id"],
            name=op.f("fk_maintenance_publications_replaces_id_maintenance_publications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_publications")),
        sa.UniqueConstraint(
            "period_id", "number", name=op.f("uq_maintenance_publications_period_id_number")
        ),
    )
    with op.batch_alter_table("maintenance_publications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maintenance_publications_period_id"), ["period_id"], unique=False
        )

    op.create_table(
        "maintenance_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("districts", sa.JSON(), nullable=False),
        sa.Column("elevators", sa.Integer(), nullable=False),
        sa.Column("total", sa.Double(), nullable=False),
        sa.Column("grade", sa.String(length=4), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("points", sa.JSON(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("vetoes", sa.JSON(), nullable=False),
        sa.Column("record_totals", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["maintenance_companies.id"],
            name=op.f("fk_maintenance_results_company_id_maintenance_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["maintenance_publications.id"],
            name=op.f("fk_maintenance_results_publication_id_maintenance_publications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_results")),
        sa.UniqueConstraint(
            "publication_id",
            "company_id",
            name=op.f("uq_maintenance_results_publication_id_company_id"),
        ),
    )
    with op.batch_alter_table("maintenance_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maintenance_results_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_maintenance_results_publication_id"), ["publication_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("maintenance_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_results_publication_id"))
        batch_op.drop_index(batch_op.f("ix_maintenance_results_company_id"))

    op.drop_table("maintenance_results")
    with op.batch_alter_table("maintenance_publications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_publications_period_id"))

    op.drop_table("maintenance_publications")
    with op.batch_alter_table("maintenance_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_imports_period_id"))

    op.drop_table("maintenance_imports")
    with op.batch_alter_table("maintenance_company_data", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_company_data_period_id"))

    op.drop_table("maintenance_company_data")
    op.drop_table("maintenance_periods")
    with op.batch_alter_table("maintenance_companies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_companies_name"))

    op.drop_table("maintenance_companies")
