"""The pilot dashboard (public: aggregate counts of insured elevators, nothing personal, so that
residents, user units and the offices see the same progress) and the administrator's targets."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement import clock
from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.pagecache import cached
from procurement.register import targets
from procurement.register.blueprint import bp
from procurement.register.target_forms import RemoveTargetForm, TargetForm
from procurement.register.target_models import PilotTarget
from procurement.security import roles
from procurement.web import attempt


@bp.get("/pilot/progress")
@cached
def progress() -> Any:
    today = clock.to_local(clock.now()).date()
    return render_template("register/progress.html", rows=targets.progress(today), today=today)


@bp.route("/pilot/targets", methods=["GET", "POST"])
@roles(Role.ADMIN)
def targets_page() -> Any:
    form, problems = TargetForm(), list[str]()
    if form.validate_on_submit():
        done = attempt(
            targets.set_target, form.district.data or "", form.elevators.data or 0,
            cast(date, form.due_on.data), current_user,
        )  # fmt: skip
        if done.ok:
            flash(_("Target set."), "success")
            return redirect(url_for("register.targets_page"))
        problems = done.place_on(form)
    status = 400 if form.errors or problems else 200
    return render_template(
        "register/targets.html", form=form, problems=problems, targets=targets.targets(),
        remove=RemoveTargetForm(),
    ), status  # fmt: skip


@bp.post("/pilot/targets/<int:target_id>/remove")
@roles(Role.ADMIN)
def remove_target(target_id: int) -> Any:
    target = db.get_or_404(PilotTarget, target_id)
    if not RemoveTargetForm().validate_on_submit():
        abort(400)
    attempt(targets.remove_target, target)
    flash(_("Target removed."), "success")
    return redirect(url_for("register.targets_page"))
