"""`flask jobs worker` in a process of its own, as production runs it: for the tests and bench/ that
start a real worker beside an app, and stop it as systemd does (SIGINT: finish the job, leave)."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def worker_process(
    environment: Mapping[str, str], log: Path, *, stop_within: float = 60
) -> Iterator[subprocess.Popen[bytes]]:
    """The worker, its output appended to `log`; killed if it has not left `stop_within` seconds
    after SIGINT."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "procurement", "jobs", "worker"],
            cwd=ROOT, env=dict(environment), stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=stop_within)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
