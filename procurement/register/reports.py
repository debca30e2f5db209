"""A district office submits its annual report: 附件1 and 附件2 computed now and frozen as JSON
with the SHA-256 of their canonical text, audited; a job renders its files (annex_jobs.py). A
correction is the next version, with its reason; earlier versions stay as they were."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.jobs import operations as jobs
from procurement.organisations.models import District
from procurement.register import annexes, queries
from procurement.register.models import Correction, ReportSubmission

DUE_MONTH, DUE_DAY = 12, 20  # the notice: districts report to the city by 20 December
ANNEX_FROZEN = "annex_frozen"  # the job rendering a version's files (annex_jobs.py)


class ReportError(DomainError):
    messages = {
        "reason_required": _l("A correction needs its reason."),
        "no_office": _l("Only a district office submits its district's report."),
    }


def due_on(year: int) -> date:
    return date(year, DUE_MONTH, DUE_DAY)


def canonical(frozen: dict[str, Any]) -> bytes:
    return json.dumps(frozen, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def versions(district: District, year: int) -> list[ReportSubmission]:
    """A district's submissions of a year, newest first."""
    return list(
        db.session.scalars(
            sa.select(ReportSubmission)
            .where(ReportSubmission.district_id == district.id, ReportSubmission.year == year)
            .order_by(ReportSubmission.version.desc())
        )
    )


def submit(district: District, year: int, user: Any, reason: str = "") -> ReportSubmission:
    if user.organisation_id is None:
        raise ReportError("no_office")
    earlier = versions(district, year)
    if earlier and not reason.strip():
        raise ReportError("reason_required", "reason")
    frozen = {str(n): annexes.compute(n, district, year).rows for n in (1, 2)}
    frozen = json.loads(canonical(frozen))  # what is stored is exactly what was hashed
    report = ReportSubmission(
        district_id=district.id, year=year, version=len(earlier) + 1, annexes=frozen,
        sha256=hashlib.sha256(canonical(frozen)).hexdigest(), reason=reason.strip(),
        organisation_id=user.organisation_id, submitted_by_id=user.id,
    )  # fmt: skip
    db.session.add(report)
    db.session.flush()
    record(
        "register.report_submitted",
        object_type="register_report",
        object_id=report.id,
        details={"district": district.code, "year": year, "version": report.version,
                 "sha256": report.sha256, "reason": report.reason},
    )  # fmt: skip
    # its XLSX and PDF are rendered by a worker once this commits, and served as stored
    jobs.ensure(ANNEX_FROZEN, report.id, owner_id=user.id)
    return report


def digest(one: annexes.Annex, two: annexes.Annex) -> str:
    """The SHA-256 the annexes would be submitted with now."""
    frozen = json.loads(canonical({"1": one.rows, "2": two.rows}))
    return hashlib.sha256(canonical(frozen)).hexdigest()


def changed_since(
    report: ReportSubmission, district: District, one: annexes.Annex, two: annexes.Annex
) -> bool:
    """Whether a new version is due: a row of the district was corrected after the submission,
    or the annexes computed now differ from the submitted ones."""
    ids = [d.id for d in db.session.scalars(sa.select(District)) if district.covers(d)]
    corrected = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Correction)
        .where(Correction.district_id.in_(ids), Correction.corrected_at > report.submitted_at)
    )
    return bool(corrected) or digest(one, two) != report.sha256


def frozen(report: ReportSubmission, number: int) -> annexes.Annex:
    """An annex as submitted: the stored rows, not recomputed."""
    title, columns = annexes.LAYOUT[number]
    rows = report.annexes[str(number)]
    return annexes.Annex(number, title, report.district, report.year, list(columns), rows)


def visible_to(report: ReportSubmission, user: Any) -> bool:
    """The submitting district's office and the city's regulator see a submitted version."""
    for office in (queries.office_district(user), queries.city_office_district(user)):
        if office is not None and office.covers(report.district):
            return True
    return False
