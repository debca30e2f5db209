"""Forms of the evaluation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from procurement.fields import BoundedIntegerField


class CommitteeForm(FlaskForm):
    members = SelectMultipleField(
        _l("Committee members"),
        coerce=int,
        validators=[DataRequired()],
        description=_l("An odd number, at least three. Hold Ctrl to choose several."),
    )
    chair = SelectField(_l("Chair"), coerce=int)


class DeclarationForm(FlaskForm):
    conflict = RadioField(
        _l("Conflict of interest"),
        choices=[
            SelectChoice("no", _l("I have no conflict of interest with any bidder of this tender")),
            SelectChoice("yes", _l("I have a conflict of interest and withdraw (回避)")),
        ],
        validators=[DataRequired()],
    )
    note = TextAreaField(
        _l("Details"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required when you declare a conflict."),
    )


class ConfirmForm(FlaskForm):
    """A POST with a CSRF token, after the user confirmed."""


class FlagForm(FlaskForm):
    resolution = RadioField(_l("Decision"), choices=[], validators=[DataRequired()])
    votes_for = BoundedIntegerField(
        _l("Members voting for replacement"),
        validators=[Optional(), NumberRange(min=0, max=99)],
        description=_l("Replacement needs more than half of the committee."),
    )
    explanation = TextAreaField(
        _l("Written explanation or decision"), validators=[DataRequired(), Length(max=5000)]
    )


class SignForm(FlaskForm):
    agree = BooleanField(_l("I have read the evaluation report and sign it"))
    dissent = TextAreaField(
        _l("Dissent (optional)"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Printed on the report. A member who signs without dissent agrees."),
    )
