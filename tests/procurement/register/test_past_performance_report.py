"""The evaluation report's PDF lists each past-performance figure with its source, as the opening
record and the scoresheet do (read back from the PDF's text)."""

from __future__ import annotations

from datetime import timedelta

from procurement import clock
from procurement.evaluation import operations as evaluation
from procurement.evaluation.report import render_report
from procurement.opening.queries import submitted_bids
from procurement.register import operations, past
from tests.procurement.evaluation.test_evaluation_operations import scored_tender
from tests.procurement.evaluation.test_report import pdf_text
from tests.procurement.register import helpers as h
from tests.procurement.register.test_past_performance import _claim, _with_register_source


def _register_for(uscc: str, at) -> None:
    """One elevator insured by `uscc`'s insurer, with two claims paid in 7 and 9 hours in the 12
    months before `at`."""
    start, end = past.period_of(at)
    first, last = (start - timedelta(days=400)).isoformat(), (end + timedelta(days=30)).isoformat()
    policies = [["PF", uscc, "E1", "险", "备1", "2000", "自筹", first, last, "已承保"]]
    local = clock.to_local(at).replace(hour=9, minute=0, second=0, microsecond=0)
    claims = [
        _claim("F1", "PF", "E1", local - timedelta(days=100), 7),
        _claim("F2", "PF", "E1", local - timedelta(days=50), 9),
    ]
    for kind, rows in (("elevators", h.elevator_rows()), ("policies", policies),
                       ("claims", claims)):  # fmt: skip
        operations.apply_file(kind, f"{kind}.csv", h.file(kind, rows))


def test_the_report_pdf_gives_each_figure_its_source(db):
    tender, _seats = scored_tender(db)
    bids = submitted_bids(tender)
    h.load()
    _register_for(bids[0].insurer.uscc, tender.opened_at)
    tender.criteria = _with_register_source(tender)
    past.fill(tender.criteria, bids, tender.opened_at)  # as the opening does
    db.session.commit()
    evaluation.compute_result(tender)
    text = pdf_text(render_report(tender, draft_version=1))
    assert "过往履约数据" in text
    start, end = past.period_of(tender.opened_at)
    period = f"{start.isoformat()}至{(end - timedelta(days=1)).isoformat()}"
    flat = "".join(text.split())  # a long source wraps inside its cell
    assert f"8.8电梯保险登记册{period}，已支付赔案2件" in flat  # 7 + 0.9 × (9 − 7)
    assert flat.count("无记录（电梯保险登记册") == len(bids) - 1
    assert bids[1].insurer.name in flat
    assert "取自电梯保险登记册；无记录的投标人按有记录投标人的最差值计" in flat  # 四、评分标准


def test_a_report_without_register_criteria_has_no_such_table(db):
    tender, _seats = scored_tender(db)
    evaluation.compute_result(tender)
    assert "过往履约数据" not in pdf_text(render_report(tender, draft_version=1))
