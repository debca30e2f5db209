"""The notice's published document, rendered by a job when the notice changes and stored on it.

A PDF costs seconds of CPU (WeasyPrint, CJK fonts): the public download serves the stored file, and
the operations that change what the notice shows (publicising, an objection, its answer, the award)
ask for it again (`refresh`); a worker renders it once (`prepare`, a job of procurement/jobs). Until
then the download answers with a page that follows the job. The document is official text, so it is
rendered in Chinese whatever the language of the user whose action changed it.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale

from procurement.extensions import db
from procurement.jobs.models import Job
from procurement.publication import queries
from procurement.publication.models import Notice
from procurement.tenders.models import Tender

# Official wording while an upheld objection has the evaluation reopened (print/notice.html says the
# same in the PDF).
RE_EVALUATION = "重新评审中"
RE_EVALUATION_NOTE = "异议成立，正在重新评审。本表为最近一次公示的结果，并非最终结果。"


def render_notice(tender: Tender) -> bytes:
    """The notice of `tender` as a PDF, from what the public notice shows now."""
    from procurement import pdf

    db.session.flush()  # the change being made is part of the document
    from procurement import charts
    from procurement.tenders.forms import GROUP_LABELS

    view = queries.notice_view(tender)
    with force_locale("zh"):
        # The same chart as the page (procurement.charts), so the PDF holds what the page holds.
        chart = (
            charts.stacked_groups(view.result, tender.criteria, view.names, GROUP_LABELS)
            if view.result["ranking"]
            else ""
        )
        return pdf.render_pdf("print/notice.html", archival=True, **view.context(), chart=chart)


NOTICE_PDF = "notice_pdf"


def refresh(notice: Notice) -> None:
    """What the notice shows changed: its stored document is out of date; a job renders it again
    once this transaction commits."""
    from procurement.jobs import operations as jobs

    notice.document = None
    jobs.renew(NOTICE_PDF, notice.id, owner_id=notice.published_by_id)


def wanted(notice: Notice) -> Job:
    """The job that prepares the notice's document, asked for if it never was (no change)."""
    from procurement.jobs import operations as jobs

    return jobs.ensure(NOTICE_PDF, notice.id, owner_id=notice.published_by_id)


def prepare(notice_id: int, progress: Callable[[int], None]) -> str:
    """The job: render the notice's document and store it (procurement/jobs/runner.py)."""
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        return "notice gone"
    progress(10)
    notice.document = render_notice(notice.tender)
    return f"notice-{notice.tender.reference}.pdf, {len(notice.document)} bytes"
