"""A first place shared by several bids is settled, with its reason, before the award (issue 12).

Revision ID: 3f7a9c2e1d04
Revises: 5d674707e093
Create Date: 2026-11-30 13:30:00
"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "3f7a9c2e1d04"
down_revision = "5d674707e093"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tie_settlements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("notice_published_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("tied", sa.JSON(), nullable=False),
        sa.Column("winner", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("witnesses", sa.Text(), nullable=False),
        sa.Column("decided_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_tie_settlements_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_tie_settlements_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tie_settlements")),
    )
    with op.batch_alter_table("tie_settlements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tie_settlements_tender_id"), ["tender_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("tie_settlements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tie_settlements_tender_id"))
    op.drop_table("tie_settlements")
