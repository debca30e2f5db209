"""Documents rendered by jobs: a report draft's PDF and SHA-256 are empty until a worker renders
it; a notice stores its ranking's XLSX beside its PDF

Revision ID: 600bbf78bcae
Revises: 9b4b74e8c6e9
Create Date: 2026-11-30 23:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "600bbf78bcae"
down_revision = "9b4b74e8c6e9"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("notices", sa.Column("spreadsheet", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("report_drafts") as batch_op:
        batch_op.alter_column("pdf", existing_type=sa.LargeBinary(), nullable=True)
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=True)


def downgrade():
    with op.batch_alter_table("notices") as batch_op:
        batch_op.drop_column("spreadsheet")
    op.execute("DELETE FROM report_drafts WHERE pdf IS NULL OR sha256 IS NULL")
    with op.batch_alter_table("report_drafts") as batch_op:
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("pdf", existing_type=sa.LargeBinary(), nullable=False)
