"""What an insurer does with spot checks: record one (with photos), or import a file checked first and
kept for confirmation, as the officer's imports are (operations.py). Audited; the caller commits."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.maintenance import queries, spotchecks
from procurement.maintenance import records as rec
from procurement.maintenance.models import (
    DataImport,
    ImportKind,
    ImportStatus,
    SpotCheck,
    SpotCheckPhoto,
)


class SpotCheckError(DomainError):
    """A spot check or a spot-check upload the insurer may not record as given."""

    messages = {
        "not_insurer": _l("Only the users of an approved insurer record spot checks."),
        # its `problems` detail: (column, reason) pairs in Chinese, from spotchecks.check_fields
        "invalid": _l("The spot check is not valid: %(text)s"),
        "photo_type": _l("Photos must be JPEG or PNG images."),
        "photo_size": _l("Each photo may be at most 5 MB, and at most 6 photos."),
        "import_done": _l("This upload has already been applied or discarded."),
        "row_errors": _l("The file has errors; nothing was imported."),
    }


def _insurer_of(user: Any) -> int:
    if not getattr(user, "can_bid", False):  # an active user of an approved insurer
        raise SpotCheckError("not_insurer")
    return int(user.insurer_id)


def record_spot_check(
    user: Any, fields: dict[str, str], photos: list[tuple[str, bytes]]
) -> SpotCheck:
    insurer_id = _insurer_of(user)
    row, problems = spotchecks.check_fields(
        fields["elevator_no"], fields["company"], fields["checked_on"], fields["items"],
        fields["result"], fields.get("note", ""), known=set(queries.known_companies()),
        today=clock.now().date(),
    )  # fmt: skip
    if row is None:
        text = "；".join(f"{column}：{reason}" for column, reason in problems)
        raise SpotCheckError("invalid", text=text)
    if len(photos) > spotchecks.MAX_PHOTOS or any(
        len(data) > spotchecks.MAX_PHOTO_BYTES for _n, data in photos
    ):
        raise SpotCheckError("photo_size", "photos")
    kinds = [spotchecks.photo_type(data) for _n, data in photos]
    if None in kinds:
        raise SpotCheckError("photo_type", "photos")
    check = _add(insurer_id, user, row)
    for (name, data), kind in zip(photos, kinds, strict=True):
        check.photos.append(SpotCheckPhoto(filename=name[:200], mimetype=kind or "", data=data))
    db.session.flush()
    record("maintenance.spot_check_recorded", check,
           details={"elevator": row.elevator_no, "company": row.uscc, "passed": row.passed,
                    "checked_on": row.checked_on.isoformat(), "photos": len(photos)})  # fmt: skip
    return check


def _add(insurer_id: int, user: Any, row: spotchecks.Row) -> SpotCheck:
    ids = queries.known_companies()
    check = SpotCheck(
        insurer_id=insurer_id, company_id=ids[row.uscc], elevator_no=row.elevator_no,
        checked_on=row.checked_on, items=row.items, passed=row.passed, note=row.note,
        created_by_id=user.id,
    )  # fmt: skip
    db.session.add(check)
    return check


def _checked(filename: str, data: bytes) -> tuple[list[spotchecks.Row], list[rec.RowError], int]:
    rows = rec.read_rows(filename, data)
    found, errors = spotchecks.check(rows, set(queries.known_companies()), clock.now().date())
    return found, errors, sum(1 for row in rows[1:] if any(row))


def stage_spot_checks(
    user: Any, filename: str, data: bytes
) -> tuple[DataImport | None, list[rec.RowError], int]:
    """Check a file; keep it for confirmation only if it has no error. (upload, errors, rows)"""
    _insurer_of(user)
    found, errors, count = _checked(filename, data)
    if errors:
        return None, errors, count
    names = queries.company_names()
    preview = [
        {"elevator_no": r.elevator_no, "uscc": r.uscc, "name": names.get(r.uscc, ""),
         "checked_on": r.checked_on.isoformat(), "items": r.items,
         "result": "合格" if r.passed else "不合格", "note": r.note}
        for r in found[:50]
    ]  # fmt: skip
    waiting = sa.select(DataImport).where(
        DataImport.status == ImportStatus.PENDING,
        DataImport.kind == ImportKind.SPOT_CHECKS,
        DataImport.created_by_id == user.id,
    )
    for older in db.session.scalars(waiting):  # a newer upload replaces one still waiting
        older.status, older.data = ImportStatus.DISCARDED, None
    pending = DataImport(
        kind=ImportKind.SPOT_CHECKS, filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(), data=data, rows=count,
        companies=len({r.uscc for r in found}), preview=preview, created_by_id=user.id,
    )  # fmt: skip
    db.session.add(pending)
    db.session.flush()
    return pending, [], count


def confirm_spot_checks(pending: DataImport, user: Any, apply: bool) -> int:
    """Apply (checked again: the registry may have changed) or discard; the spot checks added."""
    insurer_id = _insurer_of(user)
    if pending.status != ImportStatus.PENDING:
        raise SpotCheckError("import_done")
    if not apply:
        pending.status, pending.data = ImportStatus.DISCARDED, None
        return 0
    assert pending.data is not None  # noqa: S101  # pending uploads keep their file
    found, errors, _count = _checked(pending.filename, pending.data)
    if errors:
        raise SpotCheckError("row_errors")
    for row in found:
        _add(insurer_id, user, row)
    pending.status, pending.applied_at, pending.data = ImportStatus.APPLIED, clock.now(), None
    record("maintenance.spot_checks_imported", pending,
           details={"file": pending.filename, "sha256": pending.sha256, "spot_checks": len(found),
                    "passed": sum(r.passed for r in found)})  # fmt: skip
    return len(found)
