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
from flask_babel import gettext as _

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


def render_ranking(tender: Tender) -> bytes:
    """The ranking of the notice as an XLSX workbook (official text: in Chinese)."""
    from procurement.spreadsheets import Sheet, xlsx
    from procurement.tenders.forms import GROUP_LABELS

    db.session.flush()
    view = queries.notice_view(tender)
    with force_locale("zh"):
        headers = [_("Rank"), _("Bidder"), _("Price (yuan per elevator per year)")]
        headers += [str(GROUP_LABELS[g]) for g in view.group_keys] + [_("Total")]
    rows = [
        [entry["rank"], view.names[entry["bid"]], entry["price"]]
        + [view.groups[entry["bid"]].get(g, 0) for g in view.group_keys]
        + [entry["total"]]
        for entry in view.result["ranking"]
    ]
    formats = ["0", None, "#,##0.00"] + ["0.00"] * len(view.group_keys) + ["0.00"]
    sheets = [Sheet("排名", headers, rows, formats=formats)]
    if view.re_evaluating:
        note = [[RE_EVALUATION, RE_EVALUATION_NOTE]]
        sheets.append(Sheet("说明", ["状态", "说明"], note, widths=[14, 80]))
    return xlsx(*sheets)


NOTICE_PDF = "notice_pdf"  # the job: the notice's PDF and its ranking's XLSX


def refresh(notice: Notice) -> None:
    """What the notice shows changed: its stored documents are out of date; a job renders them
    again once this transaction commits."""
    from procurement.jobs import operations as jobs

    notice.document = notice.spreadsheet = None
    jobs.renew(NOTICE_PDF, notice.id, owner_id=notice.published_by_id)


def wanted(notice: Notice) -> Job:
    """The job that prepares the notice's documents, asked for if it never was (no change), or
    asked again when one is missing after it ran (a notice stored before its XLSX was)."""
    from procurement.jobs import operations as jobs
    from procurement.jobs.models import JobState

    job = jobs.ensure(NOTICE_PDF, notice.id, owner_id=notice.published_by_id)
    if job.state is JobState.DONE and (notice.document is None or notice.spreadsheet is None):
        job = jobs.renew(NOTICE_PDF, notice.id, owner_id=None)
    return job


def prepare(notice_id: int, progress: Callable[[int], None]) -> str:
    """The job: render the notice's document and store it (procurement/jobs/runner.py)."""
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        return "notice gone"
    progress(10)
    notice.spreadsheet = render_ranking(notice.tender)
    notice.document = render_notice(notice.tender)
    return (f"notice-{notice.tender.reference}.pdf, {len(notice.document)} bytes; "
            f"ranking-{notice.tender.reference}.xlsx, {len(notice.spreadsheet)} bytes")  # fmt: skip
