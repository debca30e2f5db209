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


@pilot_cli.command("annex")
@click.argument("number", type=click.Choice(["1", "2"]))
@click.option("--district", "code", required=True, help="GB/T 2260 code (or exact name)")
@click.option("--year", type=int, required=True)
@click.option("--json", "as_json", is_flag=True, help="print the rows as JSON")
@click.option(
    "-o", "output", type=click.Path(dir_okay=False, path_type=Path), help="FILE.xlsx or .pdf"
)
def annex_command(number: str, code: str, year: int, as_json: bool, output: Path | None) -> None:
    """Compute 附件1 or 附件2 of Chongqing's annual report for a district and a year."""
    from procurement.organisations.queries import district_by_code_or_name
    from procurement.register import forms_out
    from procurement.register.annexes import compute

    district = district_by_code_or_name(code)
    if district is None:
        raise click.ClickException(f"no district {code}")
    annex = compute(int(number), district, year)
    if output is not None:
        if output.suffix not in {".xlsx", ".pdf"}:
            raise click.ClickException("-o must name a .xlsx or .pdf file")
        data = forms_out.as_xlsx(annex) if output.suffix == ".xlsx" else forms_out.as_pdf(annex)
        output.write_bytes(data)
        click.echo(f"{output}: {len(annex.rows)} rows")
    if as_json or output is None:
        click.echo(forms_out.as_json(annex))
