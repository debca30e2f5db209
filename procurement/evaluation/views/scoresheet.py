"""A member's scoresheet: the bids side by side, objective points computed, subjective ones typed."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from procurement.accounts.models import Role
from procurement.evaluation import operations as ops
from procurement.evaluation.blueprint import bp, load, my_seat
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.forms import ScoresheetForm, scoresheet_form
from procurement.evaluation.models import CommitteeMember, ReviewKind, ScoresheetStatus
from procurement.evaluation.queries import (
    EvaluationState,
    objective_points,
    subjective_criteria,
)
from procurement.security import roles
from procurement.tenders.models import Tender
from procurement.web import attempt, form_status


@bp.route("/<int:tender_id>/score", methods=["GET", "POST"])
@roles(Role.MEMBER)
def score(tender_id: int) -> Any:
    tender = load(tender_id, Tender.is_seated)
    seat = my_seat(tender)
    if not seat.may_score:
        return redirect(url_for("evaluation.declare", tender_id=tender.id))
    state = EvaluationState(tender)
    if not state.ready_to_score:
        flash(EvaluationError.message_for("not_ready"), "info")
        return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    form = _scoresheet_form(state, seat)
    problem = None
    if form.validate_on_submit():
        done = attempt(ops.save_scores, seat, form.values())
        if done.ok and form.action.data != "submit":
            flash(_("Saved."), "success")
            return redirect(url_for("evaluation.score", tender_id=tender.id))
        if done.ok:
            # A second transaction on purpose: what was typed stays saved if submission is refused.
            done = attempt(ops.submit_scoresheet, seat)
            if done.ok:
                flash(_("Scoresheet submitted and locked."), "success")
                return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
        elif done.error is not None:
            form.place_problems(done.error.details.get("problems", {}))
        problem = done.error.message if done.error else None
        state = EvaluationState(tender)  # as stored now, after the commit or rollback
    return _render(state, seat, form, problem)


def _scoresheet_form(state: EvaluationState, seat: CommitteeMember) -> ScoresheetForm:
    sheet = state.scoresheet_of(seat)
    saved = {(s.bid_id, s.criterion_id): s.points for s in sheet.scores} if sheet else {}
    bid_ids = [bid.id for bid in state.compliant_bids]
    return scoresheet_form(bid_ids, subjective_criteria(state.tender), saved)


def _render(
    state: EvaluationState, seat: CommitteeMember, form: ScoresheetForm, problem: str | None
) -> Any:
    sheet = state.scoresheet_of(seat)
    return render_template(
        "evaluation/score.html",
        tender=state.tender,
        bids=state.compliant_bids,
        reviews=state.reviews,
        requirement_rows={kind.value: state.requirements(kind) for kind in ReviewKind},
        objective=objective_points(state),
        # A competitive consultation scores the final offers: the page shows both prices.
        final_offers=state.final_offers or {},
        scored={bid.id: state.scored_content(bid) for bid in state.compliant_bids},
        form=form,
        errors=form.score_errors(),
        problem=problem,
        locked=sheet is not None and sheet.status is ScoresheetStatus.SUBMITTED,
    ), form_status()
