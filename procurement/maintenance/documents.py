"""A publication's PDF, prepared by a job when it is published (procurement/jobs): the public download
serves the stored bytes and no request renders it (public.py shows the job's progress until then)."""

from __future__ import annotations

from collections.abc import Callable

from procurement.extensions import db
from procurement.jobs.models import Job
from procurement.maintenance.models import Publication

RESULTS_PDF = "maintenance_pdf"


def wanted(publication: Publication) -> Job:
    """The job that prepares the publication's PDF (asked for once: a publication never changes)."""
    from procurement.jobs import operations as jobs

    return jobs.ensure(RESULTS_PDF, publication.id, owner_id=publication.published_by_id)


def prepare(publication_id: int, progress: Callable[[int], None]) -> str:
    """The job: render the publication's PDF and store it (about 1 s per 100 companies)."""
    from procurement.maintenance.public import _context_of, store_pdf

    publication = db.session.get(Publication, publication_id)
    if publication is None:
        return "publication gone"
    context = _context_of(publication.period, publication)
    progress(20)
    store_pdf(context)
    name = f"maintenance-{publication.period.code}-{publication.number}.pdf"
    return f"{name}, {len(publication.pdf or b'')} bytes"
