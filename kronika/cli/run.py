"""`kronika run`: raw articles in, validated Parquet tables and the DuckDB catalog out."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import typer

from kronika.cli.failures import USAGE, Failure

LOADED = time.time()  # fallback for the process start where /proc is missing


def run(
    inputs: list[str] = typer.Argument(
        None,
        metavar="INPUTS",
        help="Files or folders to read, or s3:// URLs (default: raw/).",
    ),
    out: str = typer.Option("output", "--out", "-o", help="Output folder or s3:// URL."),
    batch_size: int = typer.Option(500, help="Articles per batch (one task per batch)."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
    extract: bool = typer.Option(True, help="Run NLP and extraction (--no-extract: ingest only)."),
    max_record_mb: float = typer.Option(10.0, help="Largest article (or JSONL line) read, in MB."),
    max_seconds_per_article: float = typer.Option(
        60.0, help="Processing time budget per article; slower articles become rejects."
    ),
    workers: int = typer.Option(
        0, min=0, help="Processes annotating batches in parallel (0: one per core)."
    ),
    dask_address: str = typer.Option(
        None,
        metavar="tcp://HOST:PORT",
        help="Annotate batches on this existing Dask cluster (prefect-dask).",
    ),
    pipeline: list[str] = typer.Option(
        None,
        "--pipeline",
        metavar="LANG=NAME_OR_PATH",
        help="Use this spaCy pipeline (installed package or folder) for LANG instead of the "
        "shipped one; repeatable. It needs NER, a parser and morphology.",
    ),
    config: Path = typer.Option(
        None, help="Config file with a [pipelines] table (default: ./kronika.toml if present)."
    ),
) -> None:
    """Read raw articles into Parquet tables.

    Reads new or changed files, extracts, validates and writes Parquet tables and the DuckDB
    catalog in the output folder.
    """
    paths = existing_inputs(inputs)
    from flows._env import configure_prefect_env

    configure_prefect_env(
        terminal=True
    )  # before anything imports prefect (the environment check does)
    check_environment([p for p in paths if isinstance(p, Path)], extract, pipeline, config)
    choose_pipelines(pipeline, config, extract)
    from kronika.store.layout import Layout
    from kronika.store.lock import output_lock

    # Fail fast, before Prefect loads, when another run holds the output (the flow locks too).
    with output_lock(Layout.at(out)):
        pass
    if extract and not dask_address and workers != 1:  # their start overlaps Prefect's
        from kronika.pipeline.parallel import prestart_for_inputs

        prestart_for_inputs(paths, workers)
    from flows.run import kronika_run

    summary = kronika_run(
        inputs=[str(p) for p in paths],
        out=str(out),
        batch_size=batch_size,
        progress=progress,
        max_record_bytes=int(max_record_mb * 1_000_000),
        max_seconds_per_article=max_seconds_per_article,
        extract=extract,
        workers=workers,
        dask_address=dask_address,
    )
    print_run_summary(summary)
    if not summary["balanced"]:
        raise typer.Exit(code=1)


def print_run_summary(summary: dict[str, Any]) -> None:
    """The flow's summary plus the wall time since this process started, start-up included."""
    from kronika.pipeline.report import print_summary

    started = process_started_at()
    summary["wall_seconds"] = time.time() - started
    summary["startup_seconds"] = max(0.0, summary["started_at"].timestamp() - started)
    print_summary(summary)


def process_started_at() -> float:
    """When this process started (epoch seconds): from /proc on Linux, else when this loaded."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        age = float(Path("/proc/uptime").read_text().split()[0])
        age -= int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: start, ticks after boot
        return time.time() - age
    except (OSError, ValueError, IndexError):
        return LOADED


def check_environment(
    paths: list[Path], extract: bool, options: list[str] | None, config: Path | None
) -> None:
    """A broken install stops the run here (kronika/envcheck.py): one line, exit 2, nothing
    written and no input marked rejected. Chosen pipelines are checked by choose_pipelines."""
    from kronika.envcheck import EnvironmentProblem, check_run_environment
    from kronika.nlp.choice import PipelineError, resolve

    try:
        chosen = resolve(options, config) if extract else {}
        check_run_environment(paths, extract=extract, chosen=chosen)
    except PipelineError as exc:
        raise Failure(str(exc), code=USAGE) from None
    except EnvironmentProblem as exc:
        raise Failure(f"environment: {exc}", code=USAGE) from None


def choose_pipelines(options: list[str] | None, config: Path | None, extract: bool) -> None:
    """Apply --pipeline / kronika.toml before any work (the flow's workers inherit it); a
    pipeline that cannot be loaded or lacks NER, parser or morphology is a usage error."""
    from kronika.nlp.choice import PipelineError, configure, resolve

    try:
        choices = resolve(options, config)
        if choices and extract:
            configure(choices)
    except PipelineError as exc:
        raise Failure(str(exc), code=USAGE) from None


def existing_inputs(inputs: list[str] | None) -> list[Path | str]:
    """The inputs to read (default raw/); one that does not exist is a usage error.

    Object-store URLs (s3://bucket/inbox) stay strings (kronika.store.inbox lists them)."""
    from kronika.store.fs import is_remote

    if inputs and any(is_remote(i) for i in inputs):
        from kronika.store.inbox import remote_input_exists

        for url in (i for i in inputs if is_remote(i)):
            if not remote_input_exists(url):
                raise Failure(f"no such input: {url}", code=USAGE)
    paths: list[Path | str] = [i if is_remote(i) else Path(i) for i in (inputs or ["raw"])]
    for path in paths:
        if isinstance(path, Path) and not path.exists():
            hint = " (no input given, and there is no raw/ folder here)" if not inputs else ""
            raise Failure(f"no such file or folder: {path}{hint}", code=USAGE)
    return paths
