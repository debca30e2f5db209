"""register uploads by user units (elevators files) and the district offices' corrections of
register rows

Revision ID: 7a1f0c3e9b52
Revises: 5c8e21d7a9f3
Create Date: 2026-11-30 18:50:00

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "7a1f0c3e9b52"
down_revision = "5c8e21d7a9f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("register_uploads", schema=None) as batch_op:
        batch_op.alter_column("insurer_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_register_uploads_unit_id_organisations"),
            "organisations",
            ["unit_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_register_uploads_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "register_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("corrected_by_id", sa.Integer(), nullable=False),
        sa.Column("corrected_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_register_corrections_district_id_districts"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_register_corrections_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["users.id"],
            name=op.f("fk_register_corrections_corrected_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_corrections")),
    )
    with op.batch_alter_table("register_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_register_corrections_district_id"), ["district_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("register_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_corrections_district_id"))
    op.drop_table("register_corrections")
    with op.batch_alter_table("register_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_uploads_unit_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_register_uploads_unit_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_column("unit_id")
        batch_op.alter_column("insurer_id", existing_type=sa.Integer(), nullable=False)
