"""Parquet reading and atomic writing with the table contracts' exact types."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kronika.store.fs import (  # the writer lives in fs.py; importable from here as before
    LOCAL,
    ROW_GROUP_SIZE,  # noqa: F401
    Store,
    write_parquet_atomic,  # noqa: F401
)
from kronika.store.layout import Layout
from schemas.polars_schema import empty_frame, polars_schema


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Columns in contract order with contract dtypes (missing nullable columns become null)."""
    schema = polars_schema(table)
    columns = [
        pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype).alias(name)
        for name, dtype in schema.items()
    ]
    return frame.select(columns) if frame.height else empty_frame(table)


def frame_from_rows(rows: list[dict], table: str) -> pl.DataFrame:
    if not rows:
        return empty_frame(table)
    return conform(
        pl.DataFrame(rows, schema_overrides=dict(polars_schema(table)), strict=False), table
    )


def read_parts(
    parts: list[Path], table: str, columns: list[str] | None = None, store: Store = LOCAL
) -> pl.DataFrame:
    """Rows of the given parts (an empty frame with the contract's schema when there are none)."""
    if not parts:
        frame = empty_frame(table)
        return frame.select(columns) if columns else frame
    if store.remote:
        return _read_remote_parts(parts, columns, store)
    return pl.scan_parquet(parts, missing_columns="insert").select(columns or pl.all()).collect()


def _read_remote_parts(parts: list[Path], columns: list[str] | None, store: Store) -> pl.DataFrame:
    """Object-store parts read through the store (one GET each), stacked like scan_parquet."""
    frames = []
    for part in parts:
        with store.open_read(part) as fh:
            frames.append(pl.read_parquet(fh))
    # The first part's column order, with columns missing from a part filled with nulls.
    order = list(dict.fromkeys(c for frame in frames for c in frame.columns))
    stacked = pl.concat(frames, how="diagonal_relaxed").select(order)
    return stacked.select(columns or pl.all())


def read_table(layout: Layout, table: str, columns: list[str] | None = None) -> pl.DataFrame:
    """The table as the next catalog will show it: current parts only, retired ones excluded."""
    return read_parts(layout.current_parts(table), table, columns, layout.store)
