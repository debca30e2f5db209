"""The register's elevators name their maintenance company (维保单位)

Revision ID: 8a4f2c6e1b93
Revises: 7a1f0c3e9b52
Create Date: 2026-11-30 18:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8a4f2c6e1b93"
down_revision = "7a1f0c3e9b52"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("register_elevators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("maintainer_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_register_elevators_maintainer_id"), ["maintainer_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_register_elevators_maintainer_id_organisations"),
            "organisations",
            ["maintainer_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("register_elevators", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_register_elevators_maintainer_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_register_elevators_maintainer_id"))
        batch_op.drop_column("maintainer_id")
