"""The consultation's forms: a session's minutes, a change, the call for final offers."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, SelectField, TextAreaField

# SelectChoice is new in WTForms 3.2; the types-WTForms stubs do not have it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Length, Optional

from procurement.consultation.exceptions import EXCEPTIONS
from procurement.tenders.forms import local_to_utc


def _utc(value: datetime | None) -> datetime:
    if value is None:
        raise ValueError("read after validation: DataRequired refused an empty time")
    return local_to_utc(value)


class MinuteForm(FlaskForm):
    text = TextAreaField(
        _l("Minutes of the session"), validators=[DataRequired(), Length(max=20000)]
    )


class ChangeForm(FlaskForm):
    text = TextAreaField(
        _l("Change of the requirements"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("Sent to every supplier still in the consultation, in these words."),
    )
    respond_by = DateTimeLocalField(
        _l("Suppliers respond by"),
        format="%Y-%m-%dT%H:%M",
        validators=[DataRequired()],
        description=_l("Beijing time"),
    )

    def respond_by_utc(self) -> datetime:
        return _utc(self.respond_by.data)


class ResponseForm(FlaskForm):
    text = TextAreaField(
        _l("Your response to this change"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("Read by the committee and the officer only, never by other suppliers."),
    )
    attachment = FileField(_l("Attachment (PDF, optional)"), description=_l("At most 10 MB."))


class InviteForm(FlaskForm):
    deadline = DateTimeLocalField(
        _l("Final offers by"),
        format="%Y-%m-%dT%H:%M",
        validators=[DataRequired()],
        description=_l("Beijing time"),
    )
    exception = SelectField(
        _l("Lawful exception to the minimum of suppliers"),
        choices=[SelectChoice("", _l("None: enough suppliers remain"))]
        + [SelectChoice(case.code, case.label) for case in EXCEPTIONS],
        validators=[Optional()],
    )
    exception_note = TextAreaField(
        _l("Why the exception applies"), validators=[Optional(), Length(max=5000)]
    )

    def deadline_utc(self) -> datetime:
        return _utc(self.deadline.data)


class ConfirmForm(FlaskForm):
    """A confirmed POST (leaving, opening)."""
