"""The DuckDB catalog: one view per table over its Parquet parts (absolute paths).

Each view lists the table's current parts explicitly, so the catalog is a snapshot: parts that a
running job adds or retires become visible together when the job rebuilds the catalog at its
end. The catalog holds views only; it is rebuilt into a temporary file and renamed into place,
so readers never see a half-written catalog and no write connection is held during a run.

The paths are absolute (any DuckDB client can open the file from any working directory), so
the catalog records where the output folder was when it was built. A moved or copied folder is
noticed by `catalog_status` (a view naming files outside the folder it sits in, or a table
without a view) and `connect_catalog` (behind `kronika sql`) rebuilds it before querying; where
the folder cannot be written, the query runs over the same views built in memory instead.
`rebuild_catalog` (`kronika catalog --out DIR`) rebuilds it on request.

On an object store (`s3://bucket/prefix`) the catalog is built in a local temporary file and
uploaded with one PUT (readers get the old catalog or the new one, never half of one); its views
name the parts by URL. DuckDB reads them through httpfs where it can load, or through the
store's fsspec filesystem registered on the connection (`connect_catalog` does that).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from kronika.store.layout import Layout
from kronika.store.lock import OutputLocked, output_lock
from schemas import TABLE_META

_PARQUET_LITERAL = re.compile(r"'((?:[^']|'')+\.parquet)'")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def view_sql(layout: Layout, table: str) -> str:
    parts = ", ".join(_sql_string(layout.store.url(p)) for p in layout.current_parts(table))
    return (
        f"CREATE OR REPLACE VIEW {table} AS "
        f"SELECT * FROM read_parquet([{parts}], union_by_name = true)"
    )


def refresh_catalog(layout: Layout) -> Path:
    if layout.remote:
        with tempfile.TemporaryDirectory(prefix="kronika-catalog-") as folder:
            tmp = Path(folder) / layout.catalog.name
            _write_catalog(layout, tmp)
            layout.store.put_file(tmp, layout.catalog)
        return layout.catalog
    tmp = layout.catalog.with_name(f".{layout.catalog.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    _write_catalog(layout, tmp)
    os.replace(tmp, layout.catalog)
    return layout.catalog


def _write_catalog(layout: Layout, tmp: Path) -> None:
    con = duckdb.connect(str(tmp))
    try:
        register_store(con, layout)  # creating a view reads its parts' schema
        for table, meta in TABLE_META.items():
            con.execute(view_sql(layout, table))
            con.execute(f"COMMENT ON VIEW {table} IS {_sql_string(meta.description)}")
        con.execute("CHECKPOINT")
    finally:
        con.close()


@dataclass(frozen=True)
class CatalogStatus:
    """Whether a catalog's views describe the folder it sits in."""

    current: bool
    reason: str = ""  # why it is not current
    built_in: Path | None = None  # the output folder the views point into, when known


def _listed_files(con: duckdb.DuckDBPyConnection, layout: Layout) -> dict[str, list[Path]]:
    rows = con.sql("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall()
    as_path = layout.store.path_of if layout.remote else Path  # type: ignore[union-attr]
    return {
        name: [as_path(p.replace("''", "'")) for p in _PARQUET_LITERAL.findall(sql)]
        for name, sql in rows
    }


def catalog_status(layout: Layout) -> CatalogStatus:
    """Is the catalog there, with a view per table over files inside this output folder?"""
    if not layout.store.exists(layout.catalog):
        return CatalogStatus(False, "no catalog yet")
    with _local_catalog(layout) as local:
        con = duckdb.connect(str(local), read_only=True)
        try:
            listed = _listed_files(con, layout)
        finally:
            con.close()
    missing = [table for table in TABLE_META if table not in listed]
    outside = [p for files in listed.values() for p in files if layout.tables not in p.parents]
    built_in = outside[0].parents[2] if outside else None  # <out>/tables/<table>/<part>
    if outside:
        return CatalogStatus(False, f"it lists files under {built_in}", built_in)
    if missing:
        return CatalogStatus(False, f"no view for {', '.join(missing)}")
    return CatalogStatus(True)


def rebuild_catalog(out: Path | str) -> CatalogStatus:
    """Rebuild the catalog of `out` under the output lock; returns its status before."""
    layout = Layout.at(out)
    if not layout.store.isdir(layout.tables):
        raise FileNotFoundError(f"no Kronika output in {layout.location} (no tables/ folder)")
    before = catalog_status(layout)
    with output_lock(layout):
        refresh_catalog(layout)
    return before


@contextmanager
def _local_catalog(layout: Layout) -> Iterator[Path]:
    """The catalog as a local file: itself on local disk, a downloaded copy from a store."""
    if not layout.remote:
        yield layout.catalog
        return
    with tempfile.TemporaryDirectory(prefix="kronika-catalog-") as folder:
        local = Path(folder) / CATALOG_COPY
        layout.store.get_file(layout.catalog, local)
        yield local


CATALOG_COPY = "catalog.duckdb"


def register_store(con: duckdb.DuckDBPyConnection, layout: Layout) -> None:
    """Let DuckDB read the store's URLs through its fsspec filesystem (no httpfs needed)."""
    if layout.remote:
        con.register_filesystem(layout.store.fs)  # type: ignore[union-attr]


def _views_in_memory(layout: Layout) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the catalog's views, for a folder that cannot be written."""
    con = duckdb.connect()
    register_store(con, layout)
    for table in TABLE_META:
        con.execute(view_sql(layout, table))
    return con


def connect_catalog(out: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the catalog of `out`, rebuilt first if the folder moved.

    For an object-store output: an in-memory connection that attaches a downloaded copy of the
    catalog (the committed snapshot) and reads its parts through the store's filesystem.
    """
    layout = Layout.at(out)
    if not layout.store.exists(layout.catalog) or not layout.store.isdir(layout.tables):
        raise FileNotFoundError(f"no catalog at {layout.store.url(layout.catalog)}; run first")
    if layout.remote:
        return _attach_remote_catalog(layout)
    if not catalog_status(layout).current:
        try:
            rebuild_catalog(layout.out)
        except (OSError, OutputLocked):  # read-only copy, or a run is writing it right now
            return _views_in_memory(layout)
    return duckdb.connect(str(layout.catalog), read_only=True)


def _attach_remote_catalog(layout: Layout) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    try:
        register_store(con, layout)
        # The attached copy stays open; its folder can go (the OS keeps an open file's data).
        with _local_catalog(layout) as local:
            con.execute(f"ATTACH {_sql_string(str(local))} AS kronika (READ_ONLY)")
            con.execute("USE kronika")
    except Exception:
        con.close()
        raise
    return con


def query_catalog(out: Path | str, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    con = connect_catalog(out)
    try:
        rel = con.sql(sql)
        if rel is None:  # a statement without a result
            return [], []
        return list(rel.columns), rel.fetchall()
    finally:
        con.close()


def render_table(columns: list[str], rows: list[tuple[Any, ...]], max_rows: int = 50) -> str:
    """A plain-text table, cells cut to 60 characters, with a row count."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows[:max_rows]:
        table.add_row(*(_cell(value) for value in row))
    console = Console(width=200, record=True, force_terminal=False)
    with console.capture() as capture:
        console.print(table)
    shown = min(len(rows), max_rows)
    return (
        capture.get() + f"{len(rows)} row(s)" + ("" if shown == len(rows) else f", {shown} shown")
    )


def _cell(value: Any) -> str:
    text = "NULL" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
