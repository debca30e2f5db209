"""Consultation: each supplier's written response to a change, with an optional PDF attachment

Revision ID: 9b4b74e8c6e9
Revises: a6d4f19c2b70
Create Date: 2026-11-30 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "9b4b74e8c6e9"
down_revision = "a6d4f19c2b70"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consultation_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachment", sa.LargeBinary(), nullable=True),
        sa.Column("attachment_filename", sa.String(length=200), nullable=True),
        sa.Column("attachment_sha256", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"], ["bids.id"], name=op.f("fk_consultation_responses_bid_id_bids")
        ),
        sa.ForeignKeyConstraint(
            ["change_id"],
            ["consultation_changes.id"],
            name=op.f("fk_consultation_responses_change_id_consultation_changes"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_consultation_responses_submitted_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_consultation_responses_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_responses")),
        sa.UniqueConstraint(
            "change_id", "bid_id", name=op.f("uq_consultation_responses_change_id_bid_id")
        ),
    )
    with op.batch_alter_table("consultation_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_responses_bid_id"), ["bid_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_responses_tender_id"), ["tender_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("consultation_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_responses_tender_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_responses_bid_id"))
    op.drop_table("consultation_responses")
