"""Finishing a run: the derived entities table, the runs row, the DuckDB catalog.

A run killed after its last batch but before finalising leaves the `unfinalised` marker; the
next run then rebuilds entities even though it has no batches of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import polars as pl

from kronika.store import faults
from kronika.store.catalog import refresh_catalog
from kronika.store.journal import Transaction, collect_retired
from kronika.store.layout import EMPTY_PART, Layout
from kronika.store.parquet import frame_from_rows, read_table
from schemas import TABLES
from schemas.polars_schema import empty_frame


def mark_unfinalised(layout: Layout) -> None:
    """Batches are about to change: finalise must run even if this run is killed before it."""
    layout.store.touch(layout.unfinalised)


def rebuild_entities(layout: Layout, run_id: str) -> int:
    """Aggregate all mentions into `entities` (a derived table, one part per run)."""
    from kronika.link.entities import build_entities

    mentions = read_table(layout, "mentions")
    articles = read_table(layout, "articles", ["article_id", "lang", "published_at", "ingested_at"])
    entities = build_entities(mentions, articles).with_columns(pl.lit(run_id).alias("run_id"))
    entities = TABLES["entities"].validate(entities, lazy=True)
    txn = Transaction(layout, f"entities-{run_id}")
    txn.put_frame(layout.part_path("entities", f"entities_{run_id}"), entities)
    for part in layout.current_parts("entities"):
        if part.stem != EMPTY_PART:
            txn.retire(part)
    txn.commit()
    return entities.height


def ensure_empty_parts(layout: Layout) -> None:
    """A zero-row part per table, so every view and scan has the contract's schema."""
    for table in TABLES:
        part = layout.part_path(table, EMPTY_PART)
        if not layout.store.exists(part):
            layout.store.write_parquet(empty_frame(table), part)


def write_run_row(layout: Layout, run: dict[str, Any]) -> None:
    row = {
        **run,
        "rows": json.dumps(run["rows"], sort_keys=True),
        "timings": json.dumps({k: round(v, 3) for k, v in run["timings"].items()}, sort_keys=True),
        "model_versions": json.dumps(run["model_versions"], sort_keys=True),
    }
    frame = TABLES["runs"].validate(frame_from_rows([row], "runs"))
    layout.store.write_parquet(frame, layout.part_path("runs", run["run_id"]))


def finalise(layout: Layout, run: dict[str, Any], changed: bool) -> dict[str, Any]:
    """Entities, the runs row (only for runs that changed something) and the catalog."""
    began = time.perf_counter()
    faults.checkpoint("finalising")
    ensure_empty_parts(layout)
    if changed or layout.store.exists(layout.unfinalised):
        run["rows"]["entities"] = rebuild_entities(layout, run["run_id"])
        run["finished_at"] = dt.datetime.now(dt.UTC)
        run["timings"]["finalise"] = time.perf_counter() - began
        write_run_row(layout, run)
    refresh_catalog(layout)
    collect_retired(layout)  # only now does no catalog list them
    layout.store.unlink(layout.unfinalised)
    return run
