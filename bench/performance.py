"""Insurers' performance and the pilot dashboard at city scale: 300,000 insured elevators, a year
of claims (default 60,000) across 5 insurers; times the list of every insurer's figures, one
insurer's page, the figures an opening takes from the register, and the dashboard's counts.

usage: uv run python bench/performance.py [--elevators 300000] [--claims 60000] [--instance DIR]
(--instance: an instance directory a previous run left, its register already imported)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elevators", type=int, default=300_000)
    parser.add_argument("--claims", type=int, default=60_000)
    parser.add_argument("--instance", help="reuse this instance's register (no imports)")
    args = parser.parse_args()
    instance = args.instance or tempfile.mkdtemp(prefix="tibao-bench-performance-")
    os.environ["TIBAO_INSTANCE_PATH"] = instance
    print(f"instance: {instance}")
    from flask_migrate import upgrade

    from procurement import create_app
    from procurement.accounts.models import Insurer, InsurerStatus
    from procurement.extensions import db
    from procurement.maintenance.generate import upload_file
    from procurement.organisations.districts import BUILT_IN
    from procurement.organisations.operations import load_districts
    from procurement.register import generate, operations
    from procurement.register.rows import HEADERS

    app = create_app({"ENV": "development"})
    with app.app_context():
        if args.instance:
            measure(args.elevators)
            return
        upgrade()
        for path in BUILT_IN:
            load_districts(path.read_bytes(), path.name)
        insurers = [generate.uscc(900 + n) for n in range(5)]
        for n, code in enumerate(insurers):
            db.session.add(
                Insurer(
                    name=f"保险机构{n}", uscc=code, licence_number=f"L{n}", contact_name="联系人",
                    contact_phone="023-60000000", contact_email=f"i{n}@example.com",
                    status=InsurerStatus.APPROVED,
                )
            )  # fmt: skip
        db.session.commit()
        districts = ["500103", "500104", "500105", "500106"]
        files = {
            "elevators": generate.elevator_rows(args.elevators, districts, 20_000),
            "policies": generate.policy_rows(args.elevators, insurers, 2025),
            "claims": generate.claim_rows(args.elevators, args.claims, 2025),
        }
        start = time.perf_counter()
        for kind, rows in files.items():
            operations.apply_file(kind, f"{kind}.csv", upload_file(HEADERS[kind], rows, "csv"))
            db.session.commit()
        print(f"set-up imports: {time.perf_counter() - start:.1f} s")
        measure(args.elevators)


def measure(elevators: int) -> None:
    """Time the reads over the register as imported (inside the app context)."""
    from procurement.register import past, performance
    from procurement.register.pilot_queries import insured_by_district, register_insurers

    year = (date(2025, 1, 1), date(2026, 1, 1))
    timings = {}
    start = time.perf_counter()
    rows = performance.overview(register_insurers(), *year)
    timings["every insurer's claims and payment hours (list page)"] = time.perf_counter() - start
    start = time.perf_counter()
    one = performance.performance(rows[0][0].id, *year)
    timings["one insurer's page"] = time.perf_counter() - start
    start = time.perf_counter()
    hours = performance.claim_hours(*past.period_of(datetime(2026, 1, 1, 4, tzinfo=UTC)))
    timings["an opening's claims of every bidder (12 months)"] = time.perf_counter() - start
    start = time.perf_counter()
    counts = insured_by_district(date(2025, 6, 30))
    timings["the dashboard's insured elevators by district"] = time.perf_counter() - start
    claims = sum(n for _insurer, n, _step in rows)
    print(f"{elevators:,} elevators, {claims:,} claims in 2025, {len(rows)} insurers")
    print(f"insurer 0: {one.claims:,} claims, payment p90 {one.steps['payment'].p90} h")
    print(f"bidders with claims: {len(hours)}; insured on 2025-06-30: {sum(counts.values()):,}")
    for name, seconds in timings.items():
        print(f"{name}: {seconds:.2f} s")


if __name__ == "__main__":
    main()
