"""The evaluation report (评标报告) as PDF, and the score sheet as XLSX."""

from __future__ import annotations

from typing import Any

from procurement import charts
from procurement.consultation.record import final_offer_record
from procurement.evaluation.checks import COMPLIANCE_CHECKS
from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.models import ReviewKind
from procurement.evaluation.queries import (
    EvaluationState,
    bid_key,
    member_key,
    plain_reading,
    subjective_criteria,
)
from procurement.opening.queries import submitted_bids
from procurement.register.past import record_rows
from procurement.rulesets.queries import rules_of
from procurement.spreadsheets import Sheet, xlsx
from procurement.tenders.forms import GROUP_LABELS
from procurement.tenders.models import Tender


def report_context(tender: Tender, draft_version: int | None = None) -> dict[str, Any]:
    """What the report shows; `draft_version` renders it as that draft (待签署), None as the final
    report with the signatures, the hash each member signed and the drafts' history."""
    state = EvaluationState(tender)
    row = state.result
    if row is None:
        raise EvaluationError("not_all_submitted")
    result = row.result
    bids = {bid_key(bid): bid for bid in state.bids}
    names = {key: bid.insurer.name for key, bid in bids.items()}
    seats = state.members
    return {
        "tender": tender,
        "result": result,
        "names": names,
        "bids": bids,
        "seats": seats,
        "all_seats": state.seats,
        "seat_keys": {seat.id: member_key(seat) for seat in seats},
        "points": state.member_points(),
        "opening": submitted_bids(tender),
        "past": record_rows(tender.criteria, submitted_bids(tender)),  # with their sources
        "final_record": final_offer_record(tender),  # a consultation's final offers, or None
        "reviews": state.reviews,
        "qualification": tender.requirements,
        "compliance": COMPLIANCE_CHECKS,
        "ReviewKind": ReviewKind,
        "exclusions": state.exclusions,
        # at most so many ranked candidates (招标投标法实施条例 第53条): the tender's rule set
        "candidates": [
            r for r in result["ranking"] if r["rank"] <= rules_of(tender)["candidates"].value
        ],
        "decisions": state.decisions,
        "signatures": state.signatures,
        "draft_version": draft_version,
        "drafts": state.drafts,
        "withdrawn": [s for s in state.signature_history if s.withdrawn_at is not None],
        "reading": plain_reading(result, names),
        "group_chart": charts.stacked_groups(result, tender.criteria, names, GROUP_LABELS),
        "acceptability_chart": charts.rank_acceptability(result, names),
        "finalised_at": row.finalised_at,
    }


def render_report(tender: Tender, draft_version: int | None = None) -> bytes:
    from procurement.pdf import render_pdf

    return render_pdf("print/evaluation_report.html", **report_context(tender, draft_version))


def score_sheet(state: EvaluationState) -> bytes:
    """The ranking and every member's points, as an Excel workbook."""
    row = state.result
    if row is None:
        raise EvaluationError("not_all_submitted")
    ranking = row.result["ranking"]
    names = {bid_key(bid): bid.insurer.name for bid in state.bids}
    criteria = state.tender.criteria
    summary = Sheet(
        "汇总",
        ["名次", "投标人", "投标报价（元/台·年）"] + [c["name"] for c in criteria] + ["总分"],
        [
            [entry["rank"], names[entry["bid"]], entry["price"]]
            + [entry["points"].get(c["id"], 0) for c in criteria]
            + [entry["total"]]
            for entry in ranking
        ],
    )
    seats = state.members
    points = state.member_points()
    detail = Sheet(
        "评委打分",
        ["投标人", "评分因素"] + [seat.user.display_name for seat in seats],
        [
            [names[entry["bid"]], criterion["name"]]
            + [
                points.get(member_key(s), {}).get(entry["bid"], {}).get(criterion["id"])
                for s in seats
            ]
            for entry in ranking
            for criterion in subjective_criteria(state.tender)
        ],
    )
    return xlsx(summary, detail)
