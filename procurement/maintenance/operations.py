"""What the officer does with a period: registry, imports (check, then apply), scoring, publication.

Every state change is audited and made durable by the caller's commit, so a failure rolls back the
whole step: an import with any error writes nothing, and a publication is all or nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from procurement import clock
from procurement.audit.operations import record
from procurement.extensions import db
from procurement.maintenance import records as rec
from procurement.maintenance import sheets, template
from procurement.maintenance.models import (
    CompanyData,
    CompanyResult,
    DataImport,
    EvaluationPeriod,
    ImportKind,
    ImportStatus,
    MaintenanceCompany,
    PeriodStatus,
    Publication,
)
from procurement.maintenance.records import INDICATORS
from procurement.maintenance.scoring import Company, score

MAX_FILE_BYTES = 100 * 1024 * 1024
PREVIEW_ROWS = 50


class MaintenanceError(Exception):
    def __init__(self, code: str, errors: list[rec.RowError] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.errors = errors or []  # with "row_errors": every problem found, so nobody checks twice


# --- periods and templates -------------------------------------------------------------------------


def create_period(code: str, name: str, starts_on: date, ends_on: date) -> EvaluationPeriod:
    if ends_on < starts_on:
        raise MaintenanceError("period_dates")
    if db.session.scalar(sa.select(EvaluationPeriod.id).where(EvaluationPeriod.code == code)):
        raise MaintenanceError("period_code_taken")
    period = EvaluationPeriod(
        code=code, name=name, starts_on=starts_on, ends_on=ends_on, template=template.built_in()
    )
    db.session.add(period)
    record("maintenance.period_created", period, details={"code": code, "name": name})
    return period


def _editable(period: EvaluationPeriod) -> None:
    if not period.editable:
        raise MaintenanceError("published")


def update_template(period: EvaluationPeriod, new: Any) -> None:
    _editable(period)
    checked = template.check(new)
    if checked == period.template:
        return
    before = period.template
    period.template = checked
    record("maintenance.template_changed", period, details={"before": before, "after": checked})


# --- the registry ------------------------------------------------------------------------------------


def known_companies() -> dict[str, int]:
    query = sa.select(MaintenanceCompany.uscc, MaintenanceCompany.id)
    return {row[0]: row[1] for row in db.session.execute(query)}


def save_company(company: MaintenanceCompany | None, **fields: Any) -> MaintenanceCompany:
    existing = db.session.scalar(
        sa.select(MaintenanceCompany).where(MaintenanceCompany.uscc == fields["uscc"])
    )
    if existing is not None and existing is not company:
        raise MaintenanceError("company_code_taken")
    created = company is None
    if company is None:
        company = MaintenanceCompany()
        db.session.add(company)
    before = {k: getattr(company, k) for k in fields} if not created else {}
    for key, value in fields.items():
        setattr(company, key, value)
    record(
        "maintenance.company_created" if created else "maintenance.company_changed",
        company,
        details={"before": before, "after": fields},
    )
    return company


# --- imports: check without writing, then apply ------------------------------------------------------


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
    """Read and check a file without writing anything; raise rec.FileProblem for a file-level problem."""
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
    ids = known_companies()
    known = set(ids)
    if kind == ImportKind.INDICATORS:
        companies, errors = sheets.check_indicators(rows, period.template, known)
        preview = [
            {"uscc": c.uscc, **c.reported, "vetoes": "、".join(c.vetoes)}
            for c in companies[:PREVIEW_ROWS]
        ]
        return Checked(kind, body, len(companies), errors, preview, companies, ids)
    from procurement.maintenance.aggregate import aggregate  # numpy: only when a file is aggregated

    step = (lambda n: progress(n, len(rows))) if progress else None
    records, errors = rec.check(rows, known, (period.starts_on, period.ends_on), step)
    aggregates = aggregate(records, period.months) if records.elevator_no else {}
    preview = [
        {"uscc": code, "elevators": a["elevators"], **{k: a[k] for k in INDICATORS}}
        for code, a in list(aggregates.items())[:PREVIEW_ROWS]
    ]
    return Checked(kind, body, len(aggregates), errors, preview, aggregates, ids)


def stage(
    kind: ImportKind, period: EvaluationPeriod | None, filename: str, data: bytes, user: Any
) -> tuple[DataImport | None, Checked]:
    """Check an upload; keep it for confirmation only if it has no error (else nothing is stored).

    An earlier upload of the same kind still waiting for confirmation is discarded."""
    if period is not None:
        _editable(period)
    checked = check_file(kind, period, filename, data)
    if checked.errors:
        return None, checked
    pending = DataImport(
        period_id=period.id if period else None,
        kind=kind,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        rows=checked.rows,
        companies=checked.companies,
        preview=json.loads(json.dumps(checked.preview, default=str)),
        created_by_id=getattr(user, "id", None),
    )
    superseded = sa.select(DataImport).where(
        DataImport.status == ImportStatus.PENDING,
        DataImport.kind == kind,
        DataImport.period_id.is_(None) if period is None else DataImport.period_id == period.id,
    )
    for older in db.session.scalars(superseded):  # a newer upload of the same kind replaces it
        discard(older)
    db.session.add(pending)
    db.session.flush()
    return pending, checked


def confirm(pending: DataImport) -> Checked:
    """Apply a staged upload after checking it again (the registry may have changed meanwhile)."""
    if pending.status != ImportStatus.PENDING:
        raise MaintenanceError("import_done")
    assert pending.data is not None  # noqa: S101  # pending uploads keep their file
    checked = apply_file(pending.kind, pending.period, pending.filename, pending.data, logged=False)
    pending.status = ImportStatus.APPLIED
    pending.applied_at = clock.now()
    pending.data = None  # applied: the file's content now lives in the data it produced
    return checked


def discard(pending: DataImport) -> None:
    if pending.status != ImportStatus.PENDING:
        raise MaintenanceError("import_done")
    pending.status = ImportStatus.DISCARDED
    pending.data = None


def apply_file(
    kind: ImportKind,
    period: EvaluationPeriod | None,
    filename: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
    *,
    logged: bool = True,
) -> Checked:
    """Check and write in one go (the command line, and confirmation). Raises if there is any error.

    `logged`: list the file among the period's uploads (a confirmed upload is listed already)."""
    if period is not None:
        _editable(period)
    checked = check_file(kind, period, filename, data, progress)
    if checked.errors:
        raise MaintenanceError("row_errors", checked.errors)
    if kind == ImportKind.COMPANIES:
        _apply_registry(checked.payload)
    elif kind == ImportKind.INDICATORS:
        assert period is not None  # noqa: S101
        _apply_indicators(period, checked.payload, checked.company_ids)
    else:
        assert period is not None  # noqa: S101
        _apply_records(period, checked.payload, checked.company_ids)
    digest = hashlib.sha256(data).hexdigest()
    if logged:
        db.session.add(
            DataImport(
                period_id=period.id if period else None,
                kind=kind,
                filename=filename[:200],
                sha256=digest,
                rows=checked.rows,
                companies=checked.companies,
                status=ImportStatus.APPLIED,
                applied_at=clock.now(),
                preview=[],
            )
        )
    record(
        "maintenance.imported",
        period,
        object_type=None if period else "maintenance_companies",
        object_id=None if period else "-",
        details={
            "kind": kind.value,
            "file": filename,
            "sha256": digest,
            "rows": checked.rows,
            "companies": checked.companies,
        },
    )
    return checked


