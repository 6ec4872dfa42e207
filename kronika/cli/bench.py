"""`kronika bench`: benchmarks (not tests) whose numbers go into docs/performance.md."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kronika.cli.failures import USAGE, Failure
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
    from kronika.benchmark import NEWS_TEXT
    from kronika.benchmark import bench_run as measure

    files = inputs or sorted(NEWS_TEXT.glob("*.jsonl"))
    if not files:
        raise Failure(
            f"nothing to measure: give JSONL inputs ({NEWS_TEXT}/*.jsonl matches none)", USAGE
        )
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise Failure(f"no such file: {', '.join(missing)}", USAGE)
    result = measure(files)
    for key, value in result.items():
        typer.echo(f"{key}: {value}")
    if json_out:
        json_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def bench_nlp(
    lang: list[str] = typer.Option(["lv", "en"], "--lang", help=LANG_HELP),
    texts: Path = typer.Option(None, help="JSONL with a `text` field (default: news-text)."),
    limit: int = typer.Option(0, help="Use only the first N texts."),
    json_out: Path = typer.Option(None, "--json", help="Write results as JSON here."),
    peer: bool = typer.Option(
        True,
        help="English: also Kronika's and the peer en_core_web_sm's tokens/s on the same texts "
        "with 1 and 2 processes, in this run (needs the optional 'eval' extra).",
    ),
) -> None:
    """Tokens per second per core of the NLP pipeline.

    The whole pipeline, in a single-threaded child process.
    """
    from kronika.nlp.bench import describe_load, run_isolated

    results = {}
    for code in lang:
        r = run_isolated(code, texts, limit)
        results[code] = r
        typer.echo(
            f"{code}: {r['tokens']} tokens, {r['cpu_seconds']} CPU s = {r['tokens_per_s']} "
            f"tokens/s per core ({r['tokens_per_wall_s']} per wall-clock s; 1 thread, "
            f"{r['docs']} docs; {describe_load(r)}); CPU s per component alone: "
            f"{r['component_seconds_tokenizer_plus']}"
        )
    if peer and "en" in lang:
        results["en_side_by_side"] = _side_by_side(texts, limit)
    if json_out:
        json_out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def _side_by_side(texts: Path | None, limit: int) -> dict | None:
    from kronika.evaluate.peer import PEERS, skip_reason
    from kronika.nlp.bench import describe_load, side_by_side

    reason = skip_reason("en")
    if reason:
        typer.echo(f"en side by side: {reason}")
        return None
    result = side_by_side("en", PEERS["en"], (1, 2), texts, limit)
    typer.echo(f"en side by side on {result['texts']} ({result['cpu_count']} cores, load average")
    typer.echo(f"  before/after {result['load_average_before_after']}):")
    for r in result["rows"]:
        typer.echo(
            f"  {r['system']:<8} {r['model']:<30} {r['processes']} process(es): "
            f"{r['tokens_per_wall_s']:>6} tokens per wall-clock s, {r['tokens_per_cpu_s']:>6} per "
            f"CPU-s ({r['tokens']} tokens, {r['wall_seconds']} s; {describe_load(r)})"
        )
    return result


def bench_pipeline(
    ctx: typer.Context,
    sizes: str = typer.Option(
        "1,4,16", help="Corpus sizes, comma-separated multiples of 1,250 articles (1: quick)."
    ),
    workers: int = typer.Option(0, min=0, help="Worker processes (0: one per core)."),
    lang: list[str] = typer.Option(["lv"], "--lang", help="Corpus language(s): lv, en."),
    batch_size: int = typer.Option(500, help="Articles per batch, as `kronika run`."),
    bare: bool = typer.Option(True, help="Also time bare nlp.pipe of the same texts."),
    bare_sizes: str = typer.Option(
        None, help="Only these sizes get the bare nlp.pipe run (default: every size)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead."),
    keep: Path = typer.Option(None, help="Keep corpus and outputs in this folder."),
    save: Path = typer.Option(None, help="Write the report so far as JSON here after each size."),
    server: bool = typer.Option(
        False, help="Run against a `prefect server start` it starts (default: temporary server)."
    ),
    startup: bool = typer.Option(
        False, help="Also time an empty run: temporary server vs running server."
    ),
) -> None:
    """The whole pipeline at 1x, 4x, 16x corpus size, against bare nlp.pipe.

    Prints articles/s, tokens/s, seconds per stage, peak RSS, the share of the time that is
    not annotation, and five analyst queries in DuckDB. Subcommands: `run`, `nlp`.
    """
    if ctx.invoked_subcommand:
        return
    import os

    from kronika.bench.pipeline import BenchConfig, render, run_bench

    try:
        scale = tuple(float(s) for s in sizes.split(",") if s.strip())
        only = tuple(float(s) for s in bare_sizes.split(",") if s.strip()) if bare_sizes else None
    except ValueError:
        raise typer.BadParameter(f"--sizes wants numbers like 1,4,16, not {sizes!r}") from None
    cfg = BenchConfig(
        sizes=scale,
        workers=workers or os.cpu_count() or 1,
        langs=tuple(lang),
        batch_size=batch_size,
        bare=bare,
        bare_sizes=only,
        keep=keep,
        server=server,
        startup=startup,
        save=save,
    )

    def progress(result: dict) -> None:
        if not json_out:
            typer.echo(f"{result['size']:g}x done: {result['end_to_end_s']} s", err=True)

    report = run_bench(cfg, on_size=progress)
    if json_out:
        typer.echo(json.dumps({**report["summary"], "report": report}, indent=1))
    else:
        typer.echo(render(report))
