"""`flask --app procurement tenders list [--json]`."""

from __future__ import annotations

import json

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from procurement import clock
from procurement.extensions import db
from procurement.tenders.models import Tender

tenders_cli = AppGroup("tenders", help="Tender commands.")


def state(tender: Tender) -> str:
    """The stored status, with "closed" for a published tender past its deadline."""
    return "closed" if tender.is_closed(clock.now()) else tender.status.value


@tenders_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def list_tenders(as_json: bool) -> None:
    """Every tender's reference, title and status."""
    rows = db.session.scalars(sa.select(Tender).order_by(Tender.created_at, Tender.id)).all()
    items = [{"reference": t.reference, "title": t.title, "status": state(t)} for t in rows]
    if as_json:
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for item in items:
        click.echo(f"{item['reference']:<20} {item['status']:<10} {item['title']}")
