"""The Prefect flow writes the same rows with 1 worker, 2 worker processes and a Dask cluster.

`kronika_run(workers=1)` (one task per batch, in this process) is the reference; the same
inputs then go through `workers=2` (kronika.pipeline.parallel's process pool) and through a
`distributed.LocalCluster` with 2 worker processes (`dask_address`, prefect-dask). Only clock
columns may differ (see tests/test_parallel_batches.py). Slow: a few minutes on 2 cores.
"""

from __future__ import annotations

import logging
from pathlib import Path

import polars as pl
import pytest

from kronika.store.layout import Layout
from kronika.store.parquet import read_table

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_api")]

REPO = Path(__file__).resolve().parents[1]
CLOCK_COLUMNS = ("ingested_at", "first_seen", "last_seen", "run_id")
TABLES = ("articles", "sentences", "mentions", "quotes", "events", "entities")
TABLES += ("duplicates", "rejects")


def rows_of(out: Path, table: str) -> pl.DataFrame:
    frame = read_table(Layout.at(out), table).drop(CLOCK_COLUMNS, strict=False)
    return frame.sort(frame.columns)


def run(out: Path, **kwargs) -> dict:
    from flows.run import kronika_run

    return kronika_run(
        inputs=[str(REPO / "raw")], out=str(out), batch_size=4, progress=False, **kwargs
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one") / "out"
    summary = run(out, workers=1)
    assert summary["balanced"] and summary["articles"] == 17
    return out


def assert_same_rows(left: Path, right: Path) -> None:
    for table in TABLES:
        assert rows_of(left, table).equals(rows_of(right, table)), table


def test_two_worker_processes_match_one(
    reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("flows.run.PARALLEL_FROM", 1)  # the sample has only 17 records
    summary = run(tmp_path / "out", workers=2)
    assert summary["balanced"]
    assert {"annotate", "extract", "validate", "write"} <= set(summary["timings"])
    assert_same_rows(reference, tmp_path / "out")


def test_dask_local_cluster_matches_one(reference: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.WARNING,
    ) as cluster:
        summary = run(tmp_path / "out", dask_address=cluster.scheduler_address)
        assert len(cluster.scheduler_info["workers"]) == 2
    assert summary["balanced"]
    assert_same_rows(reference, tmp_path / "out")
