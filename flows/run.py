"""The main flow: `kronika run`. Thin: each task is one library call on a batch."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.on_dask import process_batches_on_dask
from kronika.ingest.readers import Limits
from kronika.nlp import model_versions
from kronika.nlp.choice import configure as configure_pipelines
from kronika.pipeline.batch import BatchResult, process_batch
from kronika.pipeline.finalise import finalise
from kronika.pipeline.parallel import process_batches_parallel
from kronika.pipeline.plan import Batch, RunPlan, plan_run
from kronika.pipeline.report import ProgressReporter, article_changes
from kronika.pipeline.rows import new_run_id
from kronika.pipeline.stale import Cleaned, remove_stale_inputs
from kronika.store.fs import read_text_at, remove_at
from kronika.store.journal import recover
from kronika.store.layout import Layout
from kronika.store.lock import output_lock
from kronika.version import code_version

# Records from which a run annotates in worker processes (below: all in this process).
PARALLEL_FROM = 64


@task(name="plan", cache_policy=NO_CACHE)
def plan_task(inputs: list[str], out: str, run_id: str, batch_size: int, limits: Limits) -> str:
    layout = Layout.at(out)
    recover(layout)
    plan = plan_run(list(inputs), layout, run_id, batch_size, limits)  # paths or s3:// URLs
    path = layout.out / "state" / "plans" / f"{run_id}.json"
    layout.store.write_json_atomic(plan.to_json(), path)
    return layout.store.url(path)


@task(name="remove-stale-inputs", cache_policy=NO_CACHE)
def remove_stale_task(out: str, plan_path: str) -> Cleaned:
    return remove_stale_inputs(Layout.at(out), load_plan(plan_path))


@task(name="process-batch", cache_policy=NO_CACHE, retries=1)
def process_batch_task(
    out: str, plan_path: str, index: int, limits: Limits, extract: bool, reporter: ProgressReporter
) -> BatchResult:
    plan = load_plan(plan_path)
    batch = plan.batches[index]
    result = process_batch(Layout.at(out), batch, plan.run_id, limits, extract, reporter.record)
    get_run_logger().info("batch %s: %s", result.batch_id, _batch_line(result))
    return result


@task(name="process-batches-in-parallel", cache_policy=NO_CACHE)
def process_batches_parallel_task(
    out: str, plan_path: str, limits: Limits, workers: int, reporter: ProgressReporter
) -> list[BatchResult]:
    """All batches: read and committed here in plan order, annotated in `workers` processes.

    No task-level retries: committed batches must not be redone; a crashed worker's batch is
    retried inside (kronika.pipeline.parallel.WORKER_RETRIES).
    """
    plan = load_plan(plan_path)
    logger = get_run_logger()

    def batch_done(batch: Batch, result: BatchResult) -> None:
        reporter.advance(batch.n_records, Path(batch.slices[-1].input_uri).name)
        logger.info("batch %s: %s", batch.batch_id, _batch_line(result))

    return process_batches_parallel(
        Layout.at(out), plan.batches, plan.run_id, limits, workers, on_batch=batch_done
    )


def _dask_batch_done(reporter: ProgressReporter) -> Any:
    logger = get_run_logger()

    def done(batch: Batch, result: BatchResult) -> None:
        reporter.advance(batch.n_records)
        logger.info("batch %s (dask): %s", batch.batch_id, _batch_line(result))

    return done


def _batch_line(result: BatchResult) -> str:
    seconds = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
    return f"{result.inputs} inputs, rows {result.rows}; {seconds}"


@task(name="finalise", cache_policy=NO_CACHE)
def finalise_task(out: str, run: dict[str, Any], changed: bool) -> dict[str, Any]:
    return finalise(Layout.at(out), run, changed)


def load_plan(path: str) -> RunPlan:
    return RunPlan.from_json(json.loads(read_text_at(path)))


def _merge(results: list[BatchResult]) -> tuple[int, Counter, dict[str, float], Counter]:
    rows: Counter = Counter()
    seconds: Counter = Counter()
    langs: Counter = Counter()
    for result in results:
        rows.update(result.rows)
        seconds.update(result.seconds)
        langs.update(result.unsupported_langs)
    return sum(r.inputs for r in results), rows, dict(seconds), langs


def _reject_reasons(results: list[BatchResult]) -> dict[str, int]:
    reasons: Counter = Counter()
    for result in results:
        reasons.update(result.reject_reasons)
    return dict(reasons)


@flow(name="kronika-run", log_prints=False)
def kronika_run(
    inputs: list[str],
    out: str = "output",
    batch_size: int = 500,
    progress: bool = True,
    max_record_bytes: int = Limits.max_record_bytes,
    max_seconds_per_article: float = Limits.max_seconds_per_article,
    extract: bool = True,
    workers: int = 0,
    dask_address: str | None = None,
    pipelines: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Ingest new or changed inputs into `out`; returns the run summary.

    `pipelines` (lang -> installed package or folder) replaces the shipped spaCy pipeline of
    those languages (kronika.nlp.choice; the CLI's --pipeline / kronika.toml); None keeps the
    current choice. A pipeline lacking NER, parser or morphology fails here, before any work.

    `workers` processes annotate batches in parallel (0: one per core; 1: all in this process,
    one Prefect task per batch); the output is the same for every value. With `dask_address`
    (tcp://HOST:PORT) batches are annotated on that Dask cluster instead (flows/on_dask.py).
    """
    if pipelines is not None:
        configure_pipelines(pipelines)
    began = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC)
    limits = Limits(
        max_record_bytes=max_record_bytes, max_seconds_per_article=max_seconds_per_article
    )
    layout = Layout.at(out)
    run_id = new_run_id(started_at)
    with output_lock(layout):
        plan_path = plan_task(inputs, out, run_id, batch_size, limits)
        plan = load_plan(plan_path)
        cleaned = remove_stale_task(out, plan_path) if plan.stale else Cleaned()
        results = []
        with ProgressReporter(plan.n_records, enabled=progress) as reporter:
            if dask_address and extract and plan.batches:
                on_batch = _dask_batch_done(reporter)
                results = process_batches_on_dask(
                    dask_address, out, plan, limits, workers, on_batch
                )
            workers = workers or os.cpu_count() or 1
            # Worker processes pay off from a few dozen articles (each loads the models once).
            if not results and extract and workers > 1 and plan.n_records >= PARALLEL_FROM:
                results = process_batches_parallel_task(out, plan_path, limits, workers, reporter)
            done = 0
            for index, batch in enumerate(plan.batches if not results else []):
                results.append(process_batch_task(out, plan_path, index, limits, extract, reporter))
                done += batch.n_records
                reporter.settle(done)
        n_inputs, rows, seconds, langs = _merge(results)
        run = {
            "run_id": run_id,
            "started_at": started_at,
            "finished_at": dt.datetime.now(dt.UTC),
            "code_version": code_version(),
            "model_versions": model_versions(),
            "inputs": n_inputs,
            "skipped_files": plan.skipped_files,
            "articles": rows["articles"],
            "duplicates": rows["duplicates"],
            "rejects": rows["rejects"],
            "rows": dict(rows),
            "timings": seconds,
        }
        run = finalise_task(out, run, changed=bool(plan.batches) or cleaned.rows > 0)
        remove_at(plan_path)
    summary = {
        **run,
        "n_files": plan.n_files,
        "removed_stale_rows": cleaned.rows,
        "article_changes": article_changes(
            [a for r in results for a in r.article_ids], cleaned.article_ids
        ),
        "reject_reasons": _reject_reasons(results),
        "unsupported_langs": dict(langs),
        "seconds": round(time.perf_counter() - began, 2),
        "balanced": n_inputs == rows["articles"] + rows["duplicates"] + rows["rejects"],
        "out": layout.location,
    }
    publish_summary(summary)  # the command line prints it (kronika.pipeline.report)
    return summary


def summary_markdown(summary: dict[str, Any]) -> str:
    """The run summary as a Markdown table (the flow run's artifact in the Prefect UI)."""
    lines = [
        f"### kronika run {summary['run_id']}",
        "",
        "| inputs | articles | duplicates | rejects | balanced | seconds |",
        "|---:|---:|---:|---:|:---:|---:|",
        f"| {summary['inputs']} | {summary['articles']} | {summary['duplicates']} "
        f"| {summary['rejects']} | {'yes' if summary['balanced'] else '**no**'} "
        f"| {summary['seconds']} |",
        "",
        "| table | rows written |",
        "|---|---:|",
        *(f"| {table} | {n} |" for table, n in sorted(summary["rows"].items())),
        "",
        f"Files: {summary['n_files']} ({summary['skipped_files']} unchanged, skipped). "
        f"Output: `{summary['out']}`.",
    ]
    return "\n".join(lines)


def publish_summary(summary: dict[str, Any]) -> None:
    from prefect.artifacts import create_markdown_artifact

    create_markdown_artifact(
        markdown=summary_markdown(summary),
        key="kronika-run-summary",
        description="Inputs, articles, duplicates, rejects and rows of this run",
    )
