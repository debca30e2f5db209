"""A district office submits its annual report: 附件1 and 附件2 computed now and frozen as JSON
with the SHA-256 of their canonical text, audited. A correction is the next version, with its
reason; earlier versions stay as they were."""

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
from procurement.organisations.models import District
from procurement.register import annexes
from procurement.register.models import ReportSubmission

DUE_MONTH, DUE_DAY = 12, 20  # the notice: districts report to the city by 20 December


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
    return report
