"""Issue 19: app servers and workers pin numpy's BLAS to one thread (procurement/threads.py), read
back with threadpoolctl in a process of its own (the limit lasts for the process)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile

import pytest

PROBE = """
import json, os, sys
os.environ["TIBAO_ENV"] = "testing"
os.environ["TIBAO_INSTANCE_PATH"] = {instance!r}
for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.pop(name, None)
if {numpy_first}:
    import numpy
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=2, user_api="blas")  # as if the library had its own pool
from procurement import create_app
create_app({config})
import numpy
from threadpoolctl import threadpool_info
print(json.dumps([pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]))
"""


def blas_threads(numpy_first: bool, config: dict[str, int] | None = None) -> list[int]:
    code = PROBE.format(instance=tempfile.mkdtemp(), numpy_first=numpy_first, config=config or {})
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("numpy_first", [False, True], ids=["numpy-after", "numpy-before"])
def test_the_app_pins_numpys_blas_to_one_thread(numpy_first):
    assert blas_threads(numpy_first) == [1]


def test_the_pin_can_be_lifted():
    """BLAS_THREADS = 0 leaves the library's own pool (2 threads set before the app started)."""
    assert blas_threads(True, {"BLAS_THREADS": 0}) == [2]
