"""Loading districts and keeping the organisations of insurers and maintenance companies."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

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
