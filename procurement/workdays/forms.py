"""The administrator's calendar form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2+; its stubs lag
from wtforms.validators import DataRequired, Length


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    kind = RadioField(
        _l("Kind"),
        choices=[
            SelectChoice("holiday", _l("Public holiday (not a working day)")),
            SelectChoice("workday", _l("Make-up working day (调休)")),
        ],
        validators=[DataRequired()],
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=40)], description=_l("e.g. 春节")
    )
