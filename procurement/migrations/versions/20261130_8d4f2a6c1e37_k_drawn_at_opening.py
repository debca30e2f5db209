"""The 下浮系数 K drawn at opening (issue 14 §2): the draw, with its candidates, the receipts that
seeded it, the seed and the index, is kept on the tender. Existing tenders drew nothing (empty).

Revision ID: 8d4f2a6c1e37
Revises: 8a4f2c6e1b93
Create Date: 2026-11-30 19:00:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8d4f2a6c1e37"
down_revision = "8a4f2c6e1b93"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("k_draw", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.drop_column("k_draw")
