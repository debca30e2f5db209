"""A key holder's own page: set the passphrase once, change it later (never reset)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.keyholders import operations
from procurement.keyholders.forms import ChangePassphraseForm, HolderChoiceForm, SetPassphraseForm
from procurement.keyholders.queries import default_holders, has_key, ready_holders, tender_key_of
from procurement.security import roles
from procurement.tenders.models import Tender, TenderStatus
from procurement.web import attempt, form_status

bp = Blueprint("keyholders", __name__, url_prefix="/keyholder")


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {
        "holder_choice": holder_choice,
        "has_holder_key": has_key,
        "tender_key_of": tender_key_of,
    }


def holder_choice(current: list[Any] | None = None) -> HolderChoiceForm:
    """The choice of key holders on the publish form (tenders/detail.html) or the reshare page
    (`current`: the holders now), or as posted."""
    form = HolderChoiceForm()
    ready = ready_holders(current_user)
    form.offer(ready, current or default_holders(current_user, ready))
    return form


def chosen_holders() -> tuple[list[Any], int]:
    """The holders and threshold posted with the publish form (the suggested three if none)."""
    form = HolderChoiceForm()
    ready = ready_holders(current_user)
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


def passphrases_posted(tender: Tender) -> dict[int, str]:
    """{holder id: passphrase} from the ceremony fields (`passphrase_<holder id>`) of a form."""
    tender_key = tender_key_of(tender)
    holders = tender_key.holders if tender_key is not None else []
    return {user.id: request.form.get(f"passphrase_{user.id}", "") for user in holders}


def _sealed_tender(tender_id: int) -> Tender:
    """A published tender whose bids are still sealed, managed by the signed-in officer."""
    tender = db.get_or_404(Tender, tender_id)
    if not tender.can_manage(current_user):
        abort(404 if tender.hidden_from(current_user) else 403)
    if tender.status is not TenderStatus.PUBLISHED or not tender.is_sealed():
        abort(404)
    return tender


@bp.route("/tenders/<int:tender_id>/reshare", methods=["GET", "POST"])
@roles(Role.OFFICER)
def reshare(tender_id: int) -> Any:
    """Replace a lost share: k current holders present, the key split again among new holders."""
    tender = _sealed_tender(tender_id)
    problems: list[str] = []
    if request.method == "POST":
        holders, threshold = chosen_holders()
        done = attempt(operations.reshare, tender, passphrases_posted(tender), holders, threshold)
        if done.ok:
            flash(_("The key is split again among the new key holders."), "success")
            return redirect(url_for("tenders.detail", tender_id=tender.id))
        problems = done.error.problems if done.error is not None else []
    return render_template(
        "keyholders/reshare.html",
        tender=tender,
        tender_key=tender_key_of(tender),
        problems=problems,
    ), form_status()
