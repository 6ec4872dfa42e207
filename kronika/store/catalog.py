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
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from kronika.store.layout import Layout
from kronika.store.lock import OutputLocked, exclusive_lock
from schemas import TABLE_META

_PARQUET_LITERAL = re.compile(r"'((?:[^']|'')+\.parquet)'")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def view_sql(layout: Layout, table: str) -> str:
    parts = ", ".join(_sql_string(str(p)) for p in layout.current_parts(table))
    return (
        f"CREATE OR REPLACE VIEW {table} AS "
        f"SELECT * FROM read_parquet([{parts}], union_by_name = true)"
    )


def refresh_catalog(layout: Layout) -> Path:
    tmp = layout.catalog.with_name(f".{layout.catalog.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for table, meta in TABLE_META.items():
            con.execute(view_sql(layout, table))
            con.execute(f"COMMENT ON VIEW {table} IS {_sql_string(meta.description)}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, layout.catalog)
    return layout.catalog


@dataclass(frozen=True)
class CatalogStatus:
    """Whether a catalog's views describe the folder it sits in."""

    current: bool
    reason: str = ""  # why it is not current
    built_in: Path | None = None  # the output folder the views point into, when known


def _listed_files(con: duckdb.DuckDBPyConnection) -> dict[str, list[Path]]:
    rows = con.sql("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall()
    return {
        name: [Path(p.replace("''", "'")) for p in _PARQUET_LITERAL.findall(sql)]
        for name, sql in rows
    }


def catalog_status(layout: Layout) -> CatalogStatus:
    """Is the catalog there, with a view per table over files inside this output folder?"""
    if not layout.catalog.exists():
        return CatalogStatus(False, "no catalog yet")
    con = duckdb.connect(str(layout.catalog), read_only=True)
    try:
        listed = _listed_files(con)
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
    if not layout.tables.is_dir():
        raise FileNotFoundError(f"no Kronika output in {layout.out} (no tables/ folder)")
    before = catalog_status(layout)
    with exclusive_lock(layout.lock_file):
        refresh_catalog(layout)
    return before


def _views_in_memory(layout: Layout) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the catalog's views, for a folder that cannot be written."""
    con = duckdb.connect()
    for table in TABLE_META:
        con.execute(view_sql(layout, table))
    return con


def connect_catalog(out: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the catalog of `out`, rebuilt first if the folder moved."""
    layout = Layout.at(out)
    if not layout.catalog.exists() or not layout.tables.is_dir():
        raise FileNotFoundError(f"no catalog at {layout.catalog}; run `kronika run` first")
    if not catalog_status(layout).current:
        try:
            rebuild_catalog(layout.out)
        except (OSError, OutputLocked):  # read-only copy, or a run is writing it right now
            return _views_in_memory(layout)
    return duckdb.connect(str(layout.catalog), read_only=True)


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
