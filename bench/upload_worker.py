"""A 300,000-elevator upload through the web's path (issue 19): the file kept by `upload_jobs.receive`
as the upload request does, checked by a real `flask jobs worker` ("register_check"), then imported by
it ("register_import"), timed from the request's commit to each job's end; beside the direct import of
a file of the same size and shape (`operations.apply_file`) in the same run. Budget: checked and
imported within 10 s.

The database is SQLite in a temporary instance, or a schema made and dropped on `--postgres URL` (the
queue then in the same schema, as in production).

usage: uv run python bench/upload_worker.py [--elevators 300000] [--worker-first] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.jobs import job_done, job_worker  # noqa: E402
from bench.web import postgres_schema  # noqa: E402

BUDGET = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elevators", type=int, default=300_000)
    parser.add_argument("--worker-first", action="store_true", help="the worker's upload first")
    parser.add_argument(
        "--postgres", metavar="URL", help="a schema on this server, made and dropped"
    )
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="tibao-bench-upload-"))
    os.environ["TIBAO_INSTANCE_PATH"] = str(instance)
    drop_schema = postgres_schema(args.postgres, queue=True) if args.postgres else None
    try:
        run(args, instance)
    finally:
        if drop_schema is not None:
            drop_schema()


def run(args: argparse.Namespace, instance: Path) -> None:
    from flask_migrate import upgrade

    from procurement import create_app
    from procurement.accounts import operations as accounts
    from procurement.accounts.models import Role
    from procurement.extensions import db
    from procurement.maintenance.generate import upload_file
    from procurement.organisations.districts import BUILT_IN
    from procurement.organisations.models import Organisation, OrganisationKind
    from procurement.organisations.operations import load_districts
    from procurement.register import generate, operations, upload_jobs
    from procurement.register.models import RegisterUpload
    from procurement.register.rows import HEADERS

    def unit_file(name: str, code: str, prefix: str) -> bytes:
        rows = generate.elevator_rows(args.elevators, ["500103", "500104", "500105"], 2_000)
        for row in rows:
            row[0], row[1], row[2], row[3] = prefix + row[0], prefix + row[1], name, code
        return upload_file(HEADERS["elevators"], rows, "csv")

    def unit_file_small() -> bytes:
        row = ["W0", "W0", web_unit.name, web_unit.uscc, "500103", "小区", "地址", "2010-01-01",
               "6", "10", "其他"]  # fmt: skip
        return upload_file(HEADERS["elevators"], [row], "csv")

    app = create_app({"ENV": "development", "JOBS_IMMEDIATE": False})
    log = instance / "worker.log"
    with app.app_context():
        upgrade()
        for path in BUILT_IN:
            load_districts(path.read_bytes(), path.name)
        direct_unit = Organisation(name="直接物业", kind=OrganisationKind.PROPERTY,
                                   uscc=generate.uscc(700_001))  # fmt: skip
        web_unit = Organisation(name="网页物业", kind=OrganisationKind.PROPERTY,
                                uscc=generate.uscc(700_002))  # fmt: skip
        db.session.add_all([direct_unit, web_unit])
        db.session.commit()
        user = accounts.create_account(
            role=Role.COMMUNITY, username="bench-unit", display_name="物业", email="u@example.com",
            password="bench-unit-Password-1", insurer=None, organisation=web_unit,
        )  # fmt: skip
        db.session.commit()

        def direct() -> float:
            data = unit_file(direct_unit.name, direct_unit.uscc, "D")
            start = time.perf_counter()
            operations.apply_file("elevators", "direct.csv", data, unit=direct_unit)
            db.session.commit()
            direct_s = time.perf_counter() - start
            return direct_s

        phases: list[tuple[float, float]] = []  # each job's wait for the worker, its run

        def timed(job: Any) -> None:
            waited = (job.started_at - job.created_at).total_seconds()
            phases.append((waited, (job.finished_at - job.started_at).total_seconds()))

        def through_worker() -> tuple[float, float]:
            data = unit_file(web_unit.name, web_unit.uscc, "W")
            with job_worker(instance, log):
                # a busy worker: one small upload checked first (an idle Huey consumer polls the
                # queue less and less often, up to every 10 s: that wait is not the upload's work)
                warm = upload_jobs.receive("elevators", "warm.csv", unit_file_small(), user)
                db.session.commit()
                job_done(f"{upload_jobs.CHECK}:{warm.id}", log)
                start = time.perf_counter()
                upload = upload_jobs.receive("elevators", "web.csv", data, user)
                db.session.commit()
                upload_id = upload.id
                timed(job_done(f"{upload_jobs.CHECK}:{upload_id}", log))
                check_s = time.perf_counter() - start
                db.session.rollback()
                upload = db.session.get_one(RegisterUpload, upload_id)
                if upload.status != "pending":
                    raise SystemExit(f"the check refused the file: {str(upload.outcome)[:2000]}")
                start = time.perf_counter()
                upload_jobs.request_import(upload, user)
                db.session.commit()
                timed(job_done(f"{upload_jobs.IMPORT}:{upload_id}", log))
                import_s = time.perf_counter() - start
                db.session.rollback()
                upload = db.session.get_one(RegisterUpload, upload_id)
                if upload.outcome != {"added": args.elevators, "changed": 0}:
                    raise SystemExit(f"the import: {str(upload.outcome)[:2000]}")
            return check_s, import_s

        if args.worker_first:  # the direct import then meets the worker's elevators, not vice versa
            check_s, import_s = through_worker()
            direct_s = direct()
        else:
            direct_s = direct()
            check_s, import_s = through_worker()
        db.session.remove()
        db.engine.dispose()  # no connection left to hold the schema that is dropped
    total = check_s + import_s
    verdict = "PASS" if total < BUDGET else "FAIL"
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{args.elevators:,} elevators of one unit (CSV, {database}; {os.cpu_count()} cores)")
    first = "the worker's upload first" if args.worker_first else "the direct import first"
    print(f"  direct import (operations.apply_file): {direct_s:.2f} s  ({first})")
    print(f"  through the worker: check {check_s:.2f} s + import {import_s:.2f} s = {total:.2f} s"
          f"  {verdict}")  # fmt: skip
    for name, (waited, ran) in zip(("check", "import"), phases, strict=True):
        print(f"    {name}: {waited:.2f} s queued before the worker took it, {ran:.2f} s running")


if __name__ == "__main__":
    main()
