"""The public pages: the programme (procedures, money received and used, elevators insured against
the target) and each community's notice to owners, its poster and the owners' objections."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from procurement import clock
from procurement.downloads import send_download
from procurement.extensions import db
from procurement.jobs.views import preparing
from procurement.shaoguan import notice, posters, queries
from procurement.shaoguan.blueprint import bp, public_programme, public_proposal
from procurement.shaoguan.forms import ObjectionForm
from procurement.shaoguan.models import ProgrammeDocument
from procurement.shaoguan.poster import SIZES
from procurement.web import attempt, form_status


@bp.get("/p/<slug>")
def programme(slug: str) -> Any:
    programme = public_programme(slug)
    return render_template(
        "shaoguan/programme.html", programme=programme, figures=queries.figures(programme),
        documents=queries.documents(programme), proposals=queries.public_proposals(programme),
    )  # fmt: skip


@bp.get("/p/<slug>/documents/<int:document_id>")
def document(slug: str, document_id: int) -> Any:
    programme = public_programme(slug)
    found = queries.documents(programme)
    chosen: ProgrammeDocument | None = next((d for d in found if d.id == document_id), None)
    if chosen is None:
        abort(404)
    return send_download(chosen.data, chosen.filename, mimetype="application/pdf")


@bp.get("/p/<slug>/notices/<int:proposal_id>")
def notice_page(slug: str, proposal_id: int) -> Any:
    proposal = public_proposal(slug, proposal_id)
    return render_template(
        "shaoguan/notice.html", proposal=proposal, now=clock.now(),
        objections=queries.grouped_objections(proposal),
    )  # fmt: skip


@bp.route("/p/<slug>/notices/<int:proposal_id>/object", methods=["GET", "POST"])
def object_to(slug: str, proposal_id: int) -> Any:
    proposal = public_proposal(slug, proposal_id)
    form = ObjectionForm()
    problems: list[str] = []
    if form.validate_on_submit():
        done = attempt(notice.file_objection, proposal, building=form.building.data or "",
                       unit=form.unit.data or "", room=form.room.data or "",
                       reason=form.reason.data or "", name=form.name.data or "",
                       phone=form.phone.data or "")  # fmt: skip
        if done.ok:
            flash(_("Your objection is recorded. The bureau's answer will be published here."),
                  "success")  # fmt: skip
            return redirect(url_for("shaoguan.notice_page", slug=slug, proposal_id=proposal.id))
        problems = done.place_on(form)
    page = render_template("shaoguan/object.html", proposal=proposal, form=form, problems=problems)
    return page, form_status()


@bp.get("/p/<slug>/notices/<int:proposal_id>/poster-<size>.pdf")
def poster(slug: str, proposal_id: int, size: str) -> Any:
    proposal = public_proposal(slug, proposal_id)
    if size not in SIZES:
        abort(404)
    filename = f"{proposal.community.name}-公示-{size}.pdf"
    data = posters.stored(proposal, size)
    if data is None:  # rendered by a worker when the notice was published; not here
        job = posters.wanted(proposal)
        db.session.commit()  # deliberate, on a GET: a notice published before posters were stored
        data = posters.stored(proposal, size)  # the job may have run meanwhile
        if data is None:
            return preparing(job, filename)
    return send_download(data, filename, mimetype="application/pdf", inline=True)
