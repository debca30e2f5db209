"""`flask --app procurement districts load FILE…|--built-in`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from procurement.extensions import db

districts_cli = AppGroup("districts", help="Administrative divisions (GB/T 2260).")


@districts_cli.command("load")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--built-in", is_flag=True, help="Load the shipped files (重庆市, 韶关市).")
def load(files: tuple[Path, ...], built_in: bool) -> None:
    """Add or rename the divisions in FILES (代码,名称,级别,上级代码); all or nothing per file.
    Exit 2 with the rows' problems on a bad file."""
    from procurement.organisations.districts import BUILT_IN
    from procurement.organisations.operations import DistrictFileError, load_districts

    paths = list(files) + (list(BUILT_IN) if built_in else [])
    if not paths:
        raise click.UsageError("name a file or use --built-in")
    for path in paths:
        try:
            added, renamed = load_districts(path.read_bytes(), path.name)
        except DistrictFileError as error:
            db.session.rollback()
            click.echo(f"{path}: {len(error.rows)} problems; nothing was loaded:", err=True)
            for problem in error.rows:
                click.echo(f"  {problem}", err=True)
            raise SystemExit(2) from error
        db.session.commit()
        click.echo(f"{path.name}: {added} added, {renamed} renamed")
