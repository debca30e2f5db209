"""The notice's published document, rendered when the notice changes and stored on it.

A PDF costs seconds of CPU (WeasyPrint, CJK fonts): the public download serves the stored file, and
the operations that change what the notice shows (publicising, an objection, its answer, the award)
render it again, once. The document is official text, so it is rendered in Chinese whatever the
language of the user whose action changed it.
"""

from __future__ import annotations

from flask_babel import force_locale

from procurement.extensions import db
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


def refresh(notice: Notice) -> None:
    """Render the notice's document again after a change to what it shows."""
    notice.document = render_notice(notice.tender)
