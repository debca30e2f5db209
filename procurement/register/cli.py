"""`flask --app procurement pilot …`: imports of the register with progress, and the annexes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from procurement.extensions import db
from procurement.maintenance.cli import SHOWN_ERRORS, report_errors

pilot_cli = AppGroup("pilot", help="The pilot register and the annual report.")

BAD_FILE = 2


@pilot_cli.command("import")
@click.argument("kind", type=click.Choice(["elevators", "policies", "claims", "surveys"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--all-errors", is_flag=True, help="list every problem, not only the first 200")
def import_command(kind: str, file: Path, all_errors: bool) -> None:
    """Check FILE (CSV or XLSX) and add it to the register; nothing is written if any row has a
    problem (exit status 2, the problems on stderr). Importing the same file again changes nothing."""
    from procurement.errors import DomainError
    from procurement.register import operations as ops

    bar: Any = None

    def progress(step: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label="checking rows", file=sys.stderr)
            bar.__enter__()
        bar.update(step)

    try:
        checked = ops.apply_file(kind, file.name, file.read_bytes(), progress)
    except DomainError as error:
        db.session.rollback()
        if bar is not None:
            bar.__exit__(None, None, None)
        if isinstance(error, ops.RegisterImportError):
            report_errors(error.errors, len(error.errors) if all_errors else SHOWN_ERRORS)
        else:
            click.echo("；".join(error.problems), err=True)
        raise SystemExit(BAD_FILE) from error
    if bar is not None:
        bar.__exit__(None, None, None)
    db.session.commit()
    click.echo(
        f"{len(checked.records)} rows checked: {checked.added} added, {checked.changed} changed"
    )
