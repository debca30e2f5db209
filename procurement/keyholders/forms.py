"""The holder's passphrase forms, the choice of holders at publication, the opening ceremony."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectMultipleField, widgets
from wtforms.validators import InputRequired, Optional

from procurement.accounts.forms import ROLE_LABELS
from procurement.accounts.models import Role, User

SUPERVISOR = _l("Supervisor (administrator)")


def _role(user: User) -> str:
    """Administrators hold shares as supervisors until supervisors have a role of their own."""
    return str(SUPERVISOR if user.role is Role.ADMIN else ROLE_LABELS[user.role])


class SetPassphraseForm(FlaskForm):
    passphrase = PasswordField(
        _l("Key-holder passphrase"),
        validators=[InputRequired()],
        description=_l(
            "At least 12 characters. It cannot be reset: without it your share is lost, and the "
            "tenders you hold a share of are opened by the other holders."
        ),
    )
    repeated = PasswordField(_l("Repeat the passphrase"), validators=[InputRequired()])


class ChangePassphraseForm(SetPassphraseForm):
    old = PasswordField(_l("Current passphrase"), validators=[InputRequired()])


class HolderChoiceForm(FlaskForm):
    """Who holds a share of the tender's key, and how many of them open it together."""

    holders = SelectMultipleField(
        _l("Key holders"),
        coerce=int,
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
        validators=[Optional()],
    )
    threshold = IntegerField(_l("Key holders needed to open"), default=2, validators=[Optional()])

    def offer(self, ready: list[User], suggested: list[User]) -> None:
        self.holders.choices = [
            (user.id, f"{user.display_name}（{_role(user)}）") for user in ready
        ]
        if not self.is_submitted():
            self.holders.data = [user.id for user in suggested]

    def chosen(self, ready: list[User], suggested: list[User]) -> tuple[list[User], int]:
        """The checked holders (the suggested ones when none was posted) and the threshold."""
        wanted = self.holders.data or [user.id for user in suggested]
        by_id = {user.id: user for user in ready}
        return [by_id[i] for i in wanted if i in by_id], self.threshold.data or 2
