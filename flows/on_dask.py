"""Batches annotated on an existing Dask cluster, through prefect-dask's DaskTaskRunner.

`kronika run --dask-address tcp://HOST:PORT`: this process still plans, reads every input,
deduplicates, validates, commits each batch in plan order under the output's lock and
finalises (kronika.pipeline.parallel); only the annotation of a batch (spaCy and the
extractors, no I/O) runs on the cluster, one Prefect task run per batch, retried by Prefect
when it fails (annotation has no side effects, so redoing it is safe). So neither the inputs
nor the output need to be visible to the Dask workers; they need this package, its models and
a route to the Prefect API this flow uses (see docs/performance.md, "More than one machine").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from kronika.ingest.readers import Limits
from kronika.pipeline.batch import BatchResult
from kronika.pipeline.parallel import annotate_in_worker, process_batches_parallel
from kronika.pipeline.plan import RunPlan
from kronika.store.layout import Layout

# A batch whose annotation task fails (a worker died, a network error) runs again this often.
ANNOTATE_RETRIES = 2


@task(name="annotate-batch", cache_policy=NO_CACHE, retries=ANNOTATE_RETRIES)
def annotate_batch_task(
    run_id: str, now: dt.datetime, limits: Limits, articles: list[dict], sentences: list[dict]
) -> Any:
    return annotate_in_worker(run_id, now, limits, articles, sentences)


def cluster_threads(address: str, timeout: float = 30.0) -> int:
    """Worker threads of the cluster at `address`: how many batches to keep in flight."""
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        return max(1, sum(client.nthreads().values()))


def process_batches_on_dask(
    address: str,
    out: str,
    plan: RunPlan,
    limits: Limits,
    workers: int,
    on_batch: Callable[[Any, BatchResult], None],
) -> list[BatchResult]:
    """All batches of `plan`, annotated on the cluster at `address` (call from a flow)."""
    import logging

    from prefect_dask import DaskTaskRunner

    logging.getLogger("distributed").setLevel(logging.WARNING)  # nanny/scheduler chatter
    workers = workers or cluster_threads(address)
    with DaskTaskRunner(address=address) as runner:

        def submit(*args: Any) -> Any:
            names = ("run_id", "now", "limits", "articles", "sentences")
            return runner.submit(annotate_batch_task, dict(zip(names, args, strict=True)))

        return process_batches_parallel(
            Layout.at(out),
            plan.batches,
            plan.run_id,
            limits,
            workers,
            on_batch=on_batch,
            submit=submit,
        )
