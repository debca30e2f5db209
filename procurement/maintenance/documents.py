"""A publication's PDF and XLSX, prepared by a job when it is published (procurement/jobs): the
public downloads serve the stored bytes and no request renders them (public.py shows the job's
progress until then)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import force_locale

from procurement.extensions import db
from procurement.jobs.models import Job
from procurement.maintenance import queries
from procurement.maintenance import template as tpl
from procurement.maintenance.models import EvaluationPeriod, Publication

RESULTS_PDF = "maintenance_pdf"


PRINT_GROUPS = {
    "qualification": "资质信用",
    "capacity": "技术力量",
    "performance": "维保绩效",
    "service": "服务质量",
}


def context_of(period: EvaluationPeriod, publication: Any) -> dict[str, Any]:
    template = publication.template
    group_of = {i["id"]: i["group"] for i in template["indicators"]}

    def group_points(line: Any, group: str) -> float:
        return sum(p for ident, p in line.points.items() if group_of.get(ident) == group)

    return {
        "period": period,
        "publication": publication,
        "rows": queries.lines(publication),
        "scheme": template,
        "groups": [g for g in PRINT_GROUPS if g in group_of.values()],
        "group_names": PRINT_GROUPS,
        "group_points": group_points,
        "lowest_grade": tpl.lowest_grade(template),
    }


def store_pdf(context: dict[str, Any]) -> None:
    """Render a publication's PDF and keep it with the publication (about 1 s per 100 companies)."""

    from procurement.pdf import render_pdf

    with force_locale("zh_CN"):  # an official document: Chinese whatever the visitor's language
        context["publication"].pdf = render_pdf(
            "print/maintenance_results.html", archival=True, **context
        )


def wanted(publication: Publication) -> Job:
    """The job that prepares the publication's PDF and XLSX (asked for once: a publication never
    changes), or again when one is missing after it ran (one stored before its XLSX was)."""
    from procurement.jobs import operations as jobs
    from procurement.jobs.models import JobState

    job = jobs.ensure(RESULTS_PDF, publication.id, owner_id=publication.published_by_id)
    if job.state is JobState.DONE and (publication.pdf is None or publication.xlsx is None):
        job = jobs.renew(RESULTS_PDF, publication.id, owner_id=None)
    return job


def prepare(publication_id: int, progress: Callable[[int], None]) -> str:
    """The job: render the publication's PDF and store it (about 1 s per 100 companies)."""
    publication = db.session.get(Publication, publication_id)
    if publication is None:
        return "publication gone"
    context = context_of(publication.period, publication)
    progress(20)
    if publication.xlsx is None:
        from procurement.maintenance.results_workbook import results_workbook

        publication.xlsx = results_workbook(context)
    if publication.pdf is None:
        store_pdf(context)
    name = f"maintenance-{publication.period.code}-{publication.number}"
    return f"{name}.pdf, {len(publication.pdf or b'')} bytes; {name}.xlsx, {len(publication.xlsx)} bytes"
