"""Shaoguan programme: ledger of the pooled income, eligibility, proposals, clause reviews, owners' objections

Revision ID: 5c8e21d7a9f3
Revises: 5d2e8b41c9fa
Create Date: 2026-11-30 15:33:16.280511

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "5c8e21d7a9f3"
down_revision = "5d2e8b41c9fa"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "shaoguan_programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("target_elevators", sa.Integer(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_shaoguan_programmes_district_id_districts"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_shaoguan_programmes_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shaoguan_programmes")),
        sa.UniqueConstraint("slug", name=op.f("uq_shaoguan_programmes_slug")),
    )
    with op.batch_alter_table("shaoguan_programmes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shaoguan_programmes_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "shaoguan_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("uploaded_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["shaoguan_programmes.id"],
            name=op.f("fk_shaoguan_documents_programme_id_shaoguan_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_shaoguan_documents_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shaoguan_documents")),
    )
    with op.batch_alter_table("shaoguan_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shaoguan_documents_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "shaoguan_eligibility",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("property_id", sa.Integer(), nullable=True),
        sa.Column("committee_id", sa.Integer(), nullable=True),
        sa.Column("eligible_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["organisations.id"],
            name=op.f("fk_shaoguan_eligibility_committee_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["register_communities.id"],
            name=op.f("fk_shaoguan_eligibility_community_id_register_communities"),
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"], ["users.id"], name=op.f("fk_shaoguan_eligibility_marked_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["shaoguan_programmes.id"],
            name=op.f("fk_shaoguan_eligibility_programme_id_shaoguan_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["organisations.id"],
            name=op.f("fk_shaoguan_eligibility_property_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shaoguan_eligibility")),
        sa.UniqueConstraint(
            "programme_id",
            "community_id",
            name=op.f("uq_shaoguan_eligibility_programme_id_community_id"),
        ),
    )
    with op.batch_alter_table("shaoguan_eligibility", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shaoguan_eligibility_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "shaoguan_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("eligibility_id", sa.Integer(), nullable=False),
        sa.Column(
            "condition",
            sa.Enum(
                "funds",
                "committee",
                "management",
                "willingness",
                name="condition",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["eligibility_id"],
            ["shaoguan_eligibility.id"],
            name=op.f("fk_shaoguan_evidence_eligibility_id_shaoguan_eligibility"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_shaoguan_evidence_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shaoguan_evidence")),
        sa.UniqueConstraint(
            "eligibility_id",
            "condition",
            name=op.f("uq_shaoguan_evidence_eligibility_id_condition"),
        ),
    )
    op.create_table(
        "shaoguan_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("eligibility_id", sa.Integer(), nullable=False),
        sa.Column("insurer_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("approval_no", sa.String(length=100), nullable=False),
        sa.Column("premium", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "noticed",
                "approved",
                "insured",
                "withdrawn",
                "rejected",
                name="proposalstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("notice_starts_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("notice_ends_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("approved_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column(
            "approval_rule",
            sa.Enum(
                "no_objection", "owners_vote", name="approvalrule", native_enum=False, length=16
            ),
            nullable=True,
        ),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.Column("vote_filename", sa.String(length=200), nullable=True),
        sa.Column("vote", sa.LargeBinary(), nullable=True),
        sa.Column("policy_number", sa.String(length=60), nullable=True),
        sa.Column("insured_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_shaoguan_proposals_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["eligibility_id"],
            ["shaoguan_eligibility.id"],
            name=op.f("fk_shaoguan_proposals_eligibility_id_shaoguan_eligibility"),
        ),
        sa.ForeignKeyConstraint(
            ["insurer_id"], ["insurers.id"], name=op.f("fk_shaoguan_proposals_insurer_id_insurers")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["shaoguan_programmes.id"],
            name=op.f("fk_shaoguan_proposals_programme_id_shaoguan_programmes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shaoguan_proposals")),
    )
    with op.batch_alter_table("shaoguan_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shaoguan_proposals_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "shaoguan_clause_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("clause", sa.String(length=200), nullable=False),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", procurement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["shaoguan_proposals.id"],
            name=op.f("fk_shaoguan_clause_reviews_proposal_id_shaoguan_proposals"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_shaoguan_clause_reviews_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shaoguan_clause_reviews")),
    )
    with op.batch_alter_table("shaoguan_clause_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shaoguan_clause_reviews_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "shaoguan_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "income", "allocation", "premium", name="entrykind", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("statement_filename", sa.String(length=200), nullable=True),
        sa.Column("statement", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["register_communities.id"],
            name=op.f("fk_shaoguan_ledger_community_id_register_communities"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["shaoguan_programmes.id"],
            name=op.f("fk_shaoguan_ledger_programme_id_shaoguan_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["shaoguan_proposals.id"],
            name=op.f("fk_shaoguan_ledger_proposal_id_shaoguan_proposals"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_shaoguan_ledger_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["shaoguan_ledger.id"],
            name=op.f("fk_shaoguan_ledger_reverses_id_shaoguan_ledger"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shaoguan_ledger")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_shaoguan_ledger_reverses_id")),
    )
    with op.batch_alter_table("shaoguan_ledger", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shaoguan_ledger_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "shaoguan_objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("building", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("room", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("owner_key", sa.String(length=64), nullable=False),
        sa.Column("filed_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "stands",
                "withdrawn",
                name="ownerobjectionstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", procurement.db.UTCDateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_shaoguan_objections_answered_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["shaoguan_proposals.id"],
            name=op.f("fk_shaoguan_objections_proposal_id_shaoguan_proposals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shaoguan_objections")),
        sa.UniqueConstraint(
            "proposal_id", "number", name=op.f("uq_shaoguan_objections_proposal_id_number")
        ),
    )
    with op.batch_alter_table("shaoguan_objections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shaoguan_objections_owner_key"), ["owner_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_shaoguan_objections_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "shaoguan_proposal_elevators",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("elevator_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["elevator_id"],
            ["register_elevators.id"],
            name=op.f("fk_shaoguan_proposal_elevators_elevator_id_register_elevators"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["shaoguan_proposals.id"],
            name=op.f("fk_shaoguan_proposal_elevators_proposal_id_shaoguan_proposals"),
        ),
        sa.PrimaryKeyConstraint(
            "proposal_id", "elevator_id", name=op.f("pk_shaoguan_proposal_elevators")
        ),
    )


def downgrade():

    op.drop_table("shaoguan_proposal_elevators")
    with op.batch_alter_table("shaoguan_objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shaoguan_objections_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_shaoguan_objections_owner_key"))

    op.drop_table("shaoguan_objections")
    with op.batch_alter_table("shaoguan_ledger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shaoguan_ledger_programme_id"))

    op.drop_table("shaoguan_ledger")
    with op.batch_alter_table("shaoguan_clause_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shaoguan_clause_reviews_proposal_id"))

    op.drop_table("shaoguan_clause_reviews")
    with op.batch_alter_table("shaoguan_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shaoguan_proposals_programme_id"))

    op.drop_table("shaoguan_proposals")
    op.drop_table("shaoguan_evidence")
    with op.batch_alter_table("shaoguan_eligibility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shaoguan_eligibility_programme_id"))

    op.drop_table("shaoguan_eligibility")
    with op.batch_alter_table("shaoguan_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shaoguan_documents_programme_id"))

    op.drop_table("shaoguan_documents")
    with op.batch_alter_table("shaoguan_programmes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shaoguan_programmes_organisation_id"))

    op.drop_table("shaoguan_programmes")
