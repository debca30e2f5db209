"""The evaluation report's long tables print as officials read them: the header row on every page
that holds the table's rows, and no row split across two pages (read back from the PDF)."""

from __future__ import annotations

from procurement.evaluation import operations as evaluation
from procurement.evaluation.report import render_report
from procurement.opening.queries import submitted_bids
from tests.procurement.evaluation.test_evaluation_operations import scored_tender
from tests.procurement.evaluation.test_report import pdf_pages

HEADER = "回执哈希（SHA-256）"  # the opening record's header row (二、开标记录)


def test_long_tables_repeat_their_header_and_never_split_a_row(db):
    prices = tuple(f"{2200 + 15 * i}.00" for i in range(24))
    tender, _seats = scored_tender(db, prices=prices)
    evaluation.compute_result(tender)
    pages = pdf_pages(render_report(tender, draft_version=1))
    # Each opening-record row prints the price and its receipt hash in four lines of 16 digits:
    # a row split across pages would leave some of them on the next page.
    rows = {}
    for bid in submitted_bids(tender):
        parts = [bid.receipt_hash[i : i + 16] for i in range(0, 64, 16)]
        where = {n for n, text in enumerate(pages) for part in parts if part in text}
        assert len(where) == 1, f"the row of {bid.insurer.name} is split over pages {where}"
        rows[bid.id] = where.pop()
    holding = sorted(set(rows.values()))
    assert len(holding) >= 2, "the opening record should run over several pages for this test"
    for number in holding:
        assert HEADER in pages[number], f"page {number + 1} holds rows but not the header row"
