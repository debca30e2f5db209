"""Pilot targets: insured elevators in a district by a date

Revision ID: 7e4b2a9c1f56
Revises: 8d4f2a6c1e37
Create Date: 2026-11-30 18:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "7e4b2a9c1f56"
down_revision = "8d4f2a6c1e37"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "register_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("elevators", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=False),
        sa.Column("set_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_register_targets_district_id_districts"),
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_register_targets_set_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_targets")),
        sa.UniqueConstraint(
            "district_id", "due_on", name=op.f("uq_register_targets_district_id_due_on")
        ),
    )
    with op.batch_alter_table("register_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_register_targets_district_id"), ["district_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("register_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_targets_district_id"))
    op.drop_table("register_targets")
