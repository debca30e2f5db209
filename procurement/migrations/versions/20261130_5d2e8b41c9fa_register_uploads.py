"""register uploads (an insurer's policies or claims file kept for confirmation) and the districts'
submitted annual reports

Revision ID: 5d2e8b41c9fa
Revises: ab7fb6a7c6d1
Create Date: 2026-11-30 16:35:00

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "5d2e8b41c9fa"
down_revision = "ab7fb6a7c6d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "register_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("insurer_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("preview", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["insurer_id"], ["insurers.id"], name=op.f("fk_register_uploads_insurer_id_insurers")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_register_uploads_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_uploads")),
    )
    with op.batch_alter_table("register_uploads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_register_uploads_insurer_id"), ["insurer_id"], unique=False
        )

    op.create_table(
        "register_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("annexes", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_register_reports_district_id_districts"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_register_reports_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_register_reports_submitted_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_reports")),
        sa.UniqueConstraint(
            "district_id",
            "year",
            "version",
            name=op.f("uq_register_reports_district_id_year_version"),
        ),
    )
    with op.batch_alter_table("register_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_register_reports_district_id"), ["district_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("register_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_reports_district_id"))
    op.drop_table("register_reports")
    with op.batch_alter_table("register_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_uploads_insurer_id"))
    op.drop_table("register_uploads")
