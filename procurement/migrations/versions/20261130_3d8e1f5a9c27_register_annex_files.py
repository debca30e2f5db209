"""The register's annexes as files rendered by a worker: a submitted version's four, and an
office's download of the live figures; a Shaoguan notice's posters, rendered when it is published

Revision ID: 3d8e1f5a9c27
Revises: 65040f07f011
Create Date: 2026-11-30 23:55:00.000000

"""

import sqlalchemy as sa
from alembic import op

from procurement.db import UTCDateTime

# revision identifiers, used by Alembic.
revision = "3d8e1f5a9c27"
down_revision = "65040f07f011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "register_annex_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("fmt", sa.String(length=4), nullable=False),
        sa.Column("office", sa.String(length=200), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["district_id"], ["districts.id"]),
        sa.ForeignKeyConstraint(["report_id"], ["register_reports.id"]),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id", "number", "fmt"),
    )
    op.create_index(
        op.f("ix_register_annex_files_report_id"), "register_annex_files", ["report_id"]
    )
    op.add_column("shaoguan_proposals", sa.Column("poster_a4", sa.LargeBinary(), nullable=True))
    op.add_column("shaoguan_proposals", sa.Column("poster_a3", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("shaoguan_proposals") as batch_op:
        batch_op.drop_column("poster_a3")
        batch_op.drop_column("poster_a4")
    op.drop_index(op.f("ix_register_annex_files_report_id"), table_name="register_annex_files")
    op.drop_table("register_annex_files")
