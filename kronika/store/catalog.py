"""The DuckDB catalog: one view per table over its Parquet parts (absolute paths).

Each view lists the table's current parts explicitly, so the catalog is a snapshot: parts that a
running job adds or retires become visible together when the job rebuilds the catalog at its
end. The catalog holds views only; it is rebuilt into a temporary file and renamed into place,
so readers never see a half-written catalog and no write connection is held during a run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb

from kronika.store.layout import Layout
from schemas import TABLE_META


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


def query_catalog(out: Path | str, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    layout = Layout.at(out)
    if not layout.catalog.exists():
        raise FileNotFoundError(f"no catalog at {layout.catalog}; run `kronika run` first")
    con = duckdb.connect(str(layout.catalog), read_only=True)
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
