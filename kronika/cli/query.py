"""`kronika sql` (alias `query`): SQL against the output's DuckDB catalog."""

from __future__ import annotations

from pathlib import Path

import typer

from kronika.cli.failures import Failure


def sql(
    query: str = typer.Argument(..., help="SQL to run against the catalog."),
    out: str = typer.Option("output", "--out", "-o", help="Output folder or s3:// URL."),
    max_rows: int = typer.Option(50, help="Rows to print at most."),
) -> None:
    """Run SQL against the catalog and print a table.

    The catalog is <out>/kronika.duckdb, written by `kronika run`.
    """
    import duckdb

    from kronika.store.catalog import query_catalog, render_table

    try:
        columns, rows = query_catalog(out, query)
    except duckdb.Error as exc:
        raise Failure(str(exc)) from exc
    typer.echo(render_table(columns, rows, max_rows=max_rows))


def catalog(
    out: str = typer.Option("output", "--out", "-o", help="Output folder or s3:// URL."),
) -> None:
    """Rebuild the catalog over the folder's own files.

    Rebuilds <out>/kronika.duckdb after the folder was moved or copied. `kronika sql`
    does this by itself when it notices the folder moved; run it before opening the
    catalog with the plain DuckDB shell.
    """
    from kronika.store.catalog import rebuild_catalog

    before = rebuild_catalog(out)
    note = "was current" if before.current else f"was stale: {before.reason}"
    where = out if "://" in out else Path(out).resolve()
    typer.echo(f"catalog rebuilt: {where}/kronika.duckdb ({note})")
