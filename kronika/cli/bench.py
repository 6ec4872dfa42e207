"""`kronika bench`: benchmarks (not tests) whose numbers go into docs/performance.md."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kronika.cli.train import LANG_HELP


def bench_run(
    inputs: list[Path] = typer.Argument(
        None,
        metavar="INPUTS",
        help="JSONL inputs (default: ../shared/data/raw/news-text/*.jsonl).",
    ),
    json_out: Path = typer.Option(None, "--json", help="Write results as JSON here."),
) -> None:
    """Start-up cost and throughput of `kronika run`.

    Measured end to end in fresh processes, as a user would run it.
    """
    from kronika.benchmark import bench_run as measure

    result = measure(inputs or None)
    for key, value in result.items():
        typer.echo(f"{key}: {value}")
    if json_out:
        json_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def bench_nlp(
    lang: list[str] = typer.Option(["lv", "en"], "--lang", help=LANG_HELP),
    texts: Path = typer.Option(None, help="JSONL with a `text` field (default: news-text)."),
    limit: int = typer.Option(0, help="Use only the first N texts."),
    json_out: Path = typer.Option(None, "--json", help="Write results as JSON here."),
) -> None:
    """Tokens per second per core of the NLP pipeline.

    The whole pipeline, in a single-threaded child process.
    """
    from kronika.nlp.bench import run_isolated

    results = {}
    for code in lang:
        r = run_isolated(code, texts, limit)
        results[code] = r
        typer.echo(
            f"{code}: {r['tokens']} tokens, {r['cpu_seconds']} CPU s = {r['tokens_per_s']} "
            f"tokens/s per core ({r['tokens_per_wall_s']} per wall-clock s; 1 thread, "
            f"{r['docs']} docs); CPU s per component alone: {r['component_seconds_tokenizer_plus']}"
        )
    if json_out:
        json_out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
