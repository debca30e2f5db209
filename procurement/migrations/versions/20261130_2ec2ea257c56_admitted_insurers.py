"""Several admitted insurers (入围, issue 14 §3): a tender may admit up to a number of insurers and/or
every insurer scoring at least a minimum. Existing tenders keep one winner (both empty).

Revision ID: 2ec2ea257c56
Revises: f43cb4c6fa8f
Create Date: 2026-11-30 16:00:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "2ec2ea257c56"
down_revision = "f43cb4c6fa8f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("admit_count", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("admit_min_score", sa.Numeric(precision=6, scale=2), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.drop_column("admit_min_score")
        batch_op.drop_column("admit_count")
