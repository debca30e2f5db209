"""The audit log's filter form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from procurement.queryargs import QueryDateField


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    action = StringField(_l("Action"), validators=[Optional(), Length(max=64)])
    actor = StringField(_l("User"), validators=[Optional(), Length(max=64)])
    object_type = SelectField(_l("Object"), choices=[], validators=[Optional()])
    since = QueryDateField(_l("From"), validators=[Optional()])
    until = QueryDateField(_l("To"), validators=[Optional()])
