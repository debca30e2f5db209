"""The comparison view: the same section of the bid form, for 2 to 4 chosen bids side by side."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from procurement.accounts.models import Role
from procurement.bids.evidence import evidence_rows
from procurement.bids.fields import SECTIONS, SECTIONS_BY_KEY
from procurement.evaluation.blueprint import bp, load
from procurement.evaluation.forms import compare_form
from procurement.evaluation.queries import EvaluationState
from procurement.security import roles
from procurement.tenders.models import Tender


@bp.get("/<int:tender_id>/compare")
@roles(Role.OFFICER, Role.MEMBER)
def compare(tender_id: int) -> Any:
    tender = load(tender_id, Tender.can_read_bids)
    state = EvaluationState(tender)
    form = compare_form(state.bids, request.args)
    chosen, rows = [], []
    if form.validate():
        by_id = {bid.id: bid for bid in state.bids}
        chosen = [by_id[bid_id] for bid_id in form.bids.data or []]
        section = form.section.data
        # One row per entered value, one cell per chosen bid (every bid has the same labels).
        rows = list(
            zip(*(evidence_rows(bid.opened_content, section) for bid in chosen), strict=True)
        )
    return render_template(
        "evaluation/compare.html",
        tender=tender,
        form=form,
        chosen=chosen,
        section=SECTIONS_BY_KEY.get(form.section.data or "", SECTIONS[0]),
        rows=rows,
    )
