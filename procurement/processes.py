"""The deployment's processes as docs/operations.md runs them — gunicorn app servers and `flask jobs
worker`s — started in processes of their own, for the tests and bench/ that run the real thing, and
stopped as systemd stops them."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def worker_process(
    environment: Mapping[str, str], log: Path, *, stop_within: float = 60
) -> Iterator[subprocess.Popen[bytes]]:
    """`flask jobs worker`, its output appended to `log`; stopped by SIGINT (finish the job in hand,
    leave), killed if it has not left `stop_within` seconds after."""
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def app_server_process(
    environment: Mapping[str, str], log: Path, *, workers: int = 2, within: float = 60
) -> Iterator[str]:
    """`gunicorn --workers N 'procurement:create_app()'` on a free port of 127.0.0.1, its output
    appended to `log`; yields its base URL once /ping answers (or raises, with the log's end, if
    it has not within `within` seconds); stopped by SIGTERM (gunicorn's graceful stop)."""
    port = free_port()
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603  # our command; the port is a number
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", "procurement:create_app()"],
            cwd=ROOT, env=dict(environment), stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + within
        while True:
            try:
                urllib.request.urlopen(f"{base}/ping", timeout=1).close()  # noqa: S310  # ours
                break
            except OSError as error:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn did not start: {log.read_text()[-3000:]}"
                    ) from error
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