def _apply_registry(rows: list[sheets.RegistryRow]) -> None:
    existing = {c.uscc: c for c in db.session.scalars(sa.select(MaintenanceCompany))}
    for row in rows:
        company = existing.get(row.uscc)
        if company is None:
            company = MaintenanceCompany(uscc=row.uscc)
            db.session.add(company)
        company.name = row.name
        company.licence_no = row.licence_no
        company.licence_expires_on = row.licence_expires_on
        company.districts = row.districts


def _data_rows(period: EvaluationPeriod) -> dict[int, CompanyData]:
    return {
        d.company_id: d
        for d in db.session.scalars(
            sa.select(CompanyData).where(CompanyData.period_id == period.id)
        )
    }


def _apply_indicators(
    period: EvaluationPeriod, rows: list[sheets.CompanyRow], ids: dict[str, int]
) -> None:
    """Each row replaces that company's reported values and veto items; other companies keep theirs."""
    existing = _data_rows(period)
    for row in rows:
        company_id = ids[row.uscc]
        data = existing.get(company_id)
        if data is None:
            data = CompanyData(
                period_id=period.id,
                company_id=company_id,
                aggregated={},
                record_totals={},
                record_districts=[],
                elevators=0,
            )
            db.session.add(data)
        data.reported = row.reported
        data.vetoes = row.vetoes


def _apply_records(
    period: EvaluationPeriod, aggregates: dict[str, dict[str, Any]], ids: dict[str, int]
) -> None:
    """The file replaces every record-derived value of the period: importing it twice changes nothing."""
    existing = _data_rows(period)
    touched = set()
    for code, figures in aggregates.items():
        company_id = ids[code]
        data = existing.get(company_id)
        if data is None:
            data = CompanyData(period_id=period.id, company_id=company_id, reported={}, vetoes={})
            db.session.add(data)
        data.aggregated = {k: figures[k] for k in INDICATORS if figures[k] is not None}
        data.record_totals = figures["totals"]
        data.elevators = figures["elevators"]
        data.record_districts = figures["districts"]
        touched.add(company_id)
    for company_id, data in existing.items():
        if company_id not in touched:
            data.aggregated, data.record_totals, data.elevators, data.record_districts = (
                {},
                {},
                0,
                [],
            )


