"""What the officer does with a period: registry, imports (check, then apply), publication.

Every state change is audited and made durable by the caller's commit, so a failure rolls back the
whole step: an import with any error writes nothing, and a publication is all or nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.maintenance import applying, documents, queries, template, uploads
from procurement.maintenance import records as rec
from procurement.maintenance.models import (
    CompanyResult,
    DataImport,
    EvaluationPeriod,
    ImportKind,
    ImportStatus,
    MaintenanceCompany,
    PeriodStatus,
    Publication,
)
from procurement.organisations.models import Organisation, OrganisationKind
from procurement.organisations.operations import organisation_for


class MaintenanceError(DomainError):
    """A step of the maintenance evaluation the officer may not take now."""

    messages = {
        "period_dates": _l("The last day comes before the first day."),
        "period_code_taken": _l("Another period already uses this code."),
        "company_code_taken": _l("Another company in the registry has this code."),
        "published": _l("This period is published and cannot change; start a correction first."),
        "not_published": _l("Only a published period can be corrected."),
        "reason_required": _l("Give the reason for the correction."),
        "no_data": _l("There is no data to publish yet: import the period's files first."),
        "import_done": _l("This upload has already been applied or discarded."),
        "row_errors": _l("The file has errors; nothing was imported."),
        # its `problems` detail holds the template's problem in words (template.TemplateError)
        "template_invalid": _l("The template is not valid."),
    }

    @property
    def errors(self) -> list[rec.RowError]:
        """With "row_errors": every problem found in the file, so that nobody checks it twice."""
        return list(self.details.get("errors", []))


# --- periods and templates -------------------------------------------------------------------------


def create_period(
    code: str,
    name: str,
    starts_on: date,
    ends_on: date,
    organisation: Organisation | None = None,
) -> EvaluationPeriod:
    """A draft period owned by `organisation` (the creating officer's office)."""
    if ends_on < starts_on:
        raise MaintenanceError("period_dates", "ends_on")
    if db.session.scalar(sa.select(EvaluationPeriod.id).where(EvaluationPeriod.code == code)):
        raise MaintenanceError("period_code_taken", "code")
    period = EvaluationPeriod(
        code=code,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        template=template.built_in(),
        organisation=organisation,
    )
    db.session.add(period)
    record("maintenance.period_created", period, details={"code": code, "name": name})
    return period


def _editable(period: EvaluationPeriod) -> None:
    if not period.editable:
        raise MaintenanceError("published")


def update_template(period: EvaluationPeriod, new: Any) -> None:
    _editable(period)
    try:
        checked = template.check(new)
    except template.TemplateError as error:
        raise MaintenanceError("template_invalid", problems=[str(error)]) from error
    if checked == period.template:
        return
    before = period.template
    period.template = checked
    record("maintenance.template_changed", period, details={"before": before, "after": checked})


# --- the registry ------------------------------------------------------------------------------------


def save_company(company: MaintenanceCompany | None, **fields: Any) -> MaintenanceCompany:
    existing = db.session.scalar(
        sa.select(MaintenanceCompany).where(MaintenanceCompany.uscc == fields["uscc"])
    )
    if existing is not None and existing is not company:
        raise MaintenanceError("company_code_taken", "uscc")
    created = company is None
    if company is None:
        company = MaintenanceCompany()
        db.session.add(company)
    before = {k: getattr(company, k) for k in fields} if not created else {}
    for key, value in fields.items():
        setattr(company, key, value)
    company.organisation = organisation_for(
        OrganisationKind.MAINTENANCE, company.name, company.uscc
    )
    record(
        "maintenance.company_created" if created else "maintenance.company_changed",
        company,
        details={"before": before, "after": fields},
    )
    return company


# --- imports: check without writing, then apply ------------------------------------------------------


def stage(
    kind: ImportKind, period: EvaluationPeriod | None, filename: str, data: bytes, user: Any
) -> tuple[DataImport | None, uploads.Checked]:
    """Check an upload; keep it for confirmation only if it has no error (else nothing is stored).

    An earlier upload of the same kind still waiting for confirmation is discarded."""
    if period is not None:
        _editable(period)
    checked = uploads.check_file(kind, period, filename, data)
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


def confirm(pending: DataImport) -> uploads.Checked:
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
) -> uploads.Checked:
    """Check and write in one go (the command line, and confirmation). Raises if there is any error.

    `logged`: list the file among the period's uploads (a confirmed upload is listed already)."""
    if period is not None:
        _editable(period)
    checked = uploads.check_file(kind, period, filename, data, progress)
    if checked.errors:
        raise MaintenanceError("row_errors", errors=checked.errors)
    if kind == ImportKind.COMPANIES:
        applying.apply_registry(checked.payload)
    elif kind == ImportKind.INDICATORS:
        assert period is not None  # noqa: S101
        applying.apply_indicators(period, checked.payload, checked.company_ids)
    else:
        assert period is not None  # noqa: S101
        applying.apply_records(period, checked.payload, checked.company_ids)
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


# --- scoring and publication -------------------------------------------------------------------------


def publish(period: EvaluationPeriod, user: Any) -> Publication:
    if period.status == PeriodStatus.PUBLISHED:
        raise MaintenanceError("published")
    rows = queries.draft(period)
    if not rows:
        raise MaintenanceError("no_data")
    previous = queries.current_publication(period)
    counts = queries.grade_counts(period.template, rows)
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
                "credibility": r["credibility"],
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
    documents.wanted(publication)  # its PDF, prepared by a worker once this commits
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
        raise MaintenanceError("reason_required", "reason")
    period.status = PeriodStatus.CORRECTING
    period.correction_reason = reason.strip()
    record("maintenance.correction_started", period, details={"reason": period.correction_reason})
