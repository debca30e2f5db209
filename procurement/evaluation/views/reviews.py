"""The reviews: the officer's qualification review and the chair's record of the compliance review."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.bids.models import Bid
from procurement.evaluation import operations as ops
from procurement.evaluation.blueprint import bp, load
from procurement.evaluation.forms import review_form
from procurement.evaluation.models import ReviewKind
from procurement.evaluation.queries import EvaluationState
from procurement.extensions import db
from procurement.security import roles
from procurement.tenders.models import Tender
from procurement.web import attempt, form_status


@bp.route("/<int:tender_id>/review/<kind>/<int:bid_id>", methods=["GET", "POST"])
@roles(Role.OFFICER, Role.MEMBER)
def review(tender_id: int, kind: str, bid_id: int) -> Any:
    review_kind = ReviewKind(kind) if kind in set(ReviewKind) else abort(404)
    # Qualification is the purchaser's review; compliance is recorded by the committee's chair.
    qualification = review_kind is ReviewKind.QUALIFICATION
    tender = load(tender_id, Tender.can_manage if qualification else Tender.can_chair)
    if not qualification and not tender.may_score(current_user):
        return redirect(url_for("evaluation.declare", tender_id=tender.id))
    bid = db.get_or_404(Bid, bid_id)
    if bid.tender_id != tender.id:
        abort(404)
    state = EvaluationState(tender)
    form = review_form(state.requirements(review_kind), state.review_of(bid, review_kind))
    problem = None
    if form.validate_on_submit():
        done = attempt(ops.record_review, tender, bid, review_kind, form.decisions(), current_user)
        if done.ok:
            flash(_("Review of %(name)s saved.", name=bid.insurer.name), "success")
            return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
        problem = done.error.message if done.error else None
    return render_template(
        "evaluation/review.html",
        tender=tender,
        bid=bid,
        kind=review_kind,
        requirements=state.requirements(review_kind),
        form=form,
        errors=form.requirement_errors(),
        problem=problem,
    ), form_status()
