"""Importing the register's files: check everything, then write all of it or nothing.

`check_file` reads and checks (the preview and the command line use it); `apply_file` checks again
and writes. Writing is by bulk insert and update: a re-import of the same file finds every row
unchanged and writes nothing, not even an audit event.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.maintenance.records import FileProblem, RowError, read_rows
from procurement.organisations.models import Organisation, OrganisationKind
from procurement.register import checks, queries
from procurement.register.models import Claim, Community, Elevator, Policy, RegisterUpload, Survey
from procurement.register.rows import parse_rows

KINDS = ("elevators", "policies", "claims", "surveys")
MAX_FILE_BYTES = 100 * 1024 * 1024
PREVIEW_ROWS = 50
CHECKS: dict[str, Callable[[checks.Rows], checks.Checked]] = {
    "elevators": checks.elevators,
    "policies": checks.policies,
    "claims": checks.claims,
    "surveys": checks.surveys,
}
SCOPED = {"policies": checks.policies, "claims": checks.claims}  # what an insurer uploads


class RegisterImportError(DomainError):
    messages = {
        "row_errors": _l("The file has %(count)s problems; nothing was imported."),
    }

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("row_errors", "file", count=len(errors))
        self.errors = errors


class RegisterUploadError(DomainError):
    messages = {
        "upload_done": _l("This upload has already been imported or discarded."),
        "no_uscc": _l(
            "Your organisation has no unified social credit code on record; ask the administrator."
        ),
    }


@dataclass
class Checked:
    kind: str
    records: Sequence[dict[str, Any]]
    errors: list[RowError]
    added: int = 0
    changed: int = 0
    preview: Sequence[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.records) + len({e.row for e in self.errors})


def check_file(
    kind: str,
    filename: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
    insurer: int | None = None,
    unit: Organisation | None = None,
) -> Checked:
    """Read and check a file of one kind without writing; raise FileProblem for the whole file.
    `insurer`: an insurer's staff upload only their own policies and the claims on them; `unit`:
    a user unit uploads only its own elevators."""
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem("too_large")
    with paused_collector():
        return _check(kind, filename, data, progress, insurer, unit)


def _check(
    kind: str,
    filename: str,
    data: bytes,
    progress: Callable[[int, int], None] | None,
    insurer: int | None,
    unit: Organisation | None,
) -> Checked:
    rows = read_rows(filename, data)
    step = (lambda n: progress(n, len(rows))) if progress else None
    parsed, errors = parse_rows(kind, rows, step)
    if unit is not None:
        records, more = checks.unit_elevators(parsed, unit)
    elif insurer is not None:
        records, more = SCOPED[kind](parsed, insurer)
    else:
        records, more = CHECKS[kind](parsed)
    errors = sorted(errors + more, key=lambda e: e.row)
    return Checked(kind, records, errors, preview=records[:PREVIEW_ROWS])


def apply_file(
    kind: str,
    filename: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
    insurer: int | None = None,
    unit: Organisation | None = None,
) -> Checked:
    """Check and write a file, all or nothing; the caller commits."""
    checked = check_file(kind, filename, data, progress, insurer, unit)
    if checked.errors:
        raise RegisterImportError(checked.errors)
    writer: Callable[[Sequence[dict[str, Any]]], tuple[int, int]] = {
        "elevators": lambda records: _elevators(records, unit),
        "policies": _policies,
        "claims": _claims,
        "surveys": _surveys,
    }[kind]
    with paused_collector():
        checked.added, checked.changed = writer(checked.records)
    if checked.added or checked.changed:
        record(
            f"register.import_{kind}",
            object_type="register",
            object_id=kind,
            details={
                "file": filename[:200],
                "rows": len(checked.records),
                "added": checked.added,
                "changed": checked.changed,
            },
        )
    return checked


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cycle collector while a file is checked or written: the millions of tuples,
    strings and dicts of a large file hold no reference cycles (reference counting frees them),
    yet each batch of new objects made the collector walk all of them again, a third of the
    time of a 300,000-row import."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def discard(upload: RegisterUpload) -> None:
    if upload.status != "pending":
        raise RegisterUploadError("upload_done")
    upload.status, upload.data = "discarded", None


def _table(model: Any) -> sa.Table:
    table: sa.Table = model.__table__
    return table


def _upsert(
    model: Any,
    existing: dict[Any, tuple[Any, ...]],
    keyed: list[tuple[Any, dict[str, Any]]],
    fields: tuple[str, ...],
) -> tuple[int, int]:
    """Insert the new rows and update the changed ones; (added, changed). Every values dict has
    the same keys: the columns a new row is inserted with."""
    if not keyed:
        return 0, 0
    names = list(keyed[0][1])
    row_of = itemgetter(*names)
    return _upsert_rows(
        model, existing, [key for key, _ in keyed], [row_of(v) for _, v in keyed], names, fields
    )


def _upsert_rows(
    model: Any,
    existing: dict[Any, tuple[Any, ...]],
    keys: Sequence[Any],
    rows: list[tuple[Any, ...]],
    names: list[str],
    fields: tuple[str, ...],
) -> tuple[int, int]:
    """The same with each row a tuple of the columns `names`, `fields` among them."""
    fields_of = itemgetter(*[names.index(name) for name in fields])
    inserts, updates = [], []
    for key, row in zip(keys, rows, strict=True):
        found = existing.get(key)
        if found is None:
            inserts.append(row)
        elif tuple(found[1:]) != fields_of(row):
            updates.append({"row_id": found[0], **dict(zip(fields, fields_of(row), strict=True))})
    table = _table(model)
    if inserts and any(c.default is not None and c.name not in names for c in table.columns):
        db.session.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in inserts])
    elif inserts:  # nothing for SQLAlchemy to fill in: the driver's executemany
        insert_rows(table, names, inserts)
    if updates:
        by_id = table.update().where(table.c.id == sa.bindparam("row_id"))
        db.session.execute(by_id, updates)
    return len(inserts), len(updates)


def insert_rows(table: sa.Table, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain tuples in the session's transaction: PostgreSQL's COPY, or on SQLite the
    DB-API's executemany.

    SQLAlchemy's Core insert builds and processes a parameter dict per row, about two thirds of
    the time of a 300,000-row import; here each column's distinct values go through its type's
    bind processor (dates to text on SQLite, enums to their values) once each, and the driver
    gets the tuples. On PostgreSQL an INSERT per row (psycopg's executemany) took 9 s for 300,000
    elevators; COPY streams them in one statement."""
    connection = db.session.connection()
    dialect = connection.dialect
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    if any(processors):
        columns = [
            _each_distinct_once(process, column) if process else column
            for process, column in zip(processors, zip(*rows, strict=True), strict=True)
        ]
        rows = list(zip(*columns, strict=True))
    quote = dialect.identifier_preparer.quote
    if dialect.name == "postgresql":
        _copy_rows(connection, f"{quote(table.name)} ({', '.join(map(quote, names))})", rows)
        return
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    # the table's own column names, quoted; the values are bound
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "  # noqa: S608
        f"VALUES ({', '.join([marker] * len(names))})"
    )
    connection.exec_driver_sql(statement, rows)


