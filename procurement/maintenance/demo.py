"""The maintenance-company evaluation of seed-demo (procurement/demo.py): fictional companies and
periods, loaded through the same imports an officer uses."""

from __future__ import annotations

from datetime import date

from procurement.accounts.models import User
from procurement.extensions import db

MAINTENANCE_PERIODS = [
    # code, name, first day, last day, elevators, seed, published
    ("2024", "2024年度", date(2024, 1, 1), date(2024, 12, 31), 24_000, 2024, True),
    ("2025", "2025年度", date(2025, 1, 1), date(2025, 12, 31), 26_000, 2025, True),
    ("2026-Q3", "2026年第三季度", date(2026, 7, 1), date(2026, 9, 30), 27_000, 2026, False),
]


def load_demo(officer: User, companies: int = 200) -> None:
    """About 200 maintenance companies across Chongqing's districts, two published annual evaluations
    and a quarter in draft, all through the same imports an officer uses (registry, elevator records,
    company indicators)."""
    from procurement.maintenance import generate, sheets
    from procurement.maintenance import operations as mops
    from procurement.maintenance.models import ImportKind

    items = generate.companies(companies)
    registry = generate.upload_file(sheets.REGISTRY_HEADERS, generate.registry_rows(items), "csv")
    mops.apply_file(ImportKind.COMPANIES, None, "维保单位名录.csv", registry)
    for code, name, first, last, elevators, seed, published in MAINTENANCE_PERIODS:
        period = mops.create_period(code, name, first, last, officer.organisation)
        db.session.flush()
        rows = generate.record_rows(items, elevators, first, period.months, seed=seed)
        mops.apply_file(
            ImportKind.RECORDS, period, f"电梯记录-{code}.csv", generate.records_file(rows)
        )
        values = generate.indicator_rows(items, period.template, seed=seed)
        indicators = generate.upload_file(sheets.indicator_headers(period.template), values, "csv")
        mops.apply_file(ImportKind.INDICATORS, period, f"单位指标-{code}.csv", indicators)
        if published:
            mops.publish(period, officer)
