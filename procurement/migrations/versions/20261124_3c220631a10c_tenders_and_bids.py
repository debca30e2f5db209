"""Tenders, amendments and their acknowledgements, bids and bid attachments.

Revision ID: 3c220631a10c
Revises: 724785691896
Create Date: 2026-11-24 20:17:03.895797

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "3c220631a10c"
down_revision = "724785691896"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "tenders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("procuring_entity", sa.String(length=200), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "open_tender",
                "competitive_consultation",
                name="tendermethod",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "route",
            sa.Enum(
                "tendering_law",
                "government_procurement",
                name="legalroute",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("districts", sa.JSON(), nullable=False),
        sa.Column("elevator_count", sa.Integer(), nullable=False),
        sa.Column("ceiling_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("min_bids", sa.Integer(), nullable=False),
        sa.Column("submission_deadline", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("opening_time", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("requirements", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "opened",
                "failed",
                "cancelled",
                name="tenderstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("published_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("opened_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_tenders_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_tenders_opened_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenders")),
        sa.UniqueConstraint("reference", name=op.f("uq_tenders_reference")),
    )
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tenders_published_at"), ["published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tenders_status"), ["status"], unique=False)

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("deadline_moved", sa.Boolean(), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_amendments_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_amendments_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
        sa.UniqueConstraint("tender_id", "number", name=op.f("uq_amendments_tender_id_number")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendments_tender_id"), ["tender_id"], unique=False)

    op.create_table(
        "bids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("insurer_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft", "submitted", "withdrawn", name="bidstatus", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("sealed_content", sa.LargeBinary(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("withdrawn_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("updated_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("opened_price", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("opened_content", sa.JSON(), nullable=True),
        sa.Column("hash_verified", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["insurer_id"], ["insurers.id"], name=op.f("fk_bids_insurer_id_insurers")
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_bids_tender_id_tenders")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_bids_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bids")),
        sa.UniqueConstraint("tender_id", "insurer_id", name=op.f("uq_bids_tender_id_insurer_id")),
    )
    with op.batch_alter_table("bids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bids_insurer_id"), ["insurer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bids_tender_id"), ["tender_id"], unique=False)

    op.create_table(
        "amendment_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("insurer_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["users.id"],
            name=op.f("fk_amendment_acknowledgements_acknowledged_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["amendments.id"],
            name=op.f("fk_amendment_acknowledgements_amendment_id_amendments"),
        ),
        sa.ForeignKeyConstraint(
            ["insurer_id"],
            ["insurers.id"],
            name=op.f("fk_amendment_acknowledgements_insurer_id_insurers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_acknowledgements")),
        sa.UniqueConstraint(
            "amendment_id",
            "insurer_id",
            name=op.f("uq_amendment_acknowledgements_amendment_id_insurer_id"),
        ),
    )
    op.create_table(
        "bid_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sealed_data", sa.LargeBinary(), nullable=True),
        sa.Column("uploaded_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"], ["bids.id"], name=op.f("fk_bid_attachments_bid_id_bids")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_attachments")),
    )
    with op.batch_alter_table("bid_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bid_attachments_bid_id"), ["bid_id"], unique=False)


def downgrade():

    with op.batch_alter_table("bid_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bid_attachments_bid_id"))

    op.drop_table("bid_attachments")
    op.drop_table("amendment_acknowledgements")
    with op.batch_alter_table("bids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bids_tender_id"))
        batch_op.drop_index(batch_op.f("ix_bids_insurer_id"))

    op.drop_table("bids")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendments_tender_id"))

    op.drop_table("amendments")
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tenders_status"))
        batch_op.drop_index(batch_op.f("ix_tenders_published_at"))

    op.drop_table("tenders")
