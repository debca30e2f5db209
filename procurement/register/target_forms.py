"""The administrator's form of a pilot target."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from procurement.fields import BoundedIntegerField
from procurement.register.targets import MAX_ELEVATORS


class TargetForm(FlaskForm):
    district = StringField(
        _l("District"),
        validators=[DataRequired(_l("Give a code or name.")), Length(max=50)],
        description=_l(
            "A city, district or county: its name or six-digit code (e.g. 韶关市 or 440200)."
        ),
    )
    elevators = BoundedIntegerField(
        _l("Insured elevators"),
        validators=[InputRequired(_l("Give a number."))],
        min=1,
        max=MAX_ELEVATORS,
    )
    due_on = DateField(_l("Due date"), validators=[DataRequired(_l("Give a date."))])


class RemoveTargetForm(FlaskForm):
    pass
