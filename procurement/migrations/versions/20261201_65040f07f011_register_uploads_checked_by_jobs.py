"""Register uploads checked and imported by jobs: an upload keeps what its check or import found
(the rows' errors, or the counts added and changed)

Revision ID: 65040f07f011
Revises: 600bbf78bcae
Create Date: 2026-12-01 00:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "65040f07f011"
down_revision = "600bbf78bcae"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("register_uploads", sa.Column("outcome", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("register_uploads") as batch_op:
        batch_op.drop_column("outcome")
