"""Batches in parallel: annotation and extraction in worker processes, everything else here.

The parent process reads batches in plan order (ingest: normalise, language, sentences,
deduplication), hands each batch's articles to a pool of worker processes for spaCy and the
extractors (the CPU-heavy part), and commits the batches **in plan order**, each in its own
transaction, exactly as a one-worker run does. So the journal, the manifest fragments (an
interrupted file resumes after its last committed record) and the output lock stay where they
were: only the parent ever writes.

Why the output is the same as a one-worker run: deduplication needs every earlier article, and
a batch is read before the ones ahead of it are committed, so the parent keeps the "seen"
articles in memory across batches (read_batch updates it in place). An article can still be
demoted to a reject after it was read (annotation over its time budget, a broken contract); a
one-worker run would then not count it as seen. The parent removes demoted articles from
"seen" at commit time, and when a batch already read ahead points at one as `duplicate_of`,
it drops the read-ahead batches and reads them again, as a one-worker run would have.

Memory is bounded: at most `workers + 1` batches are in flight, and the worker processes are
replaced after `max_tasks_per_child` batches (spaCy's string store only grows): no further
batch is read until those in flight are committed, then fresh processes take over.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import functools
import itertools
import math
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kronika.ingest.readers import Limits
from kronika.nlp.bench import SINGLE_THREAD_ENV
from kronika.pipeline.annotate import Annotated, annotate_in_worker, load_pipelines, warm_up
from kronika.pipeline.batch import BatchResult, commit_batch
from kronika.pipeline.plan import Batch
from kronika.pipeline.read import Seen, load_seen, read_batch
from kronika.pipeline.rows import BatchRows
from kronika.store.layout import Layout

# Batches the worker processes handle before fresh ones replace them (bounds their memory).
MAX_TASKS_PER_CHILD = 20
# Times a batch whose worker failed (crashed, killed) is tried again before the run stops.
WORKER_RETRIES = 2
# A batch is cut into parts of about this many articles (at least one part per worker); a
# worker that is done takes the next part, so at the end of a run neither core waits long for
# the other (with one part per worker, the last part of 125 articles often ran alone).
PART_ARTICLES = 32


@dataclass
class _InFlight:
    batch: Batch
    rows: BatchRows
    result: BatchResult
    futures: list[Any]  # one per part of the batch's articles
    parts: int = 1
    tries: int = 0


def parts_for(n_articles: int, workers: int, part_articles: int | None = PART_ARTICLES) -> int:
    """How many parts a batch of `n_articles` is cut into for `workers` workers (one per
    worker when `part_articles` is None)."""
    return max(workers, math.ceil(n_articles / part_articles) if part_articles else 0)


def split_articles(rows: BatchRows, parts: int) -> list[tuple[list[dict], list[dict]]]:
    """The batch's articles in `parts` contiguous runs, each with its sentences, so that
    every worker has some of a batch (a small run is not one batch on one core)."""
    n = len(rows.articles)
    parts = max(1, min(parts, n))
    by_article: dict[str, list[dict]] = {}
    for sentence in rows.sentences:
        by_article.setdefault(sentence["article_id"], []).append(sentence)
    cuts = [round(i * n / parts) for i in range(parts + 1)]
    out = []
    for lo, hi in itertools.pairwise(cuts):
        articles = rows.articles[lo:hi]
        out.append((articles, [s for a in articles for s in by_article.get(a["article_id"], [])]))
    return out


def _in_sequential_order(rows: BatchRows, done: list[Annotated]) -> Annotated:
    """The parts' answers joined, rows in the order one extract_batch call gives them:
    language by language (SUPPORTED_LANGS order), then article by article."""
    from kronika.text.langid import SUPPORTED_LANGS

    rank = {lang: i for i, lang in enumerate(SUPPORTED_LANGS)}
    position = {a["article_id"]: i for i, a in enumerate(rows.articles)}
    key_of = {
        a["article_id"]: (rank.get(a["lang"], len(rank)), position[a["article_id"]])
        for a in rows.articles
    }
    by_record = {(a["input_uri"], a["record_index"]): a["article_id"] for a in rows.articles}
    extracted: dict[str, list[dict]] = {}
    seconds: dict[str, float] = {}
    for part in done:
        for table, found in part.extracted.items():
            extracted.setdefault(table, []).extend(found)
        for stage, value in part.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + value
    for found in extracted.values():
        found.sort(key=lambda row: key_of[row["article_id"]])
    rejects = [r for part in done for r in part.rejects]
    rejects.sort(key=lambda r: key_of[by_record[(r["input_uri"], r["record_index"])]])
    return Annotated(
        [a for part in done for a in part.articles],
        [s for part in done for s in part.sentences],
        extracted,
        rejects,
        seconds,
    )


class _Pool:
    """A process pool that is replaced when one of its workers dies."""

    def __init__(self, workers: int, max_tasks_per_child: int, limits: Limits, start: str) -> None:
        self.workers, self.max_tasks, self.limits = workers, max_tasks_per_child, limits
        self.start = start
        self.batches = 0  # batches submitted to the current processes
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # One BLAS/OpenMP thread per worker (inherited at spawn): N workers x 2 threads on N
        # cores halved the throughput (500 articles on 2 cores: 47 s of work -> 26 s).
        for key, value in SINGLE_THREAD_ENV.items():
            os.environ.setdefault(key, value)
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context(self.start),
            initializer=warm_up,
            # Not max_tasks_per_child: Python 3.11 does not always replace a worker that
            # leaves after its last task (the run then waits forever); see worn_out().
        )

    def worn_out(self) -> bool:
        """The processes did `max_tasks` batches: read no more until they are renewed."""
        return self.batches >= self.max_tasks

    def renew(self) -> None:
        """Fresh processes once nothing is in flight (spaCy's string store only grows)."""
        self.executor.shutdown(wait=True)
        self.executor = self._new()
        self.batches = 0

    def submit(self, item: _InFlight) -> None:
        self.batches += 1
        try:
            item.futures = self._submit_parts(item)
        except BrokenProcessPool:
            self.restart()
            item.futures = self._submit_parts(item)

    def _submit_parts(self, item: _InFlight) -> list[Future]:
        rows = item.rows
        return [
            self.executor.submit(annotate_in_worker, rows.run_id, rows.now, self.limits, a, s)
            for a, s in split_articles(rows, item.parts)
        ]

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


# Inputs from which `kronika run` spawns its workers before Prefect starts (about the 64
# news articles from which the flow annotates in worker processes, flows/run.py).
PRESTART_BYTES = 256_000
# Workers spawned by prestart_workers, waiting for process_batches_parallel to adopt them.
_PRESTARTED: _Pool | None = None


def prestart_workers(workers: int, start_method: str = "spawn") -> None:
    """Spawn the worker processes now, before the caller's own slow start-up (Prefect's
    temporary server): each imports spaCy and the extractors and loads the shipped pipelines
    meanwhile, instead of after the plan. process_batches_parallel adopts them when its
    workers and start method match; release_prestarted() ends them if it never runs."""
    global _PRESTARTED
    if _PRESTARTED is not None or workers < 2:
        return
    pool = _Pool(workers, MAX_TASKS_PER_CHILD, Limits(), start_method)
    for _ in range(workers):  # a process is spawned per task submitted while none is idle
        pool.executor.submit(load_pipelines)
    _PRESTARTED = pool
    atexit.register(release_prestarted)


def prestart_for_inputs(paths: list[Any], workers: int) -> None:
    """prestart_workers for `kronika run` when the local inputs are big enough that the run
    will annotate in worker processes (at least PRESTART_BYTES; object-store inputs: no)."""
    workers = workers or os.cpu_count() or 1
    total = 0
    for path in paths:
        if not isinstance(path, os.PathLike):
            return
        files = [path] if os.path.isfile(path) else Path(path).rglob("*")
        total += sum(f.stat().st_size for f in files if os.path.isfile(f))
        if total >= PRESTART_BYTES:
            prestart_workers(workers)
            return


def release_prestarted() -> None:
    """End pre-started workers that no run adopted (nothing to do, or too little)."""
    global _PRESTARTED
    pool, _PRESTARTED = _PRESTARTED, None
    if pool is not None:
        pool.executor.shutdown(wait=False, cancel_futures=True)


def _adopt_prestarted(workers: int, max_tasks: int, limits: Limits, start: str) -> _Pool | None:
    global _PRESTARTED
    pool = _PRESTARTED
    if pool is None or (pool.workers, pool.max_tasks, pool.start) != (workers, max_tasks, start):
        release_prestarted()
        return None
    _PRESTARTED = None
    pool.limits = limits
    return pool


class _External:
    """Work handed to an outside executor: `submit(annotate_in_worker, *args)` returns a
    future with `.result()` (a Prefect task on a Dask cluster, see flows/run.py). Retrying a
    failed batch is the executor's job: annotation has no side effects, so it may redo it."""

    def __init__(self, submit: Callable[..., Any], limits: Limits) -> None:
        self.submit_fn, self.limits = submit, limits

    def submit(self, item: _InFlight) -> None:
        rows = item.rows
        item.futures = [
            self.submit_fn(rows.run_id, rows.now, self.limits, articles, sentences)
            for articles, sentences in split_articles(rows, item.parts)
        ]

    def restart(self) -> None:
        raise RuntimeError("an outside executor is not restarted here")

    def worn_out(self) -> bool:
        return False

    def renew(self) -> None:
        pass

    def close(self) -> None:
        pass


def _merge_annotated(item: _InFlight, done: Annotated) -> None:
    item.rows.articles, item.rows.sentences = done.articles, done.sentences
    item.rows.extracted = done.extracted
    item.rows.rejects.extend(done.rejects)
    for stage, seconds in done.seconds.items():
        item.result.seconds[stage] = item.result.seconds.get(stage, 0.0) + seconds


def _forget(seen: Seen, article_ids: set[str]) -> None:
    """Articles read but not committed (demoted to rejects) no longer count as seen."""
    by_text, ids = seen
    for sha in [sha for sha, aid in by_text.items() if aid in article_ids]:
        del by_text[sha]
    ids.difference_update(article_ids)


def _points_at(item: _InFlight, article_ids: set[str]) -> bool:
    return any(
        d["duplicate_of"] in article_ids or d["article_id"] in article_ids
        for d in item.rows.duplicates
    )


def process_batches_parallel(
    layout: Layout,
    batches: list[Batch],
    run_id: str,
    limits: Limits,
    workers: int,
    on_batch: Callable[[Batch, BatchResult], None] = lambda batch, result: None,
    max_tasks_per_child: int = MAX_TASKS_PER_CHILD,
    retries: int = WORKER_RETRIES,
    start_method: str = "spawn",
    submit: Callable[..., Any] | None = None,
    part_articles: int = PART_ARTICLES,
) -> list[BatchResult]:
    """Process `batches` with `workers` processes; results in plan order.

    `on_batch(batch, result)` is called in the parent after each batch is committed. Workers
    are spawned, not forked, by default: the parent may run Prefect's threads and event loop.
    With `submit` (called as `submit(run_id, now, limits, articles, sentences)`, returning a
    future of `annotate_in_worker` of those), batches are annotated wherever it sends them
    instead, `workers` of them at a time; nothing else changes: only this process reads
    inputs and writes the output. Each batch is annotated in parts of about `part_articles`
    articles (with `submit`: one part per worker); the rows are the same for any split.
    """
    pool: _Pool | _External
    if submit is not None:
        pool = _External(submit, limits)
    else:
        pool = _adopt_prestarted(workers, max_tasks_per_child, limits, start_method) or _Pool(
            workers, max_tasks_per_child, limits, start_method
        )
    # An outside executor (a Prefect task per part on Dask) pays more per part: one per worker.
    parts = functools.partial(
        parts_for, workers=workers, part_articles=part_articles if submit is None else None
    )
    seen = load_seen(layout)
    to_read = deque(batches)
    in_flight: deque[_InFlight] = deque()
    results: list[BatchResult] = []
    try:
        while to_read or in_flight:
            while to_read and len(in_flight) <= workers and not pool.worn_out():
                in_flight.append(
                    _read_and_submit(pool, layout, to_read.popleft(), run_id, limits, seen, parts)
                )
            if not in_flight:  # worn out, and every batch it had is committed
                pool.renew()
                continue
            item = in_flight.popleft()
            done = _wait(pool, item, retries)
            read_ids = {a["article_id"] for a in item.rows.articles}
            _merge_annotated(item, done)
            result = commit_batch(layout, item.batch, run_id, item.rows, item.result)
            demoted = read_ids - {a["article_id"] for a in item.rows.articles}
            if demoted:
                _forget(seen, demoted)
                if any(_points_at(later, demoted) for later in in_flight):
                    seen = _reread(in_flight, to_read, layout)
            results.append(result)
            on_batch(item.batch, result)
    finally:
        pool.close()
    return results


def _read_and_submit(
    pool: _Pool | _External,
    layout: Layout,
    batch: Batch,
    run_id: str,
    limits: Limits,
    seen: Seen,
    parts: Callable[[int], int],
) -> _InFlight:
    result = BatchResult(batch.batch_id)
    rows = BatchRows(run_id, dt.datetime.now(dt.UTC), limits.max_seconds_per_article)
    began = time.perf_counter()
    result.inputs = read_batch(rows, batch, layout, limits, articles_done=False, seen=seen)
    result.seconds["ingest"] = time.perf_counter() - began
    item = _InFlight(batch, rows, result, [], parts(len(rows.articles)))
    pool.submit(item)
    return item


def _wait(pool: _Pool | _External, item: _InFlight, retries: int) -> Annotated:
    """The worker's answer for `item`; a crashed worker's batch is tried again (bounded)."""
    while True:
        try:
            return _in_sequential_order(item.rows, [f.result() for f in item.futures])
        except BrokenProcessPool:
            if item.tries >= retries:
                raise
            item.tries += 1
            pool.restart()
            pool.submit(item)


def _reread(in_flight: deque[_InFlight], to_read: deque[Batch], layout: Layout) -> Seen:
    """Drop the batches read ahead and read them again against what is committed now."""
    for item in reversed(in_flight):
        to_read.appendleft(item.batch)
    for future in [f for item in in_flight for f in item.futures]:
        # cancel what has not started; let the rest finish, unused
        if isinstance(future, Future) and future.cancel():
            continue
        with contextlib.suppress(Exception):  # the batch is redone anyway
            future.result()
    in_flight.clear()
    return load_seen(layout)
