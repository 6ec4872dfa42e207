"""Crash-safe commits of several files at once.

A transaction writes every new file under `state/staging/<id>/` (same relative paths as their
targets), then writes `plan.json` atomically: that is the commit point. Applying the plan renames
each staged file over its target and deletes the listed files; applying twice is harmless. After a
crash, `recover()` finishes every committed plan and throws away every uncommitted staging folder,
so the output holds either all of a batch or none of it.

Parts are never overwritten while listed by the catalog: a transaction that replaces a part
writes a new file and *retires* the old one. Retired parts are left in place (a reader of the
previous catalog may still use them) until `collect_retired()` runs after the catalog is rebuilt.

On an object store (s3://) the same protocol holds with the store's operations: staged objects
and `plan.json` are each written with one PUT (whole or absent), and a "rename" is a copy plus a
delete, done only after the commit point and redone by `recover()` if a crash interrupts it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from kronika.store import faults
from kronika.store.fs import LOCAL
from kronika.store.layout import Layout

PLAN = "plan.json"


def write_json_atomic(obj: Any, path: Path) -> None:
    """Write JSON to a local file atomically (temporary file, fsync, rename)."""
    LOCAL.write_json_atomic(obj, path)


class Transaction:
    def __init__(self, layout: Layout, txn_id: str) -> None:
        self.layout = layout
        self.store = layout.store
        self.dir = layout.staging / txn_id
        if self.store.exists(self.dir):
            self.store.rmtree(self.dir)  # an uncommitted leftover of the same batch
        self.store.makedirs(self.dir)
        self.moves: list[str] = []
        self.deletes: list[str] = []
        self.retires: list[str] = []

    def _rel(self, target: Path) -> str:
        return target.relative_to(self.layout.out).as_posix()

    def put_frame(self, target: Path, frame: pl.DataFrame) -> None:
        rel = self._rel(target)
        self.store.write_parquet(frame, self.dir / rel)
        self.moves.append(rel)

    def put_json(self, target: Path, obj: Any) -> None:
        rel = self._rel(target)
        self.store.write_json_atomic(obj, self.dir / rel)
        self.moves.append(rel)

    def delete(self, target: Path) -> None:
        self.deletes.append(self._rel(target))

    def retire(self, target: Path) -> None:
        self.retires.append(self._rel(target))

    def commit(self) -> None:
        plan = {"moves": self.moves, "deletes": self.deletes, "retires": self.retires}
        faults.checkpoint("staged")
        if self.store.remote:
            from kronika.store.lock import check_object_lock

            check_object_lock(self.layout)  # never commit after another writer took over
        self.store.write_json_atomic(plan, self.dir / PLAN)
        faults.checkpoint("plan-written")
        apply_plan(self.layout, self.dir)


def apply_plan(layout: Layout, staging_dir: Path) -> None:
    store = layout.store
    plan = json.loads(store.read_text(staging_dir / PLAN))
    for rel in plan["moves"]:
        source, target = staging_dir / rel, layout.out / rel
        if store.exists(source):  # absent when an earlier apply already moved it
            store.move(source, target)
            faults.checkpoint("moved-one")
    for rel in plan["deletes"]:
        store.unlink(layout.out / rel)
    if plan.get("retires"):
        retired = layout.retired_names() | set(plan["retires"])
        store.write_json_atomic(sorted(retired), layout.retired)
    store.rmtree(staging_dir)


def collect_retired(layout: Layout) -> int:
    """Delete retired parts; call only after the catalog stopped listing them."""
    retired = layout.retired_paths()
    for path in retired:
        layout.store.unlink(path)
    layout.store.unlink(layout.retired)
    return len(retired)


def remove_temp_files(layout: Layout) -> int:
    """Delete `.<name>.tmp-<pid>` files left by a process killed mid-write (never listed).

    An object store has none: an object is uploaded whole or not at all.
    """
    if layout.remote:
        return 0
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
    store = layout.store
    remove_temp_files(layout)
    if not store.exists(layout.staging):
        return finished, dropped
    for staging_dir in sorted(store.subdirs(layout.staging)):
        if store.exists(staging_dir / PLAN):
            apply_plan(layout, staging_dir)
            finished += 1
        else:
            store.rmtree(staging_dir)
            dropped += 1
    return finished, dropped
