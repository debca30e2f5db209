"""Forms of supervision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class NoteForm(FlaskForm):
    text = TextAreaField(
        _l("Supervision note"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("The owning office must answer it; both are recorded in the audit log."),
    )


class NoteAnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=5000)])
