"""A proposal's pages: drafting (community staff or bureau), the bureau's clause-by-clause review,
the notice, answers to objections and the outcome, and the insurer's confirmation."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2+; its stubs lag

from procurement import clock
from procurement.accounts.models import Role
from procurement.security import roles, upload_limit
from procurement.shaoguan import notice, operations, queries
from procurement.shaoguan.blueprint import (
    bp,
    proposing_eligibility,
    readable_proposal,
    reviewed_objection,
)
from procurement.shaoguan.forms import (
    AnswerForm,
    ClauseForm,
    ConfirmForm,
    OutcomeForm,
    ProposalForm,
)
from procurement.shaoguan.models import Eligibility, Proposal
from procurement.shaoguan.views import UPLOAD
from procurement.web import attempt, form_status


def _proposal_form(eligibility: Eligibility, **kwargs: Any) -> ProposalForm:
    form = ProposalForm(**kwargs)
    form.elevator_ids.choices = [
        SelectChoice(e.id, f"{e.number} · {e.address}")
        for e in queries.elevators_of(eligibility.community)
    ]
    admitted = queries.admitted_insurers(eligibility.community)
    form.insurer_id.choices = [SelectChoice(i.id, i.name) for i in admitted]
    return form


@bp.route(
    "/<int:programme_id>/communities/<int:community_id>/proposals/new", methods=["GET", "POST"]
)
@roles(Role.OFFICER, Role.COMMUNITY)
def new_proposal(programme_id: int, community_id: int) -> Any:
    eligibility = proposing_eligibility(programme_id, community_id)
    form = _proposal_form(eligibility)
    problems: list[str] = []
    if form.validate_on_submit():
        done = attempt(operations.create_proposal, eligibility, form.values(), current_user)
        if done.ok:
            return redirect(url_for("shaoguan.proposal", proposal_id=done.value.id))
        problems = done.place_on(form)
    page = render_template(
        "shaoguan/proposal_form.html", eligibility=eligibility, form=form, problems=problems
    )
    return page, form_status()


def _page(proposal: Proposal, problems: list[str] | None = None, **forms: Any) -> Any:
    return render_template(
        "shaoguan/proposal.html", proposal=proposal, now=clock.now(),
        objections=queries.grouped_objections(proposal),
        clause=forms.get("clause") or ClauseForm(), outcome=forms.get("outcome") or OutcomeForm(),
        confirm=forms.get("confirm") or ConfirmForm(), answer=AnswerForm(),
        policies=queries.policies_of(proposal), problems=problems or [],
    ), form_status()  # fmt: skip


@bp.get("/proposals/<int:proposal_id>")
@roles(Role.OFFICER, Role.COMMUNITY, Role.INSURER)
def proposal(proposal_id: int) -> Any:
    return _page(readable_proposal(proposal_id))


def _bureau_proposal(proposal_id: int) -> Proposal:
    from flask import abort

    proposal = readable_proposal(proposal_id)
    if not proposal.can_review(current_user):
        abort(404)
    return proposal


@bp.post("/proposals/<int:proposal_id>/clauses")
@roles(Role.OFFICER)
def review_clause(proposal_id: int) -> Any:
    proposal = _bureau_proposal(proposal_id)
    form = ClauseForm()
    if not form.validate_on_submit():
        return _page(proposal, clause=form)
    done = attempt(operations.review_clause, proposal, clause=form.clause.data or "",
                   finding=form.finding.data or "", user=current_user)  # fmt: skip
    if not done.ok:
        return _page(proposal, done.place_on(form), clause=form)
    return redirect(url_for("shaoguan.proposal", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/publish")
@roles(Role.OFFICER)
def publish(proposal_id: int) -> Any:
    proposal = _bureau_proposal(proposal_id)
    done = attempt(notice.publish_notice, proposal, current_user)
    if done.ok:
        flash(_("The notice to owners is published."), "success")
    done.flash_problems()
    return redirect(url_for("shaoguan.proposal", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/objections/<int:objection_id>/answer")
@roles(Role.OFFICER)
def answer(proposal_id: int, objection_id: int) -> Any:
    proposal = _bureau_proposal(proposal_id)
    objection = reviewed_objection(proposal, objection_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _page(proposal, [_("Write the answer.")])
    done = attempt(notice.answer_objection, objection, answer=form.answer.data or "",
                   withdrawn=bool(form.withdrawn.data), user=current_user)  # fmt: skip
    done.flash_problems()
    return redirect(url_for("shaoguan.proposal", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/outcome")
@roles(Role.OFFICER)
@upload_limit(UPLOAD)
def outcome(proposal_id: int) -> Any:
    proposal = _bureau_proposal(proposal_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _page(proposal, outcome=form)
    vote = form.vote.data
    done = attempt(notice.record_outcome, proposal, outcome=form.outcome.data or "",
                   note=form.note.data or "", vote=vote.read() if vote else None,
                   vote_filename=vote.filename if vote else None, user=current_user)  # fmt: skip
    if not done.ok:
        return _page(proposal, done.place_on(form), outcome=form)
    return redirect(url_for("shaoguan.proposal", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/confirm")
@roles(Role.INSURER)
def confirm(proposal_id: int) -> Any:
    from flask import abort

    proposal = readable_proposal(proposal_id)
    if not proposal.can_confirm(current_user):
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _page(proposal, confirm=form)
    done = attempt(notice.confirm_insurance, proposal, policy_number=form.policy_number.data or "",
                   user=current_user)  # fmt: skip
    if not done.ok:
        return _page(proposal, done.place_on(form), confirm=form)
    flash(_("Insurance confirmed: the policies are in the register."), "success")
    return redirect(url_for("shaoguan.proposal", proposal_id=proposal.id))
