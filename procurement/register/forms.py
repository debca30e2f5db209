"""The register's forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from procurement.fields import BoundedIntegerField


class RegisterUploadForm(FlaskForm):
    file = FileField(
        _l("File (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("The first row holds the headers of the template file."),
    )


class ConfirmForm(FlaskForm):
    pass


class RatingForm(FlaskForm):
    insurer = SelectField(_l("Insurer"), coerce=int, validators=[InputRequired()])
    score = BoundedIntegerField(
        _l("Satisfaction (0–100)"), validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    comments = TextAreaField(_l("Comments and suggestions"), validators=[Length(max=1000)])


class SubmitReportForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[Length(max=2000)],
        description=_l("Needed only when the year's report was submitted before."),
    )
