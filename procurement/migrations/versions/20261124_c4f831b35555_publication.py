"""Publication: the candidates' notice, objections, notifications.

Revision ID: c4f831b35555
Revises: 93c6c35369e2
Create Date: 2026-11-24 21:44:55.922078

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "c4f831b35555"
down_revision = "93c6c35369e2"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("read_at", procurement.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_user_id"), ["user_id"], unique=False)

    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("published_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("notice_ends_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("objections_close_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=False),
        sa.Column("awarded_at", procurement.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_notices_published_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_notices_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("tender_id", name=op.f("uq_notices_tender_id")),
    )
    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("filer_name", sa.String(length=100), nullable=False),
        sa.Column("filer_contact", sa.String(length=200), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("evidence_filename", sa.String(length=200), nullable=True),
        sa.Column("evidence", sa.LargeBinary(), nullable=True),
        sa.Column("filed_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("reply_due_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("standing_verified", sa.Boolean(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open", "upheld", "rejected", name="objectionstatus", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_objections_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["filed_by_id"], ["users.id"], name=op.f("fk_objections_filed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_objections_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objections")),
        sa.UniqueConstraint("tender_id", "number", name=op.f("uq_objections_tender_id_number")),
    )
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objections_tender_id"), ["tender_id"], unique=False)


def downgrade():

    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objections_tender_id"))

    op.drop_table("objections")
    op.drop_table("notices")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_user_id"))

    op.drop_table("notifications")
