"""The notice keeps the result it publicised (issue 13: a reopened evaluation is not public).

Revision ID: 5e1a7c0d2b91
Revises: e41c9a7f3b20
Create Date: 2026-11-30 12:40:00

Existing notices get a copy of their tender's stored result, with the bidders' names and the
committee, as `publish_candidates` now writes it.
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e1a7c0d2b91"
down_revision = "e41c9a7f3b20"
branch_labels = None
depends_on = None


def _loaded(value):
    return json.loads(value) if isinstance(value, str) else value


def _iso(value):
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _snapshots(connection):
    notices = connection.execute(
        sa.text(
            "SELECT n.id, n.tender_id, r.result, r.finalised_at FROM notices n "
            "JOIN evaluation_results r ON r.tender_id = n.tender_id"
        )
    ).all()
    for notice_id, tender_id, stored, finalised_at in notices:
        result = _loaded(stored)
        names = dict(
            connection.execute(
                sa.text(
                    "SELECT b.id, i.name FROM bids b JOIN insurers i ON i.id = b.insurer_id "
                    "WHERE b.tender_id = :tender"
                ),
                {"tender": tender_id},
            ).all()
        )
        committee = connection.execute(
            sa.text(
                "SELECT u.display_name, m.is_chair FROM committee_members m "
                "JOIN users u ON u.id = m.user_id WHERE m.tender_id = :tender "
                "AND m.removed = :removed ORDER BY m.id"
            ),
            {"tender": tender_id, "removed": False},
        ).all()
        keys = {e["bid"] for e in result["ranking"]} | {e["bid"] for e in result["excluded"]}
        yield (
            notice_id,
            {
                "finalised_at": _iso(finalised_at),
                "ranking": result["ranking"],
                "excluded": result["excluded"],
                "names": {f"B{bid}": name for bid, name in names.items() if f"B{bid}" in keys},
                "committee": [{"name": name, "chair": bool(chair)} for name, chair in committee],
            },
        )


def upgrade():
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("result", sa.JSON(), nullable=True))
    connection = op.get_bind()
    notices = sa.table("notices", sa.column("id", sa.Integer), sa.column("result", sa.JSON))
    for notice_id, snapshot in list(_snapshots(connection)):
        connection.execute(
            notices.update().where(notices.c.id == notice_id).values(result=snapshot)
        )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.alter_column("result", existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("result")
