"""Leaving a supervision note and answering it; both audited on the object noted."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import User
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.maintenance.models import EvaluationPeriod
from procurement.supervision.models import SupervisionNote
from procurement.tenders.models import Tender

MAX_TEXT = 5000


class SupervisionError(DomainError):
    messages = {
        "text_required": _l("Write the note."),
        "answer_required": _l("Write the answer."),
        "too_long": _l("At most %(maximum)s characters."),
        "not_supervised": _l("This object is outside your jurisdiction."),
        "already_answered": _l("This note has already been answered."),
        "not_yours": _l("Only the office the note was left with answers it."),
    }


def _text(value: str, field: str, code: str) -> str:
    value = value.strip()
    if not value:
        raise SupervisionError(code, field)
    if len(value) > MAX_TEXT:
        raise SupervisionError("too_long", field, maximum=MAX_TEXT)
    return value


def leave_note(subject: Tender | EvaluationPeriod, text: str, author: User) -> SupervisionNote:
    """A supervisor's note, addressed to the office that owns the object."""
    if not subject.can_supervise(author) or subject.organisation_id is None:
        raise SupervisionError("not_supervised")
    if author.organisation_id is None:
        raise SupervisionError("not_supervised")
    note = SupervisionNote(
        text=_text(text, "text", "text_required"),
        author=author,
        author_organisation_id=author.organisation_id,
        organisation_id=subject.organisation_id,
        created_at=clock.now(),
    )
    if isinstance(subject, Tender):
        note.tender = subject
    else:
        note.period = subject
    db.session.add(note)
    db.session.flush()
    record("supervision.note", subject, details={"note": note.id, "text": note.text})
    return note


def answer_note(note: SupervisionNote, answer: str, officer: User) -> None:
    if note.answered_at is not None:
        raise SupervisionError("already_answered")
    if not note.can_answer(officer):
        raise SupervisionError("not_yours")
    note.answer = _text(answer, "answer", "answer_required")
    note.answered_by = officer
    note.answered_at = clock.now()
    record("supervision.answer", note.subject, details={"note": note.id, "answer": note.answer})
