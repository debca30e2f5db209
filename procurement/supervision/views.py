"""Supervisors' pages (read within the jurisdiction, leave notes) and the office's answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.audit.queries import masking
from procurement.evaluation.queries import result_of
from procurement.extensions import db
from procurement.maintenance.models import EvaluationPeriod
from procurement.opening.queries import submitted_bids
from procurement.security import roles
from procurement.supervision import operations, queries
from procurement.supervision.forms import NoteAnswerForm, NoteForm
from procurement.supervision.models import SupervisionNote
from procurement.tenders.models import Tender
from procurement.web import attempt, form_status

bp = Blueprint("supervision", __name__, url_prefix="/supervision")


def _supervised(model: type[Tender] | type[EvaluationPeriod], object_id: int) -> Any:
    """A tender or period in the supervisor's jurisdiction; 404 for any other."""
    subject = db.get_or_404(model, object_id)
    if not subject.can_supervise(current_user):
        abort(404)
    return subject


@bp.get("/")
@roles(Role.SUPERVISOR)
def index() -> Any:
    return render_template(
        "supervision/index.html",
        tenders=queries.supervised_tenders(current_user),
        periods=queries.supervised_periods(current_user),
    )


def _subject_page(subject: Tender | EvaluationPeriod, object_type: str) -> Any:
    """The object read, its audit events and notes; a posted note is left through `attempt`."""
    form = NoteForm()
    problems: list[str] = []
    if form.validate_on_submit():
        done = attempt(operations.leave_note, subject, form.text.data or "", current_user)
        if done.ok:
            return redirect(url_for(f"supervision.{object_type}", object_id=subject.id))
        problems = done.place_on(form)
    events = queries.events_of(subject.__tablename__, subject.id)
    noted = subject if isinstance(subject, Tender) else None
    return render_template(
        f"supervision/{object_type}.html",
        subject=subject,
        events=events,
        masks=masking(events),
        notes=queries.notes_on(subject),
        bids=submitted_bids(noted) if noted else [],
        result=result_of(noted) if noted else None,
        form=form,
        problems=problems,
    ), form_status()


@bp.route("/tenders/<int:object_id>", methods=["GET", "POST"])
@roles(Role.SUPERVISOR)
def tender(object_id: int) -> Any:
    return _subject_page(_supervised(Tender, object_id), "tender")


@bp.route("/periods/<int:object_id>", methods=["GET", "POST"])
@roles(Role.SUPERVISOR)
def period(object_id: int) -> Any:
    return _subject_page(_supervised(EvaluationPeriod, object_id), "period")


@bp.get("/notes")
@roles(Role.OFFICER, Role.SUPERVISOR)
def notes() -> Any:
    return render_template(
        "supervision/notes.html", notes=queries.notes_for(current_user), form=NoteAnswerForm()
    )


@bp.route("/notes/<int:note_id>", methods=["GET", "POST"])
@roles(Role.OFFICER)
def answer(note_id: int) -> Any:
    """The owning office's officers answer a note left with them; 404 for anyone else."""
    note = db.get_or_404(SupervisionNote, note_id)
    if not note.can_read(current_user):
        abort(404)
    form = NoteAnswerForm()
    problems: list[str] = []
    if form.validate_on_submit():
        done = attempt(operations.answer_note, note, form.answer.data or "", current_user)
        if done.ok:
            return redirect(url_for("supervision.notes"))
        problems = done.place_on(form)
    return render_template(
        "supervision/answer.html", note=note, form=form, problems=problems
    ), form_status()
