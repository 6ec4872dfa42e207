"""Cleaning changed inputs: their old rows leave every batch that holds them, in one transaction.

Affected parts are rewritten under a new name and the old ones retired, so a reader of the
current catalog keeps a consistent snapshot until the run publishes the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from kronika.pipeline.finalise import mark_unfinalised
from kronika.pipeline.plan import RunPlan
from kronika.pipeline.rows import BATCH_TABLES, BY_INPUT
from kronika.store.journal import Transaction
from kronika.store.layout import Layout
from kronika.store.manifest import read_fragment
from kronika.store.parquet import read_parts


@dataclass
class Cleaned:
    """What cleaning changed inputs removed: rows of every table, and the articles among them."""

    rows: int = 0
    article_ids: list[str] = field(default_factory=list)


def remove_stale_inputs(layout: Layout, plan: RunPlan) -> Cleaned:
    """Drop every row of changed inputs from the batches holding them."""
    if not plan.stale:
        return Cleaned()
    uris = set(plan.stale)
    batch_ids = sorted(set().union(*plan.stale.values()))
    txn = Transaction(layout, f"clean-{plan.run_id}")
    mark_unfinalised(layout)
    cleaned = Cleaned()
    for batch_id in batch_ids:
        parts = {t: batch_parts(layout, t, batch_id) for t in BATCH_TABLES}
        columns = ["article_id", "input_uri"]
        articles = read_parts(parts["articles"], "articles", columns, layout.store)
        gone = articles.filter(pl.col("input_uri").is_in(list(uris)))["article_id"].to_list()
        cleaned.article_ids += gone
        for table, paths in parts.items():
            if not paths:
                continue
            frame = read_parts(paths, table, store=layout.store)
            column, values = (
                ("input_uri", list(uris)) if table in BY_INPUT else ("article_id", gone)
            )
            kept = frame.filter(~pl.col(column).is_in(values))
            if kept.height == frame.height:
                continue
            cleaned.rows += frame.height - kept.height
            if kept.height:
                txn.put_frame(layout.part_path(table, f"{batch_id}_{plan.run_id}"), kept)
            for path in paths:
                txn.retire(path)
        frag_path = layout.batches / f"{batch_id}.json"
        frag = read_fragment(frag_path, layout.store)
        frag["slices"] = [s for s in frag["slices"] if s["input_uri"] not in uris]
        txn.put_json(frag_path, frag)
    txn.commit()
    return cleaned


def batch_parts(layout: Layout, table: str, batch_id: str) -> list[Path]:
    """Current parts of one batch (its first part, or the rewrites of it)."""
    return [p for p in layout.current_parts(table) if p.stem.split("_")[0] == batch_id]
