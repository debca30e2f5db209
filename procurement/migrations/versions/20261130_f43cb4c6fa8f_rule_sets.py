"""Rule sets by jurisdiction (issue 14 §1): a tender names its jurisdiction; administrators' edits
of the shipped rule data. Existing tenders followed Chongqing's rules: they get "500000".

Revision ID: f43cb4c6fa8f
Revises: c473dda4af97
Create Date: 2026-11-30 15:30:00
"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "f43cb4c6fa8f"
down_revision = "c473dda4af97"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("jurisdiction", sa.String(length=12), server_default="500000", nullable=False)
        )
    op.create_table(
        "rule_overrides",
        sa.Column("jurisdiction", sa.String(length=12), nullable=False),
        sa.Column("route", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("citation", sa.String(length=500), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_rule_overrides_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("jurisdiction", "route", "key", name=op.f("pk_rule_overrides")),
    )


def downgrade():
    op.drop_table("rule_overrides")
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.drop_column("jurisdiction")
