"""One batch, start to finish: read, annotate and extract, check the contracts, commit.

A batch is committed in one transaction (its parts of every table and its manifest
fragment), so a run killed half-way leaves whole batches or none.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from kronika.ingest.readers import Limits
from kronika.pipeline.annotate import extract_batch
from kronika.pipeline.finalise import mark_unfinalised
from kronika.pipeline.plan import Batch
from kronika.pipeline.read import read_batch
from kronika.pipeline.rows import BatchRows, checked_frames
from kronika.store import faults
from kronika.store.journal import Transaction
from kronika.store.layout import Layout
from kronika.store.manifest import fragment


@dataclass
class BatchResult:
    batch_id: str
    inputs: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    unsupported_langs: Counter = field(default_factory=Counter)
    reject_reasons: Counter = field(default_factory=Counter)
    article_ids: list[str] = field(default_factory=list)  # the articles written


def process_batch(
    layout: Layout,
    batch: Batch,
    run_id: str,
    limits: Limits,
    extract: bool = True,
    on_done: Callable[[str], None] = lambda input_uri: None,
) -> BatchResult:
    """Read, normalise, deduplicate, annotate and extract one batch; commit it atomically.

    `on_done(input_uri)` is called once per input record when it is finished (progress).
    """
    result = BatchResult(batch.batch_id)
    rows = BatchRows(run_id, dt.datetime.now(dt.UTC), limits.max_seconds_per_article)
    began = time.perf_counter()
    result.inputs = read_batch(rows, batch, layout, limits, on_done, articles_done=not extract)
    result.seconds["ingest"] = time.perf_counter() - began
    if extract:
        extract_batch(rows, limits, on_done, result.seconds)
    return commit_batch(layout, batch, run_id, rows, result)


def commit_batch(
    layout: Layout, batch: Batch, run_id: str, rows: BatchRows, result: BatchResult
) -> BatchResult:
    """Check the batch's rows against the contracts ("validate") and commit them ("write")."""
    began = time.perf_counter()
    frames = checked_frames(rows)
    result.seconds["validate"] = time.perf_counter() - began
    began = time.perf_counter()
    txn = Transaction(layout, batch.batch_id)
    for table, frame in frames.items():
        if frame.height:
            txn.put_frame(layout.part_path(table, batch.batch_id), frame)
    txn.put_json(
        layout.batches / f"{batch.batch_id}.json", fragment(batch.batch_id, run_id, batch.slices)
    )
    mark_unfinalised(layout)
    txn.commit()
    faults.checkpoint("batch-committed")
    result.seconds["write"] = time.perf_counter() - began
    result.rows = {table: frame.height for table, frame in frames.items()}
    result.unsupported_langs = Counter(a["lang"] for a in rows.articles if not a["supported"])
    result.reject_reasons = Counter(r["reason"] for r in rows.rejects)
    result.article_ids = frames["articles"]["article_id"].to_list()
    return result
