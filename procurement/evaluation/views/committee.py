"""The evaluation's front page, the officer seating the committee, and each member's declaration."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.evaluation import operations as ops
from procurement.evaluation import queries
from procurement.evaluation.blueprint import bp, load, my_seat
from procurement.evaluation.forms import CommitteeForm, ConfirmForm, DeclarationForm
from procurement.evaluation.models import CommitteeMember, ReviewKind
from procurement.evaluation.queries import EvaluationState
from procurement.security import roles
from procurement.tenders.models import Tender
from procurement.web import attempt, form_status


@bp.get("/<int:tender_id>")
@roles(Role.OFFICER, Role.MEMBER)
def dashboard(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_read_report)
    seat = tender.seat_of(current_user)
    if seat is not None and seat.declared_at is None:
        return redirect(url_for("evaluation.declare", tender_id=tender.id))
    state = EvaluationState(tender)
    return render_template(
        "evaluation/dashboard.html",
        tender=tender,
        seat=seat,
        state=state,
        result=state.result,
        ReviewKind=ReviewKind,
        confirm_form=ConfirmForm(),
    )


@bp.route("/<int:tender_id>/committee", methods=["GET", "POST"])
@roles(Role.OFFICER)
def committee(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_manage)
    candidates = {user.id: user for user in queries.committee_candidates()}
    form = CommitteeForm()
    form.offer(list(candidates.values()))
    if not form.is_submitted():
        seats = EvaluationState(tender).members
        form.members.data = [seat.user_id for seat in seats]
        form.chair.data = next((seat.user_id for seat in seats if seat.is_chair), None)
    problems: list[str] = []
    if form.validate_on_submit():
        users = [candidates[user_id] for user_id in form.members.data or []]
        done = attempt(ops.assign_committee, tender, users, candidates[form.chair.data])
        if done.ok:
            flash(_("The committee is seated."), "success")
            return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
        problems = done.place_on(form)
    return render_template(
        "evaluation/committee.html", tender=tender, form=form, problems=problems
    ), form_status()


@bp.get("/mine")
@roles(Role.MEMBER)
def mine() -> Any:
    return render_template("evaluation/mine.html", seats=queries.my_seats(current_user))


@bp.route("/<int:tender_id>/declare", methods=["GET", "POST"])
@roles(Role.MEMBER)
def declare(tender_id: int) -> Any:
    tender = load(tender_id, Tender.is_seated)
    seat = my_seat(tender)
    if seat.declared_at is not None:
        return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    form = DeclarationForm()
    if form.validate_on_submit():
        done = attempt(ops.declare, seat, form.conflict.data == "yes", form.note.data or "")
        if done.ok:
            return _declared(seat)
        unplaced = done.place_on(form)  # a refusal without a field of its own goes by the note
        form.note.errors = [*form.note.errors, *unplaced]
    bidders = [bid.insurer.name for bid in queries.opened_bids(tender)]
    return render_template(
        "evaluation/declare.html", tender=tender, form=form, bidders=bidders
    ), form_status()


def _declared(seat: CommitteeMember) -> Any:
    if seat.has_conflict:
        flash(_("Your withdrawal is recorded. The officer will seat a replacement."), "info")
        return redirect(url_for("evaluation.mine"))
    flash(_("Declaration recorded."), "success")
    return redirect(url_for("evaluation.dashboard", tender_id=seat.tender_id))
