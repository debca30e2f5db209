"""Evaluation budgets, each measured against its anchor in the same run.

- The evaluation report PDF for 20 bids × 5 members against WeasyPrint rendering a bare document
  holding the same tables (same cells, no styling, charts or sections); budget: within 1.5×.
- The chair's overview page for 30 bids × 9 members; budget: under 100 ms (median, in-process).

usage: uv run python bench/evaluation.py
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(action: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build(bids: int, members: int) -> tuple[Any, Any, Any]:
    """A fresh database with one tender scored by `members` members over `bids` bids."""
    os.environ["TIBAO_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="tibao-bench-")
    from flask_migrate import upgrade

    from procurement import create_app
    from procurement.evaluation import operations as ev
    from procurement.evaluation import queries as evq
    from procurement.extensions import db
    from tests.factories import make_opened_tender, make_user

    app = create_app({"ENV": "development", "SENSITIVITY_SAMPLES": 10000})
    context = app.app_context()
    context.push()
    upgrade()
    prices = tuple(f"{2000 + 37 * i:.2f}" for i in range(bids))
    tender = make_opened_tender(prices=prices)
    from procurement.accounts.models import Role

    users = [make_user(Role.MEMBER) for _ in range(members)]
    seats = ev.assign_committee(tender, users, users[0])
    for seat in seats:
        ev.declare(seat, False, "")
    for kind in ("qualification", "compliance"):
        from procurement.evaluation.models import ReviewKind

        for bid in evq.eligible_for_review(tender, ReviewKind(kind)):
            decisions = {r["id"]: (True, "") for r in evq.requirements(tender, ReviewKind(kind))}
            ev.record_review(tender, bid, ReviewKind(kind), decisions, tender.created_by)
    for m, seat in enumerate(seats):
        values = {}
        for b, bid in enumerate(evq.compliant_bids(tender)):
            for criterion in evq.subjective_criteria(tender):
                levels = criterion["rule"].get("levels")
                value = (
                    levels[(m + b) % len(levels)]
                    if levels
                    else (m + b) % int(criterion["max_points"])
                )
                values[(bid.id, criterion["id"])] = Decimal(str(value))
        ev.save_scores(seat, values)
        ev.submit_scoresheet(seat)
    ev.compute_result(tender)
    db.session.commit()
    return app, tender, seats


BARE = """<!doctype html><html><head><meta charset="utf-8">
<style>body {{ font-family: "Noto Sans CJK SC"; font-size: 8pt; }}
td, th {{ border: 1px solid #999; }}</style>
</head><body>{tables}</body></html>"""
TABLE = re.compile(r"<table.*?</table>", re.S)


def bare_document(report_html: str) -> str:
    """Every table of the report, cell for cell, in a document with no other content or styling."""
    return BARE.format(tables="".join(TABLE.findall(report_html)))


def main() -> None:
    failed = False
    app, tender, seats = build(20, 5)
    from flask import render_template
    from weasyprint import HTML

    from procurement.evaluation.report import render_report, report_context

    with app.test_request_context():
        html = render_template("print/evaluation_report.html", **report_context(tender))
        bare = bare_document(html)
        cells = bare.count("<td")
        HTML(string=bare).write_pdf()  # warm up fonts
        anchor = timed(lambda: HTML(string=bare).write_pdf(), 3)
        report = timed(lambda: render_report(tender), 3)
    ratio = report / anchor
    verdict = "PASS" if ratio <= 1.5 else "FAIL"
    failed |= verdict == "FAIL"
    print(f"report PDF, 20 bids × 5 members ({cells} table cells): {report:.2f} s; "
          f"bare tables {anchor:.2f} s; ratio {ratio:.2f}  budget ≤ 1.5 {verdict}")  # fmt: skip

    app, tender, seats = build(30, 9)
    client = app.test_client()
    from tests.conftest import submit

    submit(client, "/login", {"username": seats[0].user.username, "password": "Correct-horse-42"})
    url = f"/evaluation/{tender.id}/overview"
    if client.get(url).status_code != 200:
        raise SystemExit("the overview page did not answer 200")
    elapsed = timed(lambda: client.get(url), 15) * 1000
    verdict = "PASS" if elapsed < 100 else "FAIL"
    failed |= verdict == "FAIL"
    print(f"chair's overview, 30 bids × 9 members: {elapsed:.1f} ms  budget < 100 ms {verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
