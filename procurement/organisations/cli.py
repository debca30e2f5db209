"""`flask --app procurement districts load FILE…|--built-in`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from procurement.extensions import db


def _kinds() -> list[Any]:
    from procurement.organisations.models import OrganisationKind

    return list(OrganisationKind)


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


organisations_cli = AppGroup("organisations", help="Organisations and their accounts.")


@organisations_cli.command("list")
def list_organisations() -> None:
    """Every organisation: id, kind, jurisdiction, name, accounts."""
    import sqlalchemy as sa

    from procurement.accounts.models import User
    from procurement.organisations.queries import organisations_query

    for organisation in db.session.scalars(organisations_query()):
        count = db.session.scalar(
            sa.select(sa.func.count()).where(User.organisation_id == organisation.id)
        )
        district = organisation.district.code if organisation.district else "-"
        click.echo(
            f"{organisation.id}\t{organisation.kind.value}\t{district}\t{organisation.name}\t{count}"
        )


@organisations_cli.command("add")
@click.argument("kind", type=click.Choice([k.value for k in _kinds()]))
@click.argument("name")
@click.option("--district", help="The jurisdiction: a division's code or name.")
@click.option("--uscc", help="统一社会信用代码, where it has one.")
def add(kind: str, name: str, district: str | None, uscc: str | None) -> None:
    """Create an organisation (audited)."""
    from procurement.organisations.models import OrganisationKind
    from procurement.organisations.operations import OrganisationError, create_organisation

    try:
        organisation = create_organisation(OrganisationKind(kind), name, district, uscc)
    except OrganisationError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"{organisation.id}\t{organisation.name}")


@organisations_cli.command("move")
@click.argument("username")
@click.argument("organisation_id", type=int, required=False)
@click.option("--reason", default="", help="Why, kept in the audit log.")
def move(username: str, organisation_id: int | None, reason: str) -> None:
    """Move an account to the organisation ORGANISATION_ID (none: out of any), keeping its history."""
    import sqlalchemy as sa

    from procurement.accounts.models import User
    from procurement.organisations.models import Organisation
    from procurement.organisations.operations import OrganisationError, move_account

    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no account {username}")
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation_id and organisation is None:
        raise click.ClickException(f"no organisation {organisation_id}")
    try:
        move_account(user, organisation, reason)
    except OrganisationError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"{username} → {organisation.name if organisation else '-'}")
