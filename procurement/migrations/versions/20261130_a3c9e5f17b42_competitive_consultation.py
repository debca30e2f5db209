"""Competitive consultation: the stage per tender, minutes per supplier, changes, final offers

Revision ID: a3c9e5f17b42
Revises: 7e4b2a9c1f56
Create Date: 2026-11-30 19:15:00

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "a3c9e5f17b42"
down_revision = "7e4b2a9c1f56"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("offer_deadline", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("invited_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("exception", sa.String(length=40), nullable=True),
        sa.Column("exception_note", sa.Text(), nullable=True),
        sa.Column("opened_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_with", sa.JSON(), nullable=True),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_consultations_invited_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_consultations_opened_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_consultations_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("tender_id", name=op.f("uq_consultations_tender_id")),
    )
    op.create_table(
        "consultation_minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"], ["bids.id"], name=op.f("fk_consultation_minutes_bid_id_bids")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_consultation_minutes_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_consultation_minutes_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_minutes")),
    )
    with op.batch_alter_table("consultation_minutes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_minutes_bid_id"), ["bid_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_minutes_tender_id"), ["tender_id"], unique=False
        )
    op.create_table(
        "consultation_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("respond_by", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("sent_to", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_consultation_changes_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_consultation_changes_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_changes")),
        sa.UniqueConstraint(
            "tender_id", "number", name=op.f("uq_consultation_changes_tender_id_number")
        ),
    )
    with op.batch_alter_table("consultation_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_changes_tender_id"), ["tender_id"], unique=False
        )
    op.create_table(
        "final_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("sealed_content", sa.LargeBinary(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("left_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("opened_price", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("opened_content", sa.JSON(), nullable=True),
        sa.Column("hash_verified", sa.Boolean(), nullable=True),
        sa.Column("opened_problem", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["bid_id"], ["bids.id"], name=op.f("fk_final_offers_bid_id_bids")),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_final_offers_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_final_offers")),
        sa.UniqueConstraint("bid_id", name=op.f("uq_final_offers_bid_id")),
    )
    with op.batch_alter_table("final_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_final_offers_tender_id"), ["tender_id"], unique=False)


def downgrade():
    with op.batch_alter_table("final_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_final_offers_tender_id"))
    op.drop_table("final_offers")
    with op.batch_alter_table("consultation_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_changes_tender_id"))
    op.drop_table("consultation_changes")
    with op.batch_alter_table("consultation_minutes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_minutes_tender_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_minutes_bid_id"))
    op.drop_table("consultation_minutes")
    op.drop_table("consultations")
