"""A key holder's own page: set the passphrase once, change it later (never reset)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.keyholders import operations
from procurement.keyholders.forms import ChangePassphraseForm, HolderChoiceForm, SetPassphraseForm
from procurement.keyholders.queries import default_holders, has_key, ready_holders
from procurement.security import roles
from procurement.web import attempt, form_status

bp = Blueprint("keyholders", __name__, url_prefix="/keyholder")


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {"holder_choice": holder_choice, "has_holder_key": has_key}


def holder_choice() -> HolderChoiceForm:
    """The choice of key holders on the publish form (tenders/detail.html), or as posted."""
    form = HolderChoiceForm()
    ready = ready_holders()
    form.offer(ready, default_holders(current_user, ready))
    return form


def chosen_holders() -> tuple[list[Any], int]:
    """The holders and threshold posted with the publish form (the suggested three if none)."""
    form = HolderChoiceForm()
    ready = ready_holders()
    return form.chosen(ready, default_holders(current_user, ready))


@bp.route("/", methods=["GET", "POST"])
@roles(Role.OFFICER, Role.ADMIN)
def passphrase() -> Any:
    ready = has_key(current_user)
    form = ChangePassphraseForm() if ready else SetPassphraseForm()
    problems: list[str] = []
    if form.validate_on_submit():
        if isinstance(form, ChangePassphraseForm):
            done = attempt(
                operations.change_passphrase,
                current_user,
                form.old.data or "",
                form.passphrase.data or "",
                form.repeated.data or "",
            )
        else:
            done = attempt(
                operations.set_passphrase,
                current_user,
                form.passphrase.data or "",
                form.repeated.data or "",
            )
        if done.ok:
            flash(_("Key-holder passphrase saved."), "success")
            return redirect(url_for("keyholders.passphrase"))
        problems = done.place_on(form)
    return render_template(
        "keyholders/passphrase.html", form=form, ready=ready, problems=problems
    ), form_status()
