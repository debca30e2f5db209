"""The report is signed as read: stored draft versions, and signatures on a draft's SHA-256 that a
change withdraws and keeps (issue 12 §2).

Existing signatures stay, with no draft: the first draft rendered for their tender withdraws them.

Revision ID: c473dda4af97
Revises: a4c81e6f2d93
Create Date: 2026-11-30 15:20:00
"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "c473dda4af97"
down_revision = "a4c81e6f2d93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("superseded_at", procurement.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_report_drafts_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_drafts")),
        sa.UniqueConstraint(
            "tender_id", "version", name=op.f("uq_report_drafts_tender_id_version")
        ),
    )
    with op.batch_alter_table("report_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_drafts_tender_id"), ["tender_id"], unique=False)

    with op.batch_alter_table("report_signatures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", procurement.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))
        # A member's withdrawn signatures are kept beside the current one.
        batch_op.drop_constraint(batch_op.f("uq_report_signatures_member_id"), type_="unique")
        batch_op.create_foreign_key(
            batch_op.f("fk_report_signatures_draft_id_report_drafts"),
            "report_drafts",
            ["draft_id"],
            ["id"],
        )


def downgrade():
    # One signature per member again: the withdrawn ones (history) cannot be kept.
    op.execute("DELETE FROM report_signatures WHERE withdrawn_at IS NOT NULL")
    with op.batch_alter_table("report_signatures", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_report_signatures_draft_id_report_drafts"), type_="foreignkey"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_report_signatures_member_id"), ["member_id"]
        )
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("sha256")
        batch_op.drop_column("draft_id")

    with op.batch_alter_table("report_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_drafts_tender_id"))
    op.drop_table("report_drafts")