# --- scoring and publication -------------------------------------------------------------------------


def _inputs(period: EvaluationPeriod) -> list[tuple[CompanyData, MaintenanceCompany]]:
    query = (
        sa.select(CompanyData, MaintenanceCompany)
        .join(MaintenanceCompany, CompanyData.company_id == MaintenanceCompany.id)
        .where(CompanyData.period_id == period.id)
        .order_by(MaintenanceCompany.uscc)
    )
    return [(row[0], row[1]) for row in db.session.execute(query)]


def veto_reasons(
    period: EvaluationPeriod, data: CompanyData, company: MaintenanceCompany
) -> list[str]:
    names = {v["id"]: v["name"] for v in period.template.get("vetoes", [])}
    reasons = [
        names.get(k, k) + (f"（{detail}）" if detail else "") for k, detail in data.vetoes.items()
    ]
    expires = company.licence_expires_on
    if "licence" in names and "licence" not in data.vetoes and expires and expires < period.ends_on:
        reasons.append(f"{names['licence']}（许可证有效期至 {expires.isoformat()}）")
    return reasons


def draft(period: EvaluationPeriod) -> list[dict[str, Any]]:
    """The period's result as it would be published now, with the data behind each line."""
    inputs = _inputs(period)
    companies = [Company(c.uscc, c.name, d.values(), veto_reasons(period, d, c)) for d, c in inputs]
    scored = score(period.template, companies)
    by_code = {c.uscc: (d, c) for d, c in inputs}
    for row in scored:
        data, company = by_code[row["company"]]
        row["company_id"] = company.id
        row["values"] = data.values()
        row["sources"] = {
            k: ("reported" if k in data.reported else "records") for k in row["values"]
        }
        row["districts"] = sorted(set(company.districts) | set(data.record_districts))
        row["elevators"] = data.elevators
        row["record_totals"] = data.record_totals
    return scored


def publish(period: EvaluationPeriod, user: Any) -> Publication:
    if period.status == PeriodStatus.PUBLISHED:
        raise MaintenanceError("published")
    rows = draft(period)
    if not rows:
        raise MaintenanceError("no_data")
    previous = current_publication(period)
    counts = {g: 0 for g in template.grade_names(period.template)}
    for row in rows:
        counts[row["grade"]] = counts.get(row["grade"], 0) + 1
    publication = Publication(
        period_id=period.id,
        number=(previous.number + 1) if previous else 1,
        replaces_id=previous.id if previous else None,
        reason=period.correction_reason if previous else None,
        template=period.template,
        grade_counts=counts,
        published_at=clock.now(),
        published_by_id=getattr(user, "id", None),
    )
    db.session.add(publication)
    db.session.flush()
    db.session.execute(
        sa.insert(CompanyResult),
        [
            {
                "publication_id": publication.id,
                "company_id": r["company_id"],
                "uscc": r["company"],
                "name": r["name"],
                "districts": r["districts"],
                "elevators": r["elevators"],
                "total": r["total"],
                "grade": r["grade"],
                "rank": r["rank"],
                "values": r["values"],
                "points": r["points"],
                "missing": r["missing"],
                "vetoes": r["vetoes"],
                "record_totals": r["record_totals"],
            }
            for r in rows
        ],
    )
    digest = hashlib.sha256(
        json.dumps(
            [[r["company"], r["total"], r["grade"]] for r in rows], ensure_ascii=False
        ).encode()
    ).hexdigest()
    period.status = PeriodStatus.PUBLISHED
    period.correction_reason = None
    record(
        "maintenance.published",
        publication,
        details={
            "period": period.code,
            "number": publication.number,
            "replaces": previous.number if previous else None,
            "reason": publication.reason,
            "companies": len(rows),
            "grades": counts,
            "sha256": digest,
        },
    )
    return publication


def start_correction(period: EvaluationPeriod, reason: str) -> None:
    if period.status != PeriodStatus.PUBLISHED:
        raise MaintenanceError("not_published")
    if not reason.strip():
        raise MaintenanceError("reason_required")
    period.status = PeriodStatus.CORRECTING
    period.correction_reason = reason.strip()
    record("maintenance.correction_started", period, details={"reason": period.correction_reason})


def current_publication(period: EvaluationPeriod) -> Publication | None:
    return db.session.scalar(
        sa.select(Publication)
        .where(Publication.period_id == period.id)
        .order_by(Publication.number.desc())
        .limit(1)
    )
