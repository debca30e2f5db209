"""The evaluation report's PDFs, rendered by jobs (procurement/jobs) rather than in the request that
asks for them: a draft when the chair finalises or something the report shows changes, the final
report when the last member signs.

What is stored and signed does not change: a draft's PDF and its SHA-256 are stored on the draft
(members sign that hash), the final report and its SHA-256 on the evaluation result, and the audit
events carry the same hashes. Only the moment differs: a worker renders them a few seconds later,
and until then the pages show the job's progress and nobody can sign.
"""

from __future__ import annotations

from collections.abc import Callable

from procurement.evaluation.models import ReportDraft
from procurement.evaluation.operations.report import (
    EVALUATION_REPORT,
    REPORT_DRAFT,
    complete_report,
    store_draft,
)
from procurement.extensions import db
from procurement.jobs.models import Job

__all__ = ["EVALUATION_REPORT", "REPORT_DRAFT", "can_follow", "job_of", "pending_draft_job"]


def pending_draft_job(draft: ReportDraft | None) -> Job | None:
    """The job rendering `draft`, while it has no PDF yet."""
    if draft is None or draft.sha256 is not None:
        return None
    return job_of(REPORT_DRAFT, draft.id)


def job_of(kind: str, subject_id: int) -> Job | None:
    import sqlalchemy as sa

    from procurement.jobs.operations import key_of

    return db.session.scalar(sa.select(Job).where(Job.key == key_of(kind, subject_id)))


def prepare_draft(draft_id: int, progress: Callable[[int], None]) -> str:
    """The job: render a draft (待签署 on every page) and store it with its SHA-256, unless a later
    change replaced it first (then nobody ever reads it: it stays without a PDF)."""
    found = db.session.get(ReportDraft, draft_id)
    if found is None:
        return "gone"
    if found.sha256 is not None:
        return f"version {found.version} rendered already"
    if found.superseded_at is not None:
        return f"version {found.version} replaced before it was rendered"
    progress(10)
    store_draft(found)
    return f"version {found.version}, {len(found.pdf or b'')} bytes, SHA-256 {found.sha256}"


def prepare_report(tender_id: int, progress: Callable[[int], None]) -> str:
    """The job: the final report, once every seated member has signed the current draft (checked
    again here: a change since the last signature leaves nothing to render)."""
    from procurement.tenders.models import Tender

    tender = db.session.get(Tender, tender_id)
    if tender is None:
        return "tender gone"
    progress(10)
    row = complete_report(tender)
    if row is None:
        return "not every member has signed the current draft: nothing rendered"
    return f"evaluation report, {len(row.report_pdf or b'')} bytes, SHA-256 {row.report_sha256}"


def can_follow(job: Job, user: object) -> bool:
    """Who may follow these jobs' progress: whoever may read the report."""
    from procurement.tenders.models import Tender

    tender_id = job.subject_id
    if job.kind == REPORT_DRAFT:
        draft = db.session.get(ReportDraft, job.subject_id)
        if draft is None:
            return False
        tender_id = draft.tender_id
    tender = db.session.get(Tender, tender_id)
    return bool(tender is not None and getattr(user, "is_authenticated", False)
                and tender.can_read_report(user))  # type: ignore[arg-type]  # fmt: skip
