"""The pilot register at city scale: import 300,000 elevators (budget: under 10 s, as the maintenance
import, which is measured in the same run on the same number of rows), then compute 附件1 and 附件2 of a
district with 50,000 insured elevators and a year's claims (budget: under 5 s for both).

usage: uv run python bench/register.py [--elevators 300000] [--insured 50000] [--claims 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.maintenance import import_and_score  # noqa: E402

IMPORT_BUDGET, ANNEX_BUDGET = 10.0, 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elevators", type=int, default=300_000)
    parser.add_argument("--insured", type=int, default=50_000)
    parser.add_argument("--claims", type=int, default=20_000)
    args = parser.parse_args()
    os.environ["TIBAO_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="tibao-bench-register-")
    from flask_migrate import upgrade

    from procurement import create_app
    from procurement.accounts.models import Insurer
    from procurement.extensions import db
    from procurement.maintenance import generate as maintenance_generate
    from procurement.maintenance import operations as maintenance_ops
    from procurement.maintenance import sheets
    from procurement.maintenance.models import ImportKind
    from procurement.organisations.districts import BUILT_IN
    from procurement.organisations.operations import load_districts
    from procurement.organisations.queries import district_by_code_or_name
    from procurement.register import generate, operations
    from procurement.register.annexes import annex1, annex2
    from procurement.register.rows import HEADERS

    app = create_app({"ENV": "development"})
    with app.app_context():
        upgrade()
        for path in BUILT_IN:
            load_districts(path.read_bytes(), path.name)
        insurers = [generate.uscc(900 + n) for n in range(5)]
        for n, code in enumerate(insurers):
            db.session.add(
                Insurer(
                    name=f"保险机构{n}",
                    uscc=code,
                    licence_number=f"L{n}",
                    contact_name="联系人",
                    contact_phone="023-60000000",
                    contact_email=f"i{n}@example.com",
                )
            )
        db.session.commit()
        # the district under test (渝中区) holds the first `insured` elevators, the rest elsewhere
        rows = generate.elevator_rows(args.insured, ["500103"], 2_000)
        rest = generate.elevator_rows(args.elevators, ["500104", "500105", "500106"], 20_000)
        rows += rest[args.insured :]
        data = maintenance_generate.upload_file(HEADERS["elevators"], rows, "csv")
        start, cpu = time.perf_counter(), time.process_time()
        operations.apply_file("elevators", "elevators.csv", data)
        db.session.commit()
        elevators_s, elevators_cpu = time.perf_counter() - start, time.process_time() - cpu

        items = maintenance_generate.companies(3_000)
        registry = maintenance_generate.upload_file(
            sheets.REGISTRY_HEADERS, maintenance_generate.registry_rows(items), "csv"
        )
        maintenance_ops.apply_file(ImportKind.COMPANIES, None, "registry.csv", registry)
        db.session.commit()
    records = maintenance_generate.record_rows(items, args.elevators, date(2025, 1, 1), 12)
    records_data = maintenance_generate.records_file(records)
    cpu = time.process_time()
    maintenance = import_and_score(app, "2025", records_data, "r.csv")
    maintenance_cpu = time.process_time() - cpu
    with app.app_context():
        policies = generate.policy_rows(args.insured, insurers, 2025)
        start = time.perf_counter()
        operations.apply_file(
            "policies", "p.csv", maintenance_generate.upload_file(HEADERS["policies"], policies)
        )
        db.session.commit()
        policies_s = time.perf_counter() - start
        claims = generate.claim_rows(args.insured, args.claims, 2025)
        start = time.perf_counter()
        operations.apply_file(
            "claims", "c.csv", maintenance_generate.upload_file(HEADERS["claims"], claims)
        )
        db.session.commit()
        claims_s = time.perf_counter() - start
        district = district_by_code_or_name("500103")
        start, cpu = time.perf_counter(), time.process_time()
        first = annex1(district, 2025)
        second = annex2(district, 2025)
        annex_s, annex_cpu = time.perf_counter() - start, time.process_time() - cpu
    verdict = "PASS" if elevators_s < IMPORT_BUDGET else "FAIL"
    print(
        f"{args.elevators:,} elevators imported (CSV, SQLite): {elevators_s:.2f} s  {verdict}"
        f"  (CPU {elevators_cpu:.2f} s)"
    )
    anchor = maintenance["end to end"]
    print(
        f"maintenance import, {args.elevators:,} records, same run: {anchor:.2f} s"
        f"  (CPU {maintenance_cpu:.2f} s)"
        f"; elevators ÷ maintenance: {elevators_s / anchor:.2f}"
    )
    print(
        f"{args.insured:,} policies: {policies_s:.2f} s; {args.claims:,} claims: {claims_s:.2f} s"
    )
    verdict = "PASS" if annex_s < ANNEX_BUDGET else "FAIL"
    print(
        f"附件1 ({len(first.rows)} rows) + 附件2 ({len(second.rows):,} rows) of a district with "
        f"{args.insured:,} insured elevators: {annex_s:.2f} s  {verdict}  (CPU {annex_cpu:.2f} s)"
    )


if __name__ == "__main__":
    main()
