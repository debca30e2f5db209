"""Public pages under load, side by side with a trivial route on the same server.

Starts gunicorn on a free port with a fresh SQLite database holding demo-sized data (200 published
tenders), then runs wrk against `/ping` (no database, no template) and each public page for the same
duration and connections, and prints requests per second and the ratio to `/ping`.
Budget (DESIGN.md): every public page at least 40% of the trivial route.

usage: uv run python bench/web.py [--seconds 10] [--connections 16] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET = 0.40


def seed(instance: Path, tenders: int) -> tuple[str, str]:
    """Create the schema, `tenders` published tenders and one publicised; return two references."""
    os.environ["TIBAO_INSTANCE_PATH"] = str(instance)
    from flask_migrate import upgrade

    from procurement import clock, create_app
    from procurement.accounts.models import Role
    from procurement.extensions import db
    from procurement.tenders import operations
    from procurement.tenders.models import LegalRoute, TenderMethod

    app = create_app({"ENV": "development"})
    with app.app_context():
        upgrade()
        from procurement.accounts import operations as accounts

        officer = accounts.create_account(
            role=Role.OFFICER,
            username="bench_officer",
            display_name="基准测试",
            email="bench@example.com",
            password="Bench-password-1",
        )
        from tests.factories import make_holders

        holders = make_holders(officer)
        now = clock.now()
        districts = ["渝中区", "江北区", "南岸区", "九龙坡区", "沙坪坝区", "渝北区"]
        reference = ""
        for n in range(tenders):
            tender = operations.create_tender(
                {
                    "reference": f"BENCH-{n:04d}",
                    "title": f"老旧住宅电梯保险服务采购项目（第{n + 1}批）",
                    "procuring_entity": "重庆市住房和城乡建设委员会",
                    "method": TenderMethod.OPEN_TENDER,
                    "route": LegalRoute.GOVERNMENT_PROCUREMENT,
                    "districts": [districts[n % 6], districts[(n + 1) % 6]],
                    "elevator_count": 500 + n,
                    "ceiling_price": 3000,
                    "min_bids": 3,
                    "submission_deadline": now + timedelta(days=20 + n % 10),
                    "opening_time": now + timedelta(days=20 + n % 10, hours=2),
                    "notice_days": 3,
                    "description": "为老旧住宅电梯购买维修保险。" * 5,
                },
                officer,
            )
            operations.publish_tender(tender, holders)
            reference = tender.reference
        db.session.commit()
        ranking_reference = publicised_tender()
        db.engine.dispose()
    return reference, ranking_reference


def publicised_tender() -> str:
    """One tender evaluated by its committee and under public notice (5 bids, 3 members)."""
    from procurement.extensions import db
    from procurement.publication.operations import publish_candidates
    from tests.procurement.publication.test_publication import evaluated

    tender = evaluated(db)
    publish_candidates(tender, tender.created_by)
    db.session.commit()
    return str(tender.reference)


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise SystemExit(f"{url}: wrk printed no rate\n{out}")
    return float(found.group(1))


@contextlib.contextmanager
def serve(instance: Path, workers: int) -> Iterator[str]:
    """gunicorn on a free port over the instance's database, as production runs it
    (procurement.processes); yields its base URL once it answers."""
    from procurement.processes import app_server_process

    env = {**os.environ, "TIBAO_INSTANCE_PATH": str(instance), "TIBAO_ENV": "development"}
    with app_server_process(env, instance / "gunicorn.log", workers=workers) as base:
        yield base


def measure(
    base: str, pages: dict[str, str], seconds: int, connections: int
) -> tuple[dict[str, float], dict[str, float]]:
    """(the first, uncached request's seconds, requests per second under wrk) for each page."""
    first = {}
    for name, path in pages.items():  # the first request, then warm up every worker
        start = time.perf_counter()
        urllib.request.urlopen(base + path, timeout=120).read()  # noqa: S310  # our own server
        first[name] = time.perf_counter() - start
        wrk(base + path, 1, connections)
    return first, {name: wrk(base + path, seconds, connections) for name, path in pages.items()}


def report(first: dict[str, float], results: dict[str, float]) -> bool:
    """Print each page's rate and ratio to the anchor (the first page); True if one misses the budget.
    A page whose name ends with "(reported)" is shown without a verdict."""
    anchor = next(iter(results.values()))
    print(f"{'page':<38} {'first':>8} {'req/s':>9} {'ratio':>7}  budget ≥ {BUDGET:.0%}")
    failed = False
    for index, (name, rps) in enumerate(results.items()):
        ratio = rps / anchor
        if index == 0:
            verdict = ""
        elif name.endswith("(reported)"):  # a figure for the record, outside the budget
            verdict = "reported"
        else:
            verdict = "PASS" if ratio >= BUDGET else "FAIL"
        failed |= verdict == "FAIL"
        print(f"{name:<38} {first[name] * 1000:>6.0f}ms {rps:>9.0f} {ratio:>7.2f}  {verdict}")
    return failed


def postgres_schema(base_url: str, *, queue: bool = False) -> Callable[[], None]:
    """Point the app (and its gunicorn workers) at a new schema, and with `queue` the job queue too
    (its tables in the same schema, as in production); return what drops it."""
    import uuid

    import sqlalchemy as sa

    from procurement.config import _with_driver

    schema = f"tibao_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(_with_driver(base_url))
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(_with_driver(base_url)).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    os.environ["TIBAO_DATABASE_URL"] = url.render_as_string(hide_password=False)
    if queue:
        os.environ["TIBAO_JOBS_BROKER"] = os.environ["TIBAO_DATABASE_URL"]

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()

    return drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tenders", type=int, default=200)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="run on this PostgreSQL server, in a schema made and dropped here",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")

    instance = Path(tempfile.mkdtemp(prefix="tibao-bench-"))
    drop_schema = postgres_schema(args.postgres) if args.postgres else None
    reference, ranked = seed(instance, args.tenders)
    pages = {
        "trivial route /ping": "/ping",
        "public tender list /tenders/": "/tenders/",
        "tender list, filtered": "/tenders/?status=open&district=%E6%B8%9D%E4%B8%AD%E5%8C%BA",
        "announcement /tenders/<ref>": f"/tenders/{reference}",
        "ranking notice /tenders/<ref>/notice": f"/tenders/{ranked}/notice",
        "API /api/v1/tenders": "/api/v1/tenders",
        "API /api/v1/tenders/<ref>/ranking": f"/api/v1/tenders/{ranked}/ranking",
    }
    try:
        with serve(instance, args.workers) as base:
            first, results = measure(base, pages, args.seconds, args.connections)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
        if drop_schema is not None:
            drop_schema()
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"gunicorn {args.workers} sync workers, wrk 2 threads × {args.connections} connections, "
          f"{args.seconds} s each, {database}, {args.tenders} tenders")  # fmt: skip
    sys.exit(1 if report(first, results) else 0)


if __name__ == "__main__":
    main()
