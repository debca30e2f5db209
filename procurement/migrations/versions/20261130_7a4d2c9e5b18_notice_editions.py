"""Every notice of a tender's candidates is kept as publicised (issue 18: a second notice after an
upheld objection no longer changes the first one's OCDS release).

Revision ID: 7a4d2c9e5b18
Revises: a3c9e5f17b42
Create Date: 2026-11-30 19:30:00

Existing notices become their tender's first edition (an earlier notice that a re-publication
already replaced cannot be recovered).
"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "7a4d2c9e5b18"
down_revision = "a3c9e5f17b42"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notice_editions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("notice_ends_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("objections_close_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_notice_editions_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_editions")),
        sa.UniqueConstraint(
            "tender_id", "number", name=op.f("uq_notice_editions_tender_id_number")
        ),
    )
    with op.batch_alter_table("notice_editions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notice_editions_tender_id"), ["tender_id"], unique=False
        )
    op.execute(
        "INSERT INTO notice_editions "
        "(tender_id, number, published_at, notice_ends_at, objections_close_at, result) "
        "SELECT tender_id, 1, published_at, notice_ends_at, objections_close_at, result "
        "FROM notices WHERE result IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("notice_editions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_editions_tender_id"))
    op.drop_table("notice_editions")
