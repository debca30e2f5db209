"""`flask --app procurement maintenance …`: imports of hundreds of thousands of rows, with progress."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from procurement.extensions import db

maintenance_cli = AppGroup("maintenance", help="Maintenance-company evaluation.")

SHOWN_ERRORS = 200


def report_errors(errors: list[Any], limit: int) -> None:
    click.echo(f"{len(errors)} problems; nothing was imported:", err=True)
    for error in errors[:limit]:
        click.echo(f"  row {error.row}, {error.column}, '{error.value}': {error.reason}", err=True)
    if len(errors) > limit:
        click.echo(
            f"  … and {len(errors) - limit} more (use --all-errors to list them all)", err=True
        )


def _import(kind: Any, period: Any, path: Path, all_errors: bool) -> None:
    from procurement.errors import DomainError
    from procurement.maintenance import operations as ops

    data = path.read_bytes()
    bar: Any = None

    def progress(step: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label="checking rows", file=sys.stderr)
            bar.__enter__()
        bar.update(step)

    try:
        checked = ops.apply_file(kind, period, path.name, data, progress)
    except DomainError as error:  # a refused file (FileProblem) or step (MaintenanceError)
        db.session.rollback()
        if isinstance(error, ops.MaintenanceError) and error.code == "row_errors":
            report_errors(error.errors, len(error.errors) if all_errors else SHOWN_ERRORS)
            raise SystemExit(1) from error
        raise click.ClickException("；".join(error.problems)) from error
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    db.session.commit()
    click.echo(f"imported {checked.rows} rows for {checked.companies} companies")


@maintenance_cli.command("import")
@click.argument("period_code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["records", "indicators"]),
    default="records",
    show_default=True,
    help="elevator records, or company-level indicator values and veto items",
)
@click.option("--all-errors", is_flag=True, help="list every problem, not only the first 200")
def import_command(period_code: str, file: Path, kind: str, all_errors: bool) -> None:
    """Check FILE (CSV or XLSX) and import it into the period PERIOD_CODE; nothing is written if any
    row has a problem (exit status 1, the problems on stderr)."""
    from procurement.maintenance.models import EvaluationPeriod, ImportKind

    period = db.session.scalar(
        sa.select(EvaluationPeriod).where(EvaluationPeriod.code == period_code)
    )
    if period is None:
        raise click.ClickException(f"no evaluation period with code {period_code}")
    _import(ImportKind(kind), period, file, all_errors)


@maintenance_cli.command("import-companies")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--all-errors", is_flag=True, help="list every problem, not only the first 200")
def import_companies(file: Path, all_errors: bool) -> None:
    """Add or update maintenance companies in the registry from FILE (CSV or XLSX)."""
    from procurement.maintenance.models import ImportKind

    _import(ImportKind.COMPANIES, None, file, all_errors)


@maintenance_cli.command("periods")
def periods() -> None:
    """List the evaluation periods with their status and number of companies with data."""
    from procurement.maintenance.models import CompanyData, EvaluationPeriod

    for period in db.session.scalars(
        sa.select(EvaluationPeriod).order_by(EvaluationPeriod.ends_on)
    ):
        count = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(CompanyData)
            .where(CompanyData.period_id == period.id)
        )
        click.echo(f"{period.code}\t{period.name}\t{period.status.value}\t{count} companies")


@maintenance_cli.command("pdf")
@click.argument("period_code")
def render_pdf(period_code: str) -> None:
    """Render and store the PDF of a period's current publication ahead of the first download (a
    period of thousands of companies takes tens of seconds, longer than a web request should)."""
    from procurement.maintenance.documents import store_pdf
    from procurement.maintenance.public import print_context

    context = print_context(period_code)
    if context is None:
        raise click.ClickException(f"no published evaluation period with code {period_code}")
    store_pdf(context)
    db.session.commit()
    publication = context["publication"]
    click.echo(
        f"{period_code} publication {publication.number}: {len(publication.pdf)} bytes stored"
    )
