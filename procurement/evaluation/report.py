"""The evaluation report (评标报告) as PDF, and the score sheet as XLSX."""

from __future__ import annotations

import io
from typing import Any

from procurement import charts
from procurement.evaluation import operations as ops
from procurement.evaluation import queries
from procurement.evaluation.checks import COMPLIANCE_CHECKS
from procurement.evaluation.models import ReviewKind
from procurement.opening.operations import submitted_bids
from procurement.tenders.forms import GROUP_LABELS
from procurement.tenders.models import Tender

CANDIDATES = 3  # 招标投标法实施条例 第53条: at most three ranked candidates


def report_context(tender: Tender) -> dict[str, Any]:
    row = queries.result_of(tender)
    if row is None:
        raise ops.EvaluationError("not_all_submitted")
    result = row.result
    bids = {ops.bid_key(bid): bid for bid in ops.opened_bids(tender)}
    names = {key: bid.insurer.name for key, bid in bids.items()}
    seats = ops.members(tender)
    return {
        "tender": tender,
        "result": result,
        "names": names,
        "bids": bids,
        "seats": seats,
        "all_seats": ops.members(tender, active_only=False),
        "seat_keys": {seat.id: ops.member_key(seat) for seat in seats},
        "points": queries.member_points(tender),
        "opening": submitted_bids(tender),
        "reviews": ops.review_results(tender),
        "qualification": tender.requirements,
        "compliance": COMPLIANCE_CHECKS,
        "ReviewKind": ReviewKind,
        "exclusions": ops.exclusions(tender),
        "candidates": [r for r in result["ranking"] if r["rank"] <= CANDIDATES],
        "decisions": ops.flag_decisions(tender),
        "signatures": ops.signatures(tender),
        "reading": queries.plain_reading(result, names),
        "group_chart": charts.stacked_groups(result, tender.criteria, names, GROUP_LABELS),
        "acceptability_chart": charts.rank_acceptability(result, names),
        "finalised_at": row.finalised_at,
    }


def render_report(tender: Tender) -> bytes:
    from procurement.pdf import render_pdf

    return render_pdf("print/evaluation_report.html", **report_context(tender))


def score_sheet(tender: Tender) -> bytes:
    """The ranking and every member's points, as an Excel workbook (openpyxl)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    row = queries.result_of(tender)
    if row is None:
        raise ops.EvaluationError("not_all_submitted")
    result = row.result
    names = {ops.bid_key(bid): bid.insurer.name for bid in ops.opened_bids(tender)}
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    criteria = tender.criteria
    summary.append(
        ["名次", "投标人", "投标报价（元/台·年）"] + [c["name"] for c in criteria] + ["总分"]
    )
    for entry in result["ranking"]:
        summary.append(
            [entry["rank"], names[entry["bid"]], entry["price"]]
            + [entry["points"].get(c["id"], 0) for c in criteria]
            + [entry["total"]]
        )
    for cell in summary[1]:
        cell.font = Font(bold=True)
    detail = book.create_sheet("评委打分")
    seats = ops.members(tender)
    detail.append(["投标人", "评分因素"] + [seat.user.display_name for seat in seats])
    points = queries.member_points(tender)
    for entry in result["ranking"]:
        for criterion in ops.subjective_criteria(tender):
            detail.append(
                [names[entry["bid"]], criterion["name"]]
                + [
                    points.get(ops.member_key(s), {}).get(entry["bid"], {}).get(criterion["id"])
                    for s in seats
                ]
            )
    for cell in detail[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
