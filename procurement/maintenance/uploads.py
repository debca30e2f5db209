"""Reading and checking an uploaded file of any of the three kinds, without writing anything.

`check_file` is shared by the upload pages (check, keep for confirmation), the confirmation and the
command line (check and apply in one go, see operations.py): the file-level limits, reading CSV or
XLSX, the row checks of records.py and sheets.py, and the aggregation of elevator records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from procurement.maintenance import queries, sheets
from procurement.maintenance import records as rec
from procurement.maintenance.models import EvaluationPeriod, ImportKind
from procurement.maintenance.records import INDICATORS

MAX_FILE_BYTES = 100 * 1024 * 1024
PREVIEW_ROWS = 50


@dataclass
class Checked:
    kind: ImportKind
    rows: int
    companies: int
    errors: list[rec.RowError]
    preview: list[dict[str, Any]]
    payload: Any
    company_ids: dict[str, int]  # the registry as it was checked against: code → id


def check_file(
    kind: ImportKind,
    period: EvaluationPeriod | None,
    filename: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Read and check a file without writing anything; raise FileProblem for a file-level problem."""
    if len(data) > MAX_FILE_BYTES:
        raise rec.FileProblem("too_large")
    rows = rec.read_rows(filename, data)
    body = sum(1 for row in rows[1:] if any(row))  # blank lines are skipped, so not counted
    if kind == ImportKind.COMPANIES:
        registry, errors = sheets.check_registry(rows)
        preview = [
            {
                "uscc": r.uscc,
                "name": r.name,
                "licence_no": r.licence_no,
                "licence_expires_on": r.licence_expires_on,
                "districts": "、".join(r.districts),
            }
            for r in registry[:PREVIEW_ROWS]
        ]
        return Checked(kind, body, len(registry), errors, preview, registry, {})
    assert period is not None  # noqa: S101  # the views and the command always give one
    ids = queries.known_companies()
    known = set(ids)
    names = queries.company_names()  # the previews name the companies, not only their codes
    if kind == ImportKind.INDICATORS:
        companies, errors = sheets.check_indicators(rows, period.template, known)
        preview = [
            {
                "uscc": c.uscc,
                "name": names.get(c.uscc, ""),
                **c.reported,
                "vetoes": "、".join(c.vetoes),
            }  # fmt: skip
            for c in companies[:PREVIEW_ROWS]
        ]
        return Checked(kind, body, len(companies), errors, preview, companies, ids)
    from procurement.maintenance.aggregate import aggregate  # numpy: only when a file is aggregated

    step = (lambda n: progress(n, len(rows))) if progress else None
    records, errors = rec.check(rows, known, (period.starts_on, period.ends_on), step)
    aggregates = aggregate(records, period.months) if records.elevator_no else {}
    preview = [
        {
            "uscc": code,
            "name": names.get(code, ""),
            "elevators": a["elevators"],
            **{k: a[k] for k in INDICATORS},
        }  # fmt: skip
        for code, a in list(aggregates.items())[:PREVIEW_ROWS]
    ]
    return Checked(kind, body, len(aggregates), errors, preview, aggregates, ids)
