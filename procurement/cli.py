"""Command-line commands: `flask --app procurement seed-demo`, `audit verify`, `audit checkpoint`, …"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from procurement.extensions import db

audit_cli = AppGroup("audit", help="Audit log commands.")


@audit_cli.command("verify")
@click.option(
    "--checkpoints",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A saved copy of /audit/checkpoints?format=json to check against (repeatable).",
)
def audit_verify(files: tuple[str, ...]) -> None:
    """Check the audit log's hash chain against its signed checkpoints; exit 1 naming the first bad
    event."""
    from procurement.audit.operations import verify_chain

    result = verify_chain([c for name in files for c in _published_checkpoints(name)])
    if result.ok:
        click.echo(
            f"audit log intact: {result.events} events, {result.checkpoints} signed checkpoints"
        )
        return
    click.echo(f"audit log broken: {result.problem}", err=True)
    raise SystemExit(1)


def _published_checkpoints(name: str) -> list[Any]:
    from procurement.audit.checkpoints import Checkpoint

    try:
        listing = json.loads(Path(name).read_text(encoding="utf-8"))
        return [Checkpoint.from_json(entry) for entry in listing["checkpoints"]]
    except (ValueError, KeyError, TypeError) as error:
        raise click.ClickException(f"{name}: not a saved checkpoint list ({error!r})") from error


@audit_cli.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign the chain's head now (run daily from cron); print the checkpoint."""
    from procurement.audit.checkpoints import make_checkpoint

    checkpoint = make_checkpoint("daily")
    db.session.commit()
    made_at = checkpoint.made_at.isoformat(timespec="seconds")
    click.echo(f"checkpoint: event #{checkpoint.seq} {checkpoint.head_hash} at {made_at}")


@click.command("seed-demo")
def seed_demo() -> None:
    """Migrate the database and, if it is empty, load the demo data; print the demo accounts."""
    from procurement import demo

    upgrade()
    from procurement.workdays.operations import load_shipped

    load_shipped()
    accounts_file = Path(current_app.instance_path) / "demo-accounts.txt"
    created = demo.load(accounts_file)
    db.session.commit()
    if created:
        click.echo("Demo data loaded.")
    if accounts_file.exists():
        click.echo(f"Demo accounts (also in {accounts_file}):")
        for line in accounts_file.read_text(encoding="utf-8").splitlines():
            username, role, password, *passphrase = line.split("\t")
            holder = f"  key-holder passphrase: {passphrase[0]}" if passphrase else ""
            click.echo(f"  {role:<20} {username:<10} {password}{holder}")
    elif not created:
        click.echo("The database already has accounts; no demo data loaded.")


@click.command("ocds")
@click.argument("reference")
def ocds_command(reference: str) -> None:
    """Print a published tender as an OCDS 1.1 release package (JSON)."""
    import sqlalchemy as sa

    from procurement.api.ocds import release_package
    from procurement.tenders.models import Tender

    tender = db.session.scalar(sa.select(Tender).where(Tender.reference == reference))
    if tender is None or not tender.is_public:
        raise click.ClickException(f"no published tender with reference {reference}")
    base = current_app.config.get("PUBLIC_URL", "http://localhost:5000").rstrip("/")
    package = release_package(tender, f"{base}/api/v1/tenders/{reference}/ocds")
    click.echo(json.dumps(package, ensure_ascii=False, indent=2))


calendar_cli = AppGroup("calendar", help="The working-day calendar.")


@calendar_cli.command("load")
def calendar_load() -> None:
    """Add the shipped holiday arrangements for days the calendar does not have yet."""
    from procurement.workdays.operations import load_shipped

    added = load_shipped()
    db.session.commit()
    click.echo(f"{added} days added")


report_cli = AppGroup("report", help="Reports.")


@report_cli.command("evaluation")
@click.argument("reference")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def report_evaluation(reference: str, output: str) -> None:
    """Write a tender's evaluation report PDF: the final one once every member has signed, the
    current draft before."""
    import sqlalchemy as sa

    from procurement.evaluation.queries import current_draft, result_of
    from procurement.evaluation.report import render_report
    from procurement.tenders.models import Tender

    tender = db.session.scalar(sa.select(Tender).where(Tender.reference == reference))
    if tender is None:
        raise click.ClickException(f"no tender with reference {reference}")
    row = result_of(tender)
    if row is None or row.finalised_at is None:
        raise click.ClickException(f"the evaluation of {reference} is not finalised")
    draft = current_draft(tender)
    if row.report_sha256 and row.report_pdf:
        document = row.report_pdf
    else:  # not signed by every member yet: the stored draft (待签署), rendered only if none stands
        document = draft.pdf if draft and draft.pdf else render_report(tender)
    Path(output).write_bytes(document)
    click.echo(f"{output}: {len(document)} bytes")


def init_app(app: Flask) -> None:
    from procurement.maintenance.cli import maintenance_cli
    from procurement.organisations.cli import districts_cli, organisations_cli
    from procurement.register.cli import pilot_cli
    from procurement.shaoguan.cli import shaoguan_cli
    from procurement.tenders.cli import tenders_cli

    app.cli.add_command(tenders_cli)
    app.cli.add_command(maintenance_cli)
    app.cli.add_command(districts_cli)
    app.cli.add_command(pilot_cli)
    app.cli.add_command(organisations_cli)
    app.cli.add_command(shaoguan_cli)
    app.cli.add_command(report_cli)
    app.cli.add_command(calendar_cli)
    app.cli.add_command(ocds_command)
    app.cli.add_command(audit_cli)
    app.cli.add_command(seed_demo)