def _copy_rows(connection: sa.Connection, target: str, rows: list[tuple[Any, ...]]) -> None:
    """COPY `rows` into `target` (a quoted table and its quoted columns) with psycopg, on the
    connection of the session's transaction; psycopg adapts each value as it would a parameter."""
    driver = connection.connection.driver_connection
    if driver is None:  # a connection in a transaction has its driver's: never here
        raise RuntimeError("no psycopg connection to COPY with")
    with driver.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _each_distinct_once(process: Callable[[Any], Any], column: Sequence[Any]) -> list[Any]:
    """A column's values through a bind processor, each distinct value once: a file's dates and
    codes repeat across thousands of rows. Values equal in Python are one value to a column's
    type (a column holds one type)."""
    try:
        done = {value: process(value) for value in set(column)}
    except TypeError:  # an unhashable value: each one through the processor
        return list(map(process, column))
    return list(map(done.__getitem__, column))


def _elevators(records: Sequence[dict[str, Any]], unit: Organisation | None) -> tuple[int, int]:
    """Write checked elevator rows, column by column. A unit's own upload holds only elevators
    that are new or already its own (its check refused the others, in this transaction): only its
    own are read back to compare, not the whole register."""
    if not isinstance(records, checks.ElevatorRecords):
        records = checks.ElevatorRecords.of(records)
    column = records.columns
    codes, districts, communities = column["uscc"], column["district_id"], column["community"]
    units = queries.user_units()
    if set(codes) - units.keys():
        new_units = {  # the last row naming a unit gives its name and district
            code: (name, district)
            for code, name, district in zip(codes, column["unit_name"], districts, strict=True)
            if code not in units
        }
        db.session.execute(
            sa.insert(_table(Organisation)),
            [
                {"kind": OrganisationKind.USER_UNIT, "name": name, "uscc": code,
                 "district_id": district}
                for code, (name, district) in new_units.items()
            ],
        )  # fmt: skip
        units = queries.user_units()
    places = queries.communities()
    named = set(zip(districts, communities, strict=True))
    missing = {(d, n) for d, n in named if n} - places.keys()
    if missing:
        db.session.execute(
            sa.insert(_table(Community)),
            [{"district_id": d, "name": n} for d, n in sorted(missing)],
        )
        places = queries.communities()
    existing = queries.elevators(None if unit is None else unit.id)
    numbers = column["number"]
    maintainers = column["maintainer_id"]
    if None in maintainers:  # no 维保单位 given: keep the register's
        maintainers = [
            _kept_maintainer(existing.get(number)) if maintainer is None else maintainer
            for number, maintainer in zip(numbers, maintainers, strict=True)
        ]
    rows = list(
        zip(
            numbers,
            column["registration_code"],
            map(units.__getitem__, codes),
            districts,
            [places[(d, n)] if n else None for d, n in zip(districts, communities, strict=True)],
            column["address"],
            column["in_service_on"],
            column["stops"],
            column["residents"],
            column["ownership"],
            maintainers,
            strict=True,
        )
    )
    names = ["number", *queries.ELEVATOR_FIELDS]
    return _upsert_rows(Elevator, existing, numbers, rows, names, queries.ELEVATOR_FIELDS)


def _kept_maintainer(known: tuple[Any, ...] | None) -> Any:
    return known[-1] if known else None


def _policies(records: Sequence[dict[str, Any]]) -> tuple[int, int]:
    keyed = [((r["number"], r["elevator_id"]), r) for r in records]
    return _upsert(Policy, queries.policies(), keyed, queries.POLICY_FIELDS)


def _claims(records: Sequence[dict[str, Any]]) -> tuple[int, int]:
    keyed = [(r["number"], r) for r in records]
    return _upsert(Claim, queries.claims(), keyed, queries.CLAIM_FIELDS)


def _surveys(records: Sequence[dict[str, Any]]) -> tuple[int, int]:
    keyed = [((r["user_unit_id"], r["insurer_id"], r["rated_on"]), r) for r in records]
    return _upsert(Survey, queries.surveys(), keyed, ("score", "comments"))
