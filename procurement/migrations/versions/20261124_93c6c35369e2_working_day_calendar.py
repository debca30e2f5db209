"""The working-day calendar: public holidays and make-up working days.

Revision ID: 93c6c35369e2
Revises: 97cc6c54160e
Create Date: 2026-11-24 21:36:37.635799

"""

import sqlalchemy as sa
from alembic import op

import procurement.db

# revision identifiers, used by Alembic.
revision = "93c6c35369e2"
down_revision = "97cc6c54160e"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("updated_at", procurement.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )


def downgrade():

    op.drop_table("calendar_days")
