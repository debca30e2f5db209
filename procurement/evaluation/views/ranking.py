"""The ranking: the chair's overview with its flags and robustness panel (the officer reads it),
the chair's decisions on the flags, and finalising the ranking."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement import charts
from procurement.accounts.models import Role
from procurement.bids.models import Bid
from procurement.evaluation import operations as ops
from procurement.evaluation.blueprint import bp, load, may_read_ranking
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.forms import RESOLUTION_LABELS, ConfirmForm, FlagForm
from procurement.evaluation.models import CommitteeMember, FlagKind, FlagResolution
from procurement.evaluation.queries import (
    EvaluationState,
    bid_key,
    member_key,
    plain_reading,
    topsis_cross_check,
)
from procurement.extensions import db
from procurement.security import roles
from procurement.tenders.forms import GROUP_LABELS
from procurement.tenders.models import Tender
from procurement.web import attempt


@bp.get("/<int:tender_id>/overview")
@roles(Role.OFFICER, Role.MEMBER)
def overview(tender_id: int) -> Any:
    tender = load(tender_id, may_read_ranking)
    state = EvaluationState(tender)
    if not state.all_submitted:
        flash(EvaluationError.message_for("not_all_submitted"), "info")
        return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    return render_template(
        "evaluation/overview.html",
        **_ranking(state),
        FlagKind=FlagKind,
        FlagResolution=FlagResolution,
        resolution_labels=RESOLUTION_LABELS,
        flag_form=FlagForm(),
        is_chair=tender.can_chair(current_user),
        confirm_form=ConfirmForm(),
    )


def _ranking(state: EvaluationState) -> dict[str, Any]:
    """What the overview shows: the stored ranking, read only (the operations store it)."""
    row = state.result
    if row is not None:
        result, criteria, finalised = row.result, row.spec["criteria"], row.finalised_at is not None
    else:  # submitted before the ranking was stored on submission: rank in memory, store nothing
        import scoring

        spec = state.engine_spec()
        result, criteria, finalised = scoring.evaluate(spec), spec["criteria"], False
    bids = {bid_key(bid): bid for bid in state.bids}
    names = {key: bid.insurer.name for key, bid in bids.items()}
    # Grouped once here: the template would otherwise filter the flags for every table cell.
    outlier_pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for flag in result["outliers"]:
        outlier_pairs.setdefault((flag["member"], flag["bid"]), []).append(flag)
    return {
        "tender": state.tender,
        "result": result,
        "finalised": finalised,
        # The chair may change a decision until every member has signed (a new draft each time).
        "decisions_final": row is not None and row.report_sha256 is not None,
        "bids": bids,
        "seats": {member_key(seat): seat for seat in state.members},
        "names": names,
        "points": state.member_points(),
        "decided": state.decided(),
        "flagged": {(f["member"], f["bid"], f["criterion"]) for f in result["outliers"]},
        "criterion_names": {c["id"]: c["name"] for c in state.tender.criteria},
        "outlier_pairs": outlier_pairs,
        # Decisions on scores no longer flagged (results from before the median): shown, so the
        # chair can still change or withdraw them (a replacement keeps applying until withdrawn).
        "unflagged": [
            d
            for d in state.decisions
            if d.kind is FlagKind.OUTLIER
            and d.member is not None
            and (member_key(d.member), bid_key(d.bid)) not in outlier_pairs
        ],
        "topsis": topsis_cross_check(result, criteria),
        "reading": plain_reading(result, names),
        "group_chart": charts.stacked_groups(result, state.tender.criteria, names, GROUP_LABELS),
        "acceptability_chart": charts.rank_acceptability(result, names),
    }


@bp.post("/<int:tender_id>/flags")
@roles(Role.MEMBER)
def decide_flag(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_chair)
    kind, bid, seat = _flagged(tender)
    form = FlagForm()
    if not form.validate_on_submit():
        flash(_("Write the explanation or decision."), "error")
        return redirect(url_for("evaluation.overview", tender_id=tender.id))
    done = attempt(
        ops.decide_flag,
        tender,
        kind=kind,
        bid=bid,
        seat=seat,
        resolution=FlagResolution(form.resolution.data),
        explanation=form.explanation.data or "",
        votes_for=form.votes_for.data,
        chair=current_user,
    )
    if done.ok:
        flash(_("Decision recorded; the ranking was recomputed."), "success")
    done.flash_problems()
    return redirect(url_for("evaluation.overview", tender_id=tender.id))


@bp.post("/<int:tender_id>/flags/withdraw")
@roles(Role.MEMBER)
def withdraw_flag(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_chair)
    kind, bid, seat = _flagged(tender)
    done = attempt(ops.withdraw_flag, tender, kind=kind, bid=bid, seat=seat, chair=current_user)
    if done.ok:
        flash(
            _("Decision withdrawn; the flag is open again and the ranking was recomputed."),
            "success",
        )
    done.flash_problems()
    return redirect(url_for("evaluation.overview", tender_id=tender.id))


def _flagged(tender: Tender) -> tuple[FlagKind, Bid, CommitteeMember | None]:
    """The flag a decision is about, from the posted form: 404 for anything not of this tender."""
    kind = request.form.get("kind", "outlier")
    bid = db.session.get(Bid, request.form.get("bid_id", 0, type=int))
    seat = db.session.get(CommitteeMember, request.form.get("member_id", 0, type=int))
    if kind not in set(FlagKind) or bid is None or bid.tender_id != tender.id:
        abort(404)
    if seat is not None and seat.tender_id != tender.id:
        abort(404)
    return FlagKind(kind), bid, seat


@bp.post("/<int:tender_id>/finalise")
@roles(Role.MEMBER)
def finalise(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_chair)
    done = attempt(ops.finalise, tender, current_user)
    if not done.ok:
        done.flash_problems()
        return redirect(url_for("evaluation.overview", tender_id=tender.id))
    flash(
        _("The ranking is final: every member now reads the draft report and signs it."), "success"
    )
    return redirect(url_for("evaluation.sign", tender_id=tender.id))
