"""The evaluation blueprint, and the one loader its views use to answer 404 or 403.

Every view module of the package (`procurement.evaluation.views.*`) adds its routes to `bp`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort
from flask_login import current_user

from procurement.accounts.models import User
from procurement.bids.models import Bid
from procurement.evaluation.models import CommitteeMember
from procurement.extensions import db
from procurement.tenders.models import Tender, TenderStatus

bp = Blueprint("evaluation", __name__, url_prefix="/evaluation")

Permission = Callable[[Tender, User], bool]


def load(tender_id: int, may: Permission) -> Tender:
    """The tender under evaluation, if the signed-in user `may` (a `Tender` permission method).

    404 before the opening and after a failure (流标): there is nothing to evaluate, and nothing to
    see before the opening; 404 for another office's tender. 403 for a user the permission refuses.
    """
    tender = db.get_or_404(Tender, tender_id)
    if tender.opened_at is None or tender.status is TenderStatus.FAILED:
        abort(404)
    if not may(tender, current_user):
        abort(404 if tender.hidden_from(current_user) else 403)
    return tender


def my_seat(tender: Tender) -> CommitteeMember:
    """The signed-in member's seat, once `load` let a seated member in (403 for anyone else)."""
    seat = tender.seat_of(current_user)
    if seat is None or seat.removed:
        abort(403)
    return seat


def may_read_ranking(tender: Tender, user: User) -> bool:
    """The ranking and its flags: the officer reads them, the chair decides the flags."""
    return tender.can_manage(user) or tender.can_chair(user)


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    from procurement.bids.evidence import evidence_rows
    from procurement.bids.fields import SECTIONS

    return {"bid_value": bid_value, "evidence_rows": evidence_rows, "bid_sections": SECTIONS}


def bid_value(criterion: dict[str, Any], bid: Bid, content: dict[str, Any] | None = None) -> str:
    """The bid's value an objective criterion scores, as the comparison view shows it (from
    `content` when given: the bid with its final offer, in a competitive consultation)."""
    from procurement.bids.fields import SOURCES_BY_KEY, source_value

    source = criterion.get("source")
    content = content or bid.opened_content
    if not source or not content:
        return ""
    value = source_value(source, content)
    if isinstance(value, list):
        labels = dict(SOURCES_BY_KEY[source].items)
        return "、".join(str(labels.get(item, item)) for item in value) or "—"
    from procurement.register.past import figure_of

    figure = figure_of(source, bid.opened_content)  # past performance: with where it came from
    return f"{value:g}（{figure['source']}）" if figure else f"{value:g}"
