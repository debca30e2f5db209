"""The audit log's filter form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    action = StringField(_l("Action"), validators=[Optional(), Length(max=64)])
    actor = StringField(_l("User"), validators=[Optional(), Length(max=64)])
    object_type = SelectField(_l("Object"), choices=[], validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])
