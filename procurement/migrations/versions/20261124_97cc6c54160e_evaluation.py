"""Committee seats, review results, scoresheets and scores, flag decisions, results, signatures.

Revision ID: 97cc6c54160e
Revises: 757a30ebd52d
Create Date: 2026-11-24 20:38:51.529085

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "97cc6c54160e"
down_revision = "757a30ebd52d"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "committee_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_chair", sa.Boolean(), nullable=False),
        sa.Column("assigned_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("declared_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("has_conflict", sa.Boolean(), nullable=True),
        sa.Column("conflict_note", sa.Text(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_committee_members_tender_id_tenders")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_committee_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_members")),
        sa.UniqueConstraint(
            "tender_id", "user_id", name=op.f("uq_committee_members_tender_id_user_id")
        ),
    )
    with op.batch_alter_table("committee_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_committee_members_tender_id"), ["tender_id"], unique=False
        )

    op.create_table(
        "evaluation_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("computed_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("finalised_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("report_pdf", sa.LargeBinary(), nullable=True),
        sa.Column("report_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_evaluation_results_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_results")),
        sa.UniqueConstraint("tender_id", name=op.f("uq_evaluation_results_tender_id")),
    )
    op.create_table(
        "flag_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("outlier", "abnormally_low", name="flagkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column(
            "resolution",
            sa.Enum(
                "explained",
                "replaced",
                "accepted",
                "rejected",
                name="flagresolution",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"], ["bids.id"], name=op.f("fk_flag_decisions_bid_id_bids")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_flag_decisions_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["committee_members.id"],
            name=op.f("fk_flag_decisions_member_id_committee_members"),
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_flag_decisions_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_decisions")),
    )
    with op.batch_alter_table("flag_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_flag_decisions_tender_id"), ["tender_id"], unique=False
        )

    op.create_table(
        "report_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["committee_members.id"],
            name=op.f("fk_report_signatures_member_id_committee_members"),
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_report_signatures_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_signatures")),
        sa.UniqueConstraint("member_id", name=op.f("uq_report_signatures_member_id")),
    )
    with op.batch_alter_table("report_signatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_signatures_tender_id"), ["tender_id"], unique=False
        )

    op.create_table(
        "review_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("qualification", "compliance", name="reviewkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("requirement_id", sa.String(length=40), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"], ["bids.id"], name=op.f("fk_review_results_bid_id_bids")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_review_results_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_review_results_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_results")),
        sa.UniqueConstraint(
            "bid_id",
            "kind",
            "requirement_id",
            name=op.f("uq_review_results_bid_id_kind_requirement_id"),
        ),
    )
    with op.batch_alter_table("review_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_results_tender_id"), ["tender_id"], unique=False
        )

    op.create_table(
        "scoresheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "submitted", name="scoresheetstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("updated_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("submitted_at", procurement.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["committee_members.id"],
            name=op.f("fk_scoresheets_member_id_committee_members"),
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tenders.id"], name=op.f("fk_scoresheets_tender_id_tenders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoresheets")),
        sa.UniqueConstraint("member_id", name=op.f("uq_scoresheets_member_id")),
    )
    with op.batch_alter_table("scoresheets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scoresheets_tender_id"), ["tender_id"], unique=False)

    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scoresheet_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.String(length=40), nullable=False),
        sa.Column("points", sa.Numeric(precision=7, scale=2), nullable=False),
        sa.ForeignKeyConstraint(["bid_id"], ["bids.id"], name=op.f("fk_scores_bid_id_bids")),
        sa.ForeignKeyConstraint(
            ["scoresheet_id"], ["scoresheets.id"], name=op.f("fk_scores_scoresheet_id_scoresheets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
        sa.UniqueConstraint(
            "scoresheet_id",
            "bid_id",
            "criterion_id",
            name=op.f("uq_scores_scoresheet_id_bid_id_criterion_id"),
        ),
    )
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scores_scoresheet_id"), ["scoresheet_id"], unique=False
        )


def downgrade():

    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scores_scoresheet_id"))

    op.drop_table("scores")
    with op.batch_alter_table("scoresheets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoresheets_tender_id"))

    op.drop_table("scoresheets")
    with op.batch_alter_table("review_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_results_tender_id"))

    op.drop_table("review_results")
    with op.batch_alter_table("report_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_signatures_tender_id"))

    op.drop_table("report_signatures")
    with op.batch_alter_table("flag_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flag_decisions_tender_id"))

    op.drop_table("flag_decisions")
    op.drop_table("evaluation_results")
    with op.batch_alter_table("committee_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_committee_members_tender_id"))

    op.drop_table("committee_members")
