"""The `kronika` command: the root app, the global --debug, and the list of commands.

Adding a command = a function in the module of its group (kronika/cli/<group>.py) and one
line below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from kronika.cli import bench, docs, evaluate, query, release, run, serve, train
from kronika.cli.failures import OneLineUsage, friendly, set_debug

app = typer.Typer(
    help="Kronika: raw news text to validated Parquet tables queried with DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    # Plain help pages: rich tables cut long option names at 80 columns and show `<bool>`.
    rich_markup_mode=None,
    cls=OneLineUsage,
)


@app.callback()
def root(
    debug: bool = typer.Option(
        False, "--debug", help="Show the traceback of expected failures too."
    ),
) -> None:
    """Kronika: raw news text to validated Parquet tables queried with DuckDB."""
    set_debug(debug)


def _add(group: typer.Typer, name: str, command: Callable[..., Any], **kwargs: Any) -> None:
    group.command(name, **kwargs)(friendly(command, name))


_add(app, "run", run.run)
_add(app, "serve", serve.serve)
_add(app, "sql", query.sql)
_add(app, "query", query.sql, help="Alias of `sql`.")
_add(app, "catalog", query.catalog)
_add(app, "docs", docs.docs)
_add(app, "train", train.train)
_add(app, "eval", evaluate.eval_cmd)
_add(app, "release", release.release)
_add(app, "verify", release.verify)
_add(app, "download", release.download)

bench_app = typer.Typer(
    help="Benchmarks (not tests): numbers for docs/performance.md. Without a subcommand: the "
    "whole pipeline at 1x, 4x, 16x corpus size against bare nlp.pipe (--sizes 1: quick).",
    rich_markup_mode=None,
)
# `kronika bench` itself is the pipeline benchmark; `bench run` and `bench nlp` stay.
bench_app.callback(invoke_without_command=True)(friendly(bench.bench_pipeline, "bench"))
_add(bench_app, "run", bench.bench_run)
_add(bench_app, "nlp", bench.bench_nlp)
app.add_typer(bench_app, name="bench")


def main() -> None:
    """Console entry point."""
    app()
