"""Supervision notes (issue 15) and the acting organisation of each audit event (nullable: the
events written before keep their rows and their hashes, which do not cover it).

Revision ID: c73b38ba9af7
Revises: aafac5878651
Create Date: 2026-11-30 15:29:37.895674

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "c73b38ba9af7"
down_revision = "aafac5878651"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "supervision_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=True),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("author_organisation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", procurement.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "(tender_id IS NULL) <> (period_id IS NULL)",
            name=op.f("ck_supervision_notes_one_object"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_supervision_notes_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_supervision_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["author_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_supervision_notes_author_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_supervision_notes_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["maintenance_periods.id"],
            name=op.f("fk_supervision_notes_period_id_maintenance_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_supervision_notes_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_notes")),
    )
    with op.batch_alter_table("supervision_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_notes_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_notes_period_id"), ["period_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_notes_tender_id"), ["tender_id"], unique=False
        )

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_audit_events_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_events_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_audit_events_organisation_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_audit_events_organisation_id"))
        batch_op.drop_column("organisation_id")

    with op.batch_alter_table("supervision_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_notes_tender_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_notes_period_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_notes_organisation_id"))

    op.drop_table("supervision_notes")
