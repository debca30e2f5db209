"""`flask jobs worker`: a Huey consumer for this app's queue; `flask jobs recover`."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="The job queue (documents prepared when published, …).")


@jobs_cli.command("worker")
@click.option("--workers", "-w", default=1, show_default=True, help="Threads of this worker.")
def worker(workers: int) -> None:
    """Run jobs until stopped (Ctrl-C or SIGINT: finish the current job; SIGTERM: stop now)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("weasyprint", "fontTools"):  # a line per page and per font subset
        logging.getLogger(noisy).setLevel(logging.WARNING)
    huey = current_app.extensions["huey"]
    if huey.immediate:
        raise click.ClickException("TIBAO_JOBS_IMMEDIATE is on: jobs run in the request, no worker")
    # An idle worker looks at the queue at most a second apart (Huey's default backs off to 10 s):
    # a person watching an upload's progress page should not wait for the worker to wake up.
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True, max_delay=1.0).run()


@jobs_cli.command("recover")
def recover_command() -> None:
    """Queue again the jobs left queued or running by a stopped worker."""
    from procurement.jobs.runner import recover

    click.echo(f"{recover()} jobs queued again")
