"""Parquet reading and atomic writing with the table contracts' exact types."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from kronika.store.layout import Layout
from schemas.polars_schema import empty_frame, polars_schema

ROW_GROUP_SIZE = 100_000


def write_parquet_atomic(frame: pl.DataFrame, path: Path) -> None:
    """Write to a temporary name in the same folder, fsync, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    frame.write_parquet(tmp, compression="zstd", row_group_size=ROW_GROUP_SIZE, statistics=True)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


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


def read_parts(parts: list[Path], table: str, columns: list[str] | None = None) -> pl.DataFrame:
    """Rows of the given parts (an empty frame with the contract's schema when there are none)."""
    if not parts:
        frame = empty_frame(table)
        return frame.select(columns) if columns else frame
    return pl.scan_parquet(parts, missing_columns="insert").select(columns or pl.all()).collect()


def read_table(layout: Layout, table: str, columns: list[str] | None = None) -> pl.DataFrame:
    """The table as the next catalog will show it: current parts only, retired ones excluded."""
    return read_parts(layout.current_parts(table), table, columns)
