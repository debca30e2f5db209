"""A notice's posters (A4 and A3), rendered by a job when the notice is published (issue 19) and
served as stored. The QR code leads to the public page at the site's external address, which a
worker has no request to take from: the setting PUBLIC_URL (TIBAO_PUBLIC_URL)."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app, url_for

from procurement.extensions import db
from procurement.jobs import operations as jobs
from procurement.jobs.models import Job, JobState
from procurement.shaoguan.models import Proposal
from procurement.shaoguan.poster import SIZES, poster_pdf

POSTER = "poster"  # the job: both sizes of a proposal's notice


def public_url(proposal: Proposal) -> str:
    """The notice's public page at PUBLIC_URL (a path in it, e.g. https://host/tibao, is kept)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if not base:
        raise RuntimeError(
            "PUBLIC_URL (TIBAO_PUBLIC_URL) is not set: the poster's QR code needs it"
        )
    with current_app.test_request_context(base_url=base):
        return url_for("shaoguan.notice_page", slug=proposal.programme.slug,
                       proposal_id=proposal.id, _external=True)  # fmt: skip


def stored(proposal: Proposal, size: str) -> bytes | None:
    return proposal.poster_a3 if size == "A3" else proposal.poster_a4


def refresh(proposal: Proposal, user_id: int | None) -> None:
    """A notice is published (again): its posters are rendered once this transaction commits."""
    proposal.poster_a4 = proposal.poster_a3 = None
    jobs.renew(POSTER, proposal.id, owner_id=user_id)


def wanted(proposal: Proposal) -> Job:
    """The job of the posters: asked for now for a notice published before they were stored, or
    again when one is missing after it ran."""
    job = jobs.ensure(POSTER, proposal.id, owner_id=None)
    if job.state is JobState.DONE and any(stored(proposal, s) is None for s in SIZES):
        job = jobs.renew(POSTER, proposal.id, owner_id=None)
    return job


def job_of(proposal: Proposal) -> Job | None:
    return db.session.scalar(sa.select(Job).where(Job.key == jobs.key_of(POSTER, proposal.id)))


def prepare(proposal_id: int, progress: Callable[[int], None]) -> str:
    """The job: render both sizes and store them."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        return "proposal gone"
    url = public_url(proposal)
    progress(10)
    proposal.poster_a4 = poster_pdf("A4", url, proposal=proposal)
    progress(55)
    proposal.poster_a3 = poster_pdf("A3", url, proposal=proposal)
    return (f"posters of notice round {proposal.round} to {url}: A4 {len(proposal.poster_a4)} "
            f"bytes, A3 {len(proposal.poster_a3)} bytes")  # fmt: skip
