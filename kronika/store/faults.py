"""Fault injection for the reliability tests (tests/test_reliability_*.py); inert by default.

Nothing here runs unless one of these environment variables is set:

- `KRONIKA_TEST_KILL_AT=<point>:<n>`: the process SIGKILLs itself the n-th time it passes
  `<point>` (no clean-up code runs, exactly like `kill -9` or a power cut).
- `KRONIKA_TEST_PAUSE_FILE=<path>`: at `batch-committed`, wait while `<path>` exists (at most
  `PAUSE_LIMIT_S`), so a test can hold a run mid-way deterministically.

Points: `staged` (a transaction's files are written under state/staging, plan.json is not: the
commit point is not reached), `plan-written` (commit point passed, nothing moved into place),
`moved-one` (the first file of a committed plan moved into place, the rest not yet),
`batch-committed` (a batch is completely in place), `finalising` (every batch of the run is in
place; entities, the runs row and the catalog are not rebuilt yet).
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

KILL_AT = "KRONIKA_TEST_KILL_AT"
PAUSE_FILE = "KRONIKA_TEST_PAUSE_FILE"
PAUSE_LIMIT_S = 300.0
_passes: Counter[str] = Counter()


def checkpoint(point: str) -> None:
    spec = os.environ.get(KILL_AT)
    if spec:
        name, _, count = spec.rpartition(":")
        if name == point:
            _passes[point] += 1
            if _passes[point] == int(count):
                os.kill(os.getpid(), signal.SIGKILL)
    pause = os.environ.get(PAUSE_FILE)
    if pause and point == "batch-committed":
        deadline = time.monotonic() + PAUSE_LIMIT_S
        while os.path.exists(pause) and time.monotonic() < deadline:
            time.sleep(0.05)
