"""The blueprint of the Shaoguan programme and its loaders: each answers 404 to whoever may not see
the object (its existence included)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_login import current_user

from procurement.extensions import db
from procurement.register.models import Community
from procurement.shaoguan import queries
from procurement.shaoguan.models import Eligibility, OwnerObjection, Programme, Proposal
from procurement.web import attempt

bp = Blueprint("shaoguan", __name__, url_prefix="/shaoguan")


def _get(model: Any, object_id: int) -> Any:
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def managed_programme(programme_id: int) -> Programme:
    programme: Programme = _get(Programme, programme_id)
    if not programme.can_manage(current_user):
        abort(404)
    return programme


def bureau_community(programme_id: int, community_id: int) -> tuple[Programme, Community]:
    """A community of the signed-in district bureau."""
    programme: Programme = _get(Programme, programme_id)
    community: Community = _get(Community, community_id)
    if not programme.can_act_on(current_user, community):
        abort(404)
    return programme, community


def proposing_eligibility(programme_id: int, community_id: int) -> Eligibility:
    """The eligibility of a community for whoever may propose for it: its bureau or its staff."""
    programme: Programme = _get(Programme, programme_id)
    community: Community = _get(Community, community_id)
    eligibility = queries.eligibility_of(programme, community)
    if eligibility is None or not (
        programme.can_act_on(current_user, community) or eligibility.may_propose(current_user)
    ):
        abort(404)
    return eligibility


def readable_proposal(proposal_id: int) -> Proposal:
    proposal: Proposal = _get(Proposal, proposal_id)
    if not proposal.can_read(current_user):
        abort(404)
    settle_if_due(proposal)
    return proposal


def reviewed_objection(proposal: Proposal, objection_id: int) -> OwnerObjection:
    objection: OwnerObjection = _get(OwnerObjection, objection_id)
    if objection.proposal_id != proposal.id:
        abort(404)
    return objection


def public_programme(slug: str) -> Programme:
    programme = queries.programme_by_slug(slug)
    if programme is None:
        abort(404)
    return programme


def public_proposal(slug: str, proposal_id: int) -> Proposal:
    programme = public_programme(slug)
    proposal: Proposal = _get(Proposal, proposal_id)
    if proposal.programme_id != programme.id or not proposal.is_public:
        abort(404)
    settle_if_due(proposal)
    return proposal


def settle_if_due(proposal: Proposal) -> None:
    """Lazily, on read: a notice that ended with no standing objection approves its proposal
    (the same operation as `flask --app procurement shaoguan settle`)."""
    from procurement import clock
    from procurement.shaoguan.models import ProposalStatus
    from procurement.shaoguan.notice import settle

    if proposal.status is ProposalStatus.NOTICED and not proposal.notice_open(clock.now()):
        attempt(settle, proposal)
