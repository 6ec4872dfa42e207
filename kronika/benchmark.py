"""`kronika bench run`: the main job's fixed start-up cost and throughput, measured in one go.

A benchmark, not a test: it runs `kronika run` in fresh processes, as a user would, and prints
ratios from the same machine and moment. Nothing here is asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NEWS_TEXT = REPO.parent / "shared" / "data" / "raw" / "news-text"


def _timed(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - began


def _kronika(*args: str) -> list[str]:
    return [sys.executable, "-m", "kronika.cli", *args]


def latest_run_row(out: Path) -> dict[str, Any]:
    """Counts, rows and stage timings of the newest `runs` row of an output folder."""
    import duckdb

    con = duckdb.connect(str(out / "kronika.duckdb"), read_only=True)
    try:
        rel = con.sql("SELECT inputs, articles, rows, timings FROM runs ORDER BY started_at DESC")
        inputs, articles, rows, timings = rel.limit(1).fetchall()[0]
    finally:
        con.close()
    return {
        "inputs": inputs,
        "articles": articles,
        "rows": json.loads(rows),
        "timings": json.loads(timings),
    }


def _count_chars(files: list[Path]) -> int:
    total = 0
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                total += len(json.loads(line)["text"])
    return total


def bench_run(inputs: list[Path] | None = None, repeat_startup: int = 2) -> dict[str, Any]:
    """Start-up cost (empty input, new process) and end-to-end throughput on `inputs`."""
    inputs = inputs or sorted(NEWS_TEXT.glob("*.jsonl"))
    work = Path(tempfile.mkdtemp(prefix="kronika-bench-"))
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect")}
    try:
        empty = work / "empty"
        empty.mkdir()
        import_s = _timed([sys.executable, "-c", "import flows.run"], env)
        first = _timed(_kronika("run", str(empty), "--out", str(work / "o0"), "--no-progress"), env)
        startup = [
            _timed(_kronika("run", str(empty), "--out", str(work / f"o{i}"), "--no-progress"), env)
            for i in range(1, repeat_startup + 1)
        ]
        inbox = work / "inbox"
        inbox.mkdir()
        for path in inputs:
            shutil.copy(path, inbox / path.name)
        out = work / "out"
        full = _timed(_kronika("run", str(inbox), "--out", str(out), "--no-progress"), env)
        rerun = _timed(_kronika("run", str(inbox), "--out", str(out), "--no-progress"), env)
        run = latest_run_row(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    startup_s = min(startup)
    work_s = max(full - startup_s, 1e-9)
    chars = _count_chars(inputs)
    return {
        "inputs": [str(p) for p in inputs],
        "records": run["inputs"],
        "chars": chars,
        "import_s": round(import_s, 2),
        "first_run_empty_s": round(first, 2),
        "startup_s": round(startup_s, 2),
        "full_run_s": round(full, 2),
        "rerun_unchanged_s": round(rerun, 2),
        "records_per_s": round(run["inputs"] / work_s, 1),
        "chars_per_s": round(chars / work_s),
        "step_seconds": {k: round(v, 2) for k, v in run["timings"].items()},
        "rows": run["rows"],
    }
