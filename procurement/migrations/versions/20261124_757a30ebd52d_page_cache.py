"""The shared cache of public pages for anonymous visitors (procurement.pagecache).

Revision ID: 757a30ebd52d
Revises: 3c220631a10c
Create Date: 2026-11-24 20:25:54.932453

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "757a30ebd52d"
down_revision = "3c220631a10c"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "page_cache",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("expires_at", procurement.db.UTCDateTime(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_page_cache")),
    )


def downgrade():

    op.drop_table("page_cache")
