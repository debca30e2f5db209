"""Forms of account administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-wtforms yet
from wtforms.validators import DataRequired, Email, Length, Optional

from procurement.accounts.models import InsurerStatus, Role
from procurement.auth.forms import StrongPassword, username_field
from procurement.labels import LABELS

ROLE_LABELS = LABELS[Role]
STATUS_LABELS = LABELS[InsurerStatus]


class StaffAccountForm(FlaskForm):
    """Administrators create officer, member and administrator accounts."""

    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(role.value, ROLE_LABELS[role])
            for role in (Role.OFFICER, Role.MEMBER, Role.ADMIN)
        ],
    )
    username = username_field()
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), StrongPassword()],
        render_kw={"autocomplete": "new-password"},
        description=_l("Give it to the person in a safe way; they can change it after signing in."),
    )


class RejectInsurerForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for rejection"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Shown to the applicant."),
    )


class ApproveInsurerForm(FlaskForm):
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a CSRF token after the user confirmed the action."""


class AccountFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("", _l("All roles"))]
        + [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[Optional()],
    )
