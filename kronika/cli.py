"""Command line: thin commands over the library and the flows."""

from __future__ import annotations

from pathlib import Path

import typer

from kronika.nlp.cli import register as register_nlp
from kronika.release.cli import register as register_release

app = typer.Typer(
    help="Kronika: raw news text to validated Parquet tables queried with DuckDB.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def run(
    inputs: list[Path] = typer.Argument(None, help="Files or folders to read (default: raw/)."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    batch_size: int = typer.Option(500, help="Articles per batch (one task per batch)."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
    extract: bool = typer.Option(True, help="Run NLP and extraction (--no-extract: ingest only)."),
    max_record_mb: float = typer.Option(10.0, help="Largest article (or JSONL line) read, in MB."),
    max_seconds_per_article: float = typer.Option(
        60.0, help="Processing time budget per article; slower articles become rejects."
    ),
) -> None:
    """Read raw articles, extract, validate and write Parquet + the DuckDB catalog."""
    from flows._env import configure_prefect_env

    configure_prefect_env()
    from flows.run import kronika_run
    from kronika.store.layout import Layout
    from kronika.store.lock import OutputLocked, exclusive_lock

    paths = [str(p) for p in (inputs or [Path("raw")])]
    try:
        # Fail fast, before Prefect starts, when another run holds the output (the flow locks too).
        with exclusive_lock(Layout.at(out).lock_file):
            pass
        summary = kronika_run(
            inputs=paths,
            out=str(out),
            batch_size=batch_size,
            progress=progress,
            max_record_bytes=int(max_record_mb * 1_000_000),
            max_seconds_per_article=max_seconds_per_article,
            extract=extract,
        )
    except OutputLocked as exc:
        typer.echo(f"kronika run: {exc}", err=True)
        raise typer.Exit(code=2) from None
    if not summary["balanced"]:
        raise typer.Exit(code=1)


@app.command("sql")
def sql(
    query: str = typer.Argument(..., help="SQL to run against the catalog."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    max_rows: int = typer.Option(50, help="Rows to print at most."),
) -> None:
    """Run SQL against output/kronika.duckdb and print a table."""
    from kronika.store.catalog import query_catalog, render_table

    columns, rows = query_catalog(out, query)
    typer.echo(render_table(columns, rows, max_rows=max_rows))


app.command("query", help="Alias of `sql`.")(sql)


@app.command("docs")
def docs(
    check: bool = typer.Option(False, help="Fail if the committed docs differ; write nothing."),
) -> None:
    """Regenerate docs/DATA_DICTIONARY.md from the Pandera models in schemas/."""
    from kronika.docs import DICTIONARY_PATH, render_data_dictionary

    text = render_data_dictionary()
    if check:
        current = DICTIONARY_PATH.read_text(encoding="utf-8") if DICTIONARY_PATH.exists() else ""
        if current != text:
            typer.echo(f"{DICTIONARY_PATH} is out of date: run `kronika docs`", err=True)
            raise typer.Exit(code=1)
        return
    DICTIONARY_PATH.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {DICTIONARY_PATH}")


bench_app = typer.Typer(help="Benchmarks (not tests): numbers for docs/performance.md.")


@bench_app.command("run")
def bench_run(
    inputs: list[Path] = typer.Argument(
        None, help="JSONL inputs (default: ../shared/data/raw/news-text/*.jsonl)."
    ),
    json_out: Path = typer.Option(None, "--json", help="Write results as JSON here."),
) -> None:
    """Fixed start-up cost of `kronika run` and end-to-end throughput, in fresh processes."""
    import json

    from kronika.benchmark import bench_run as measure

    result = measure(inputs or None)
    for key, value in result.items():
        typer.echo(f"{key}: {value}")
    if json_out:
        json_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


register_nlp(app, bench_app)
register_release(app)
app.add_typer(bench_app, name="bench", no_args_is_help=True)

if __name__ == "__main__":
    app()
