"""The annexes rendered by a worker (issue 19), never in a request.

A submitted version is frozen: its four files (附件1/附件2 as XLSX and PDF) are rendered once by a
job asked for at submission (`ANNEX_FROZEN`, subject: the version) and then served as stored. A
download of the live figures is rendered for the office that asked (`ANNEX_LIVE`, subject: the
`AnnexFile` row naming what was asked), and kept a day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from procurement import clock
from procurement.extensions import db
from procurement.jobs import operations as jobs
from procurement.jobs.models import Job, JobState
from procurement.organisations.models import District
from procurement.register import annexes, forms_out, reports
from procurement.register.annex_files import AnnexFile
from procurement.register.models import ReportSubmission

ANNEX_FROZEN = reports.ANNEX_FROZEN
ANNEX_LIVE = "annex_live"
FILES = [(number, fmt) for number in (1, 2) for fmt in ("xlsx", "pdf")]
LIVE_KEPT = timedelta(days=1)


def job_of(kind: str, subject_id: int) -> Job | None:
    return db.session.scalar(sa.select(Job).where(Job.key == jobs.key_of(kind, subject_id)))


def frozen_file(report: ReportSubmission, number: int, fmt: str) -> AnnexFile | None:
    """The stored file of a submitted version, once rendered."""
    return db.session.scalar(
        sa.select(AnnexFile).where(AnnexFile.report_id == report.id, AnnexFile.number == number,
                                   AnnexFile.fmt == fmt, AnnexFile.data.is_not(None))
    )  # fmt: skip


def frozen_job(report: ReportSubmission) -> Job:
    """The job rendering a version's files: asked for at submission (`reports.submit`), or now for
    a version submitted before files were stored, or again if one is missing after it ran."""
    job = jobs.ensure(ANNEX_FROZEN, report.id, owner_id=report.submitted_by_id)
    if job.state is JobState.DONE and any(frozen_file(report, n, f) is None for n, f in FILES):
        job = jobs.renew(ANNEX_FROZEN, report.id, owner_id=None)
    return job


def _render(annex: annexes.Annex, fmt: str, office: str, report: Any = None) -> bytes:
    render = forms_out.as_xlsx if fmt == "xlsx" else forms_out.as_pdf
    return render(annex, office, report)


def prepare_frozen(report_id: int, progress: Callable[[int], None]) -> str:
    """The job: render the version's files from its frozen rows; a file stored already is kept
    (the job may run twice; the rows do not change)."""
    report = db.session.get(ReportSubmission, report_id)
    if report is None:
        return "report gone"
    sizes = []
    for done, (number, fmt) in enumerate(FILES):
        progress(10 + 22 * done)
        row = db.session.scalar(
            sa.select(AnnexFile).where(AnnexFile.report_id == report.id,
                                       AnnexFile.number == number, AnnexFile.fmt == fmt)
        )  # fmt: skip
        if row is None:
            row = AnnexFile(report_id=report.id, district_id=report.district_id, year=report.year,
                            number=number, fmt=fmt, office=report.organisation.name,
                            requested_by_id=report.submitted_by_id)  # fmt: skip
            db.session.add(row)
        if row.data is None:
            row.data = _render(reports.frozen(report, number), fmt, row.office, report)
        sizes.append(f"附件{number}.{fmt} {len(row.data)} bytes")
    return f"version {report.version}: " + ", ".join(sizes)


def ask_live(district: District, year: int, number: int, fmt: str, user: Any) -> AnnexFile:
    """An office asks for an annex of the live figures: a row naming it, and its job (rendered
    once this transaction commits)."""
    row = AnnexFile(district_id=district.id, year=year, number=number, fmt=fmt,
                    office=user.organisation.name, requested_by_id=user.id)  # fmt: skip
    db.session.add(row)
    db.session.flush()
    jobs.ensure(ANNEX_LIVE, row.id, owner_id=user.id)
    return row


def prepare_live(file_id: int, progress: Callable[[int], None]) -> str:
    """The job: compute the annex now and render it; the district's live files older than a day
    are dropped (a download is asked for again, not kept)."""
    row = db.session.get(AnnexFile, file_id)
    if row is None:
        return "gone"
    progress(10)
    district = db.session.get_one(District, row.district_id)
    if row.data is None:
        row.data = _render(annexes.compute(row.number, district, row.year), row.fmt, row.office)
    db.session.execute(
        sa.delete(AnnexFile).where(AnnexFile.report_id.is_(None),
                                   AnnexFile.district_id == row.district_id,
                                   AnnexFile.created_at < clock.now() - LIVE_KEPT)
    )  # fmt: skip
    return f"附件{row.number}.{row.fmt} of {district.name} {row.year}, {len(row.data)} bytes"


def can_follow(job: Job, user: Any) -> bool:
    """A version's job: whoever sees the version (its district's office, the city's regulator)."""
    if job.kind != ANNEX_FROZEN or not getattr(user, "is_authenticated", False):
        return False
    report = db.session.get(ReportSubmission, job.subject_id)
    return report is not None and reports.visible_to(report, user)
