"""Sign-in, insurer registration and password forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from procurement.accounts import uscc
from procurement.auth import passwords

USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{3,64}$"

PASSWORD_PROBLEMS = {
    "length": _l("The password must have at least %(n)s characters.", n=passwords.MIN_LENGTH),
    "mix": _l("The password must contain both letters and digits."),
    "common": _l("This password is too common; choose another."),
    "username": _l("The password must not contain the user name."),
}

USCC_PROBLEMS = {
    "length": _l("Must have exactly 18 characters."),
    "characters": _l("Only digits and capital letters other than I, O, S, V, Z are allowed."),
    "check": _l("The check character does not match: please check the code for typing errors."),
}


class StrongPassword:
    """Applies the password policy against the form's user name, or the signed-in user's."""

    def __call__(self, form: Any, field: Any) -> None:
        username_field = getattr(form, "username", None)
        if username_field is not None:
            username = username_field.data
        elif current_user and current_user.is_authenticated:
            username = current_user.username
        else:
            username = ""
        problem = passwords.weakness(field.data or "", username or "")
        if problem:
            raise ValidationError(str(PASSWORD_PROBLEMS[problem]))


class ValidUSCC:
    def __call__(self, form: Any, field: Any) -> None:
        field.data = uscc.normalise(field.data or "")
        problem = uscc.problem(field.data)
        if problem:
            raise ValidationError(str(USCC_PROBLEMS[problem]))


def username_field() -> StringField:
    return StringField(
        _l("User name"),
        validators=[
            DataRequired(),
            Regexp(
                USERNAME_PATTERN,
                message=_l("3 to 64 letters, digits, dots, hyphens or underscores."),
            ),
        ],
        render_kw={"autocomplete": "username"},
    )


class LoginForm(FlaskForm):
    username = StringField(
        _l("User name"), validators=[DataRequired()], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class InsurerRegistrationForm(FlaskForm):
    company_name = StringField(
        _l("Company name"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("As on the business licence, e.g. 某财产保险股份有限公司重庆分公司"),
    )
    uscc = StringField(
        _l("Unified social credit code"),
        validators=[DataRequired(), ValidUSCC()],
        description=_l("18 characters, as on the business licence"),
    )
    licence_number = StringField(
        _l("Insurance licence number"),
        validators=[DataRequired(), Length(max=64)],
        description=_l("Number of the insurance business licence (经营保险业务许可证)"),
    )
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=100)])
    contact_phone = TelField(
        _l("Contact phone"),
        validators=[
            DataRequired(),
            Regexp(r"^[0-9+\-() ]{7,32}$", message=_l("Enter a telephone number.")),
        ],
    )
    contact_email = EmailField(
        _l("Contact e-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    username = username_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), StrongPassword()],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least 10 characters, with letters and digits."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )

    def details(self) -> dict[str, str]:
        """What `register_insurer` takes, once the form has validated."""
        names = "company_name uscc licence_number contact_name contact_phone contact_email"
        names += " username password"
        return {name: getattr(self, name).data or "" for name in names.split()}


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), StrongPassword()],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least 10 characters, with letters and digits."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
