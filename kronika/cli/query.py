"""`kronika sql` (alias `query`): SQL against the output's DuckDB catalog."""

from __future__ import annotations

from pathlib import Path

import typer

from kronika.cli.failures import Failure


def sql(
    query: str = typer.Argument(..., help="SQL to run against the catalog."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
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
