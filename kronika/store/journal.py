"""Crash-safe commits of several files at once.

A transaction writes every new file under `state/staging/<id>/` (same relative paths as their
targets), then writes `plan.json` atomically: that is the commit point. Applying the plan renames
each staged file over its target and deletes the listed files; applying twice is harmless. After a
crash, `recover()` finishes every committed plan and throws away every uncommitted staging folder,
so the output holds either all of a batch or none of it.

Parts are never overwritten while listed by the catalog: a transaction that replaces a part
writes a new file and *retires* the old one. Retired parts are left in place (a reader of the
previous catalog may still use them) until `collect_retired()` runs after the catalog is rebuilt.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import polars as pl

from kronika.store import faults
from kronika.store.layout import Layout
from kronika.store.parquet import write_parquet_atomic

PLAN = "plan.json"


def write_json_atomic(obj: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Transaction:
    def __init__(self, layout: Layout, txn_id: str) -> None:
        self.layout = layout
        self.dir = layout.staging / txn_id
        if self.dir.exists():
            shutil.rmtree(self.dir)  # an uncommitted leftover of the same batch
        self.dir.mkdir(parents=True)
        self.moves: list[str] = []
        self.deletes: list[str] = []
        self.retires: list[str] = []

    def _rel(self, target: Path) -> str:
        return target.relative_to(self.layout.out).as_posix()

    def put_frame(self, target: Path, frame: pl.DataFrame) -> None:
        rel = self._rel(target)
        write_parquet_atomic(frame, self.dir / rel)
        self.moves.append(rel)

    def put_json(self, target: Path, obj: Any) -> None:
        rel = self._rel(target)
        write_json_atomic(obj, self.dir / rel)
        self.moves.append(rel)

    def delete(self, target: Path) -> None:
        self.deletes.append(self._rel(target))

    def retire(self, target: Path) -> None:
        self.retires.append(self._rel(target))

    def commit(self) -> None:
        plan = {"moves": self.moves, "deletes": self.deletes, "retires": self.retires}
        faults.checkpoint("staged")
        write_json_atomic(plan, self.dir / PLAN)
        faults.checkpoint("plan-written")
        apply_plan(self.layout, self.dir)


def apply_plan(layout: Layout, staging_dir: Path) -> None:
    plan = json.loads((staging_dir / PLAN).read_text(encoding="utf-8"))
    for rel in plan["moves"]:
        source, target = staging_dir / rel, layout.out / rel
        if source.exists():  # absent when an earlier apply already moved it
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            faults.checkpoint("moved-one")
    for rel in plan["deletes"]:
        (layout.out / rel).unlink(missing_ok=True)
    if plan.get("retires"):
        retired = layout.retired_names() | set(plan["retires"])
        write_json_atomic(sorted(retired), layout.retired)
    shutil.rmtree(staging_dir)


def collect_retired(layout: Layout) -> int:
    """Delete retired parts; call only after the catalog stopped listing them."""
    retired = layout.retired_paths()
    for path in retired:
        path.unlink(missing_ok=True)
    layout.retired.unlink(missing_ok=True)
    return len(retired)


def remove_temp_files(layout: Layout) -> int:
    """Delete `.<name>.tmp-<pid>` files left by a process killed mid-write (never listed)."""
    found = list(layout.out.glob(".*.tmp-*"))  # the catalog's temporary copy
    for folder in (layout.tables, layout.out / "state"):
        found.extend(folder.rglob(".*.tmp-*"))
    leftovers = [p for p in found if p.is_file() and layout.staging not in p.parents]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return len(leftovers)


def recover(layout: Layout) -> tuple[int, int]:
    """Finish committed transactions, drop uncommitted ones; returns (finished, dropped).

    Runs under the output lock, so temporary files of killed writers are removed too.
    """
    finished = dropped = 0
    remove_temp_files(layout)
    if not layout.staging.exists():
        return finished, dropped
    for staging_dir in sorted(p for p in layout.staging.iterdir() if p.is_dir()):
        if (staging_dir / PLAN).exists():
            apply_plan(layout, staging_dir)
            finished += 1
        else:
            shutil.rmtree(staging_dir)
            dropped += 1
    return finished, dropped
