"""`flask --app procurement shaoguan settle`: approve the proposals whose notice ended with no
standing objection (公示无异议). Safe to run at any time, e.g. hourly from cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from procurement.extensions import db

shaoguan_cli = AppGroup("shaoguan", help="Shaoguan's programme (韶市建联字〔2024〕12号).")


@shaoguan_cli.command("settle")
def settle_command() -> None:
    """Approve every proposal whose notice has ended without a standing objection."""
    from procurement.shaoguan import notice

    approved = notice.settle_all()
    db.session.commit()
    for proposal in approved:
        click.echo(f"approved proposal {proposal.id} ({proposal.community.name})")
    click.echo(f"{len(approved)} approved")
