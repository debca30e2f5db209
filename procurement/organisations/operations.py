"""Loading districts, keeping the organisations of insurers and maintenance companies, and the
administrators' changes to organisations and memberships (audited; nothing is deleted)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement.accounts.uscc import normalise, problem
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.organisations.districts import RowProblem, read_districts
from procurement.organisations.models import District, Organisation, OrganisationKind


class DistrictFileError(DomainError):
    messages = {
        "row_errors": _l("The division file has %(count)s problems; nothing was loaded."),
    }

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("row_errors", "file", count=len(problems))
        self.rows = problems


def load_districts(data: bytes, source: str) -> tuple[int, int]:
    """Add or rename the divisions of a file, all or nothing; return (added, renamed).

    Loading the same file again changes nothing.
    """
    existing = {d.code: d for d in db.session.scalars(sa.select(District))}
    rows, problems = read_districts(data, set(existing))
    if problems:
        raise DistrictFileError(problems)
    added = renamed = 0
    for row in rows:  # parents come first in a well-ordered file; link after creating all
        district = existing.get(row.code)
        if district is None:
            district = existing[row.code] = District(code=row.code, name=row.name, level=row.level)
            db.session.add(district)
            added += 1
        elif (district.name, district.level) != (row.name, row.level):
            district.name, district.level = row.name, row.level
            renamed += 1
    for row in rows:
        existing[row.code].parent = existing[row.parent_code] if row.parent_code else None
    if added or renamed:
        record(
            "districts.load",
            object_type="districts",
            object_id=source[:64],
            details={"source": source, "added": added, "renamed": renamed},
        )
    return added, renamed


def organisations_for(kind: OrganisationKind, names: dict[str, str]) -> dict[str, Organisation]:
    """The organisations of this kind for many credit codes at once ({uscc: name}), created or
    renamed to match: `organisation_for` for a whole import, in one query."""
    existing = {
        o.uscc: o
        for o in db.session.scalars(sa.select(Organisation).where(Organisation.kind == kind))
    }
    found = {}
    for uscc, name in names.items():
        organisation = existing.get(uscc)
        if organisation is None:
            organisation = Organisation(kind=kind, uscc=uscc)
            db.session.add(organisation)
        organisation.name = name
        found[uscc] = organisation
    return found


def organisation_for(
    kind: OrganisationKind, name: str, uscc: str | None, district: District | None = None
) -> Organisation:
    """The organisation of this kind with this credit code, created (or renamed) to match.

    Insurers and maintenance companies keep their own profile tables; each row points at its
    organisation, which is what accounts, ownership and jurisdiction name.
    """
    organisation = None
    if uscc:
        organisation = db.session.scalar(
            sa.select(Organisation).where(Organisation.kind == kind, Organisation.uscc == uscc)
        )
    if organisation is None:
        organisation = Organisation(kind=kind, name=name, uscc=uscc or None, district=district)
        db.session.add(organisation)
    else:
        organisation.name = name
    return organisation


class OrganisationError(DomainError):
    messages = {
        "name_required": _l("Enter the organisation's name."),
        "unknown_district": _l("No division has this code or name."),
        "uscc_taken": _l("Another organisation of this kind has this credit code."),
        "same_organisation": _l("The account already belongs to this organisation."),
        "uscc_invalid": _l("This is not a valid unified social credit code."),
        "kind_kept": _l(
            "Insurers and maintenance companies keep their kind: their registrations name them."
        ),
        "inactive_organisation": _l("This organisation is deactivated; reactivate it first."),
    }


def _checked_fields(
    kind: OrganisationKind,
    name: str,
    district: str | None,
    uscc: str | None,
    organisation: Organisation | None = None,
) -> tuple[str, District | None, str | None]:
    """The name, division and credit code of a new or edited organisation, or the first problem."""
    from procurement.organisations.queries import district_by_code_or_name

    name = name.strip()
    if not name:
        raise OrganisationError("name_required", "name")
    division = district_by_code_or_name(district) if district else None
    if district and division is None:
        raise OrganisationError("unknown_district", "district")
    uscc = normalise(uscc) if uscc else None
    if uscc and problem(uscc):
        raise OrganisationError("uscc_invalid", "uscc")
    taken = sa.select(Organisation.id).where(Organisation.kind == kind, Organisation.uscc == uscc)
    if organisation is not None:
        taken = taken.where(Organisation.id != organisation.id)
    if uscc and db.session.scalar(taken):
        raise OrganisationError("uscc_taken", "uscc")
    return name, division, uscc


def create_organisation(
    kind: OrganisationKind, name: str, district: str | None, uscc: str | None = None
) -> Organisation:
    """A new office, agency or company with its jurisdiction (a division's code or name)."""
    name, division, uscc = _checked_fields(kind, name, district, uscc)
    organisation = Organisation(kind=kind, name=name, uscc=uscc, district=division)
    db.session.add(organisation)
    db.session.flush()
    record(
        "organisation.create",
        organisation,
        details={"kind": kind.value, "name": name, "district": division.code if division else None},
    )
    return organisation


KEPT_KINDS = frozenset({OrganisationKind.INSURER, OrganisationKind.MAINTENANCE})


def edit_organisation(
    organisation: Organisation,
    kind: OrganisationKind,
    name: str,
    district: str | None,
    uscc: str | None = None,
) -> None:
    """Change an organisation's kind, name, jurisdiction or credit code; the audit event keeps
    what each changed field was before."""
    if kind != organisation.kind and {kind, organisation.kind} & KEPT_KINDS:
        raise OrganisationError("kind_kept", "kind")
    name, division, uscc = _checked_fields(kind, name, district, uscc, organisation)
    before = _fields(organisation)
    organisation.kind, organisation.name = kind, name
    organisation.uscc, organisation.district = uscc, division
    after = _fields(organisation)
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changed:
        record("organisation.edit", organisation, details={"changed": changed})


def _fields(organisation: Organisation) -> dict[str, Any]:
    return {
        "kind": organisation.kind.value,
        "name": organisation.name,
        "uscc": organisation.uscc,
        "district": organisation.district.code if organisation.district else None,
    }


def set_organisation_active(organisation: Organisation, active: bool) -> None:
    """Deactivate an organisation (its members stay, a supervising office no longer oversees) or
    reactivate it. Nothing is deleted."""
    if organisation.active == active:
        return
    organisation.active = active
    record(
        "organisation.activate" if active else "organisation.deactivate",
        organisation,
        details={"before": not active, "after": active},
    )


def move_account(user: Any, organisation: Organisation | None, reason: str = "") -> None:
    """Move an account to another organisation (or out of any). What it did stays as it was: its
    tenders, periods and audit events keep the organisation they were done for."""
    if user.organisation_id == (organisation.id if organisation else None):
        raise OrganisationError("same_organisation", "organisation")
    if organisation is not None and not organisation.active:
        raise OrganisationError("inactive_organisation", "organisation")
    before = user.organisation
    user.organisation = organisation
    record(
        "organisation.member_moved",
        object_type="users",
        object_id=user.id,
        details={
            "username": user.username,
            "from": before.name if before else None,
            "to": organisation.name if organisation else None,
            "reason": reason,
        },
    )
