"""Maintenance-company evaluation at city scale: import and score 300,000 elevator records for 3,000
companies, end to end, from CSV (budget: under 10 s) and from XLSX (reported); then the public results
pages under load, side by side with a trivial route on the same server.

Each import runs the whole path an officer's upload or `flask maintenance import` takes: read the file,
check every row, aggregate to company indicators, write them, commit, then score every company with the
engine (the draft result). The registry of 3,000 companies is loaded first and not counted.

usage: uv run python bench/maintenance.py [--records 300000] [--companies 3000] [--seconds 5] [--skip-web]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web import measure, postgres_schema, report, serve  # noqa: E402

IMPORT_BUDGET = 10.0


def timed(label: str, action: object, results: dict[str, float]) -> object:
    start = time.perf_counter()
    value = action()  # type: ignore[operator]
    results[label] = time.perf_counter() - start
    return value


def import_and_score(app: object, code: str, data: bytes, filename: str) -> dict[str, float]:
    from procurement.extensions import db
    from procurement.maintenance import operations as ops
    from procurement.maintenance import queries
    from procurement.maintenance.models import EvaluationPeriod, ImportKind

    phases: dict[str, float] = {}
    with app.app_context():  # type: ignore[attr-defined]
        period = ops.create_period(code, f"{code}年度", date(2025, 1, 1), date(2025, 12, 31))
        db.session.commit()
        start = time.perf_counter()
        timed(
            "check and write",
            lambda: ops.apply_file(ImportKind.RECORDS, period, filename, data),
            phases,
        )
        timed("commit", db.session.commit, phases)
        period = db.session.get(EvaluationPeriod, period.id)
        rows = timed("score (draft result)", lambda: queries.draft(period), phases)
        phases["end to end"] = time.perf_counter() - start
        phases["companies scored"] = float(len(rows))  # type: ignore[arg-type]
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300_000)
    parser.add_argument("--companies", type=int, default=3_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-web", action="store_true")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="run on this PostgreSQL server, in a schema made and dropped here",
    )
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="tibao-bench-maintenance-"))
    os.environ["TIBAO_INSTANCE_PATH"] = str(instance)
    drop_schema = postgres_schema(args.postgres) if args.postgres else None
    from flask_migrate import upgrade

    from procurement import create_app
    from procurement.extensions import db
    from procurement.maintenance import generate, sheets
    from procurement.maintenance import operations as ops
    from procurement.maintenance.models import EvaluationPeriod, ImportKind

    # jobs run at the commit that asks for them (no worker): the publication's PDF is timed there
    app = create_app({"ENV": "development", "JOBS_IMMEDIATE": True})
    failed = False
    try:
        with app.app_context():
            upgrade()
            items = generate.companies(args.companies)
            registry = generate.upload_file(
                sheets.REGISTRY_HEADERS, generate.registry_rows(items), "csv"
            )
            ops.apply_file(ImportKind.COMPANIES, None, "registry.csv", registry)
            db.session.commit()
        rows = generate.record_rows(items, args.records, date(2025, 1, 1), 12)
        csv_file, xlsx_file = (
            generate.records_file(rows, "csv"),
            generate.records_file(rows, "xlsx"),
        )
        database = "PostgreSQL" if args.postgres else "SQLite"
        sizes = f"CSV {len(csv_file) / 1e6:.1f} MB, XLSX {len(xlsx_file) / 1e6:.1f} MB"
        print(
            f"{args.records:,} elevator records for {args.companies:,} companies ({sizes}), {database}"
        )
        figures = {
            "CSV": import_and_score(app, "2025", csv_file, "records.csv"),
            "XLSX": import_and_score(app, "2025-X", xlsx_file, "records.xlsx"),
        }
        header = f"{'file':<6} {'check+write':>12} {'commit':>8} {'score':>8} {'end to end':>11}"
        print(f"{header}  budget < {IMPORT_BUDGET:.0f} s")
        for kind, phases in figures.items():
            verdict = (
                ("PASS" if phases["end to end"] < IMPORT_BUDGET else "FAIL")
                if kind == "CSV"
                else "reported"
            )
            failed |= verdict == "FAIL"
            print(
                f"{kind:<6} {phases['check and write']:>11.2f}s {phases['commit']:>7.2f}s "
                f"{phases['score (draft result)']:>7.2f}s {phases['end to end']:>10.2f}s  {verdict}"
            )

        if args.skip_web:
            return
        with app.app_context():
            period = db.session.scalar(
                db.select(EvaluationPeriod).where(EvaluationPeriod.code == "2025")
            )
            values = generate.indicator_rows(items, period.template)
            indicators = generate.upload_file(
                sheets.indicator_headers(period.template), values, "csv"
            )
            ops.apply_file(ImportKind.INDICATORS, period, "indicators.csv", indicators)
            ops.publish(period, None)
            start = time.perf_counter()
            db.session.commit()  # the PDF's job runs here (immediate mode)
            print(
                f"\npublished; its PDF prepared by the job in {time.perf_counter() - start:.2f} s"
            )
        client = app.test_client()  # type: ignore[attr-defined]
        print(f"\ndownloads of the published period ({args.companies:,} companies), first request:")
        for name in ("results.pdf", "results.xlsx"):
            start = time.perf_counter()
            response = client.get(f"/maintenance/periods/2025/{name}")
            elapsed = time.perf_counter() - start
            size = len(response.data) / 1e6
            print(f"  {name:<13} {elapsed:6.2f} s  {size:5.1f} MB  (status {response.status_code})")
        with app.app_context():
            db.engine.dispose()
        failed |= web(instance, args, items[0].uscc)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
        if drop_schema is not None:
            drop_schema()
    sys.exit(1 if failed else 0)


def web(instance: Path, args: argparse.Namespace, uscc: str) -> bool:
    pages = {
        "trivial route /ping": "/ping",
        "results /maintenance/periods/2025": "/maintenance/periods/2025",
        "results, district + grade filter": f"/maintenance/periods/2025?district={quote('渝中区')}&grade=B",
        "results sorted by entrapment rate": "/maintenance/periods/2025?sort=entrapment_rate&order=desc",
        "company page": f"/maintenance/periods/2025/companies/{uscc}",
        "league tables": "/maintenance/periods/2025/league-tables",
        "API results": "/api/v1/maintenance/periods/2025",
        "API, 100 per page (reported)": "/api/v1/maintenance/periods/2025?per_page=100",
    }
    with serve(instance, args.workers) as base:
        first, results = measure(base, pages, args.seconds, args.connections)
    print(f"\ngunicorn {args.workers} sync workers, wrk 2 threads × {args.connections} connections, "
          f"{args.seconds} s each; {args.companies:,} companies published")  # fmt: skip
    return report(first, results)


if __name__ == "__main__":
    main()
