"""The notice's PDF, rendered when the notice changes and served as stored (issue 13).

Revision ID: 8b3f2d6e4a17
Revises: 5e1a7c0d2b91
Create Date: 2026-11-30 13:00:00

Existing notices have none until their next change; the download renders those on request.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8b3f2d6e4a17"
down_revision = "5e1a7c0d2b91"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("document")
