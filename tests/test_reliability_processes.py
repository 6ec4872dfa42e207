"""Issue 6: real `kronika run` processes killed with SIGKILL, and two at once on one output.

The subprocesses talk to the session's Prefect test server (the `prefect_api` fixture), so they
skip the 10-25 s start of a temporary server; faults are injected with the test-only hooks in
kronika/store/faults.py (KRONIKA_TEST_KILL_AT, KRONIKA_TEST_PAUSE_FILE).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from kronika.store.layout import Layout
from kronika.store.parquet import read_table

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_api")]

REPO = Path(__file__).resolve().parents[1]
KRONIKA = Path(sys.executable).with_name("kronika")
BATCH_SIZE = 2  # many commits from few inputs
TIMEOUT_S = 240  # a slow, shared machine: a process start can take 20 s
COMPARED = {  # table -> primary key
    "articles": ["article_id"],
    "sentences": ["article_id", "sentence_idx"],
    "duplicates": ["input_uri", "record_index"],
    "rejects": ["input_uri", "record_index"],
    "mentions": ["mention_id"],
    "entities": ["entity_id"],
}


def make_inbox(root: Path, langs: tuple[str, ...]) -> Path:
    inbox = root / "inbox"  # the same root name everywhere, so input_uri values match
    for lang in langs:
        shutil.copytree(REPO / "raw" / lang, inbox / lang)
    return inbox


def run_in_process(inbox: Path, out: Path) -> dict:
    from flows.run import kronika_run

    return kronika_run(
        inputs=[str(inbox)], out=str(out), batch_size=BATCH_SIZE, progress=False, extract=False
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    base = {k: v for k, v in os.environ.items() if not k.startswith("KRONIKA_TEST_")}
    return base | {
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


def command(inbox: Path, out: Path) -> list[str]:
    return [
        str(KRONIKA), "run", str(inbox), "--out", str(out),
        "--batch-size", str(BATCH_SIZE), "--no-extract", "--no-progress",
    ]  # fmt: skip


def kronika_run(inbox: Path, out: Path, env: dict[str, str], **extra: str):  # type: ignore[no-untyped-def]
    return subprocess.run(
        command(inbox, out),
        env=env | extra,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """Rows of a clean, uninterrupted run over all inputs."""
    root = tmp_path_factory.mktemp("clean")
    inbox = make_inbox(root, ("en", "lv"))
    summary = run_in_process(inbox, root / "out")
    assert summary["balanced"] and summary["articles"] > 10
    return rows_by_key(root / "out")


def rows_by_key(out: Path) -> dict[str, list[tuple]]:
    """Every compared table's rows (run-specific columns dropped), sorted; keys unique."""
    tables = {}
    for table, key in COMPARED.items():
        frame = read_table(Layout.at(out), table).drop("run_id", "ingested_at", strict=False)
        assert frame.select(key).is_unique().all(), f"duplicate {table} keys"
        tables[table] = sorted(frame.rows(), key=repr)
    return tables


def catalog_state(out: Path) -> dict[str, int]:
    """Row count of every catalog view; every Parquet file a view lists must be complete."""
    counts: dict[str, int] = {}
    con = duckdb.connect(str(Layout.at(out).catalog), read_only=True)
    try:
        views = con.sql("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall()
        assert views
        for view, sql in views:
            files = re.findall(r"'([^']+\.parquet)'", sql)
            assert files, view
            for path in files:  # a torn or missing file fails here
                pq.read_table(path)
            counts[view] = con.sql(f"SELECT count(*) FROM {view}").fetchall()[0][0]
    finally:
        con.close()
    return counts


def listed_files(out: Path) -> set[Path]:
    con = duckdb.connect(str(Layout.at(out).catalog), read_only=True)
    try:
        sqls = [row[0] for row in con.sql("SELECT sql FROM duckdb_views()").fetchall()]
    finally:
        con.close()
    return {Path(p) for sql in sqls for p in re.findall(r"'([^']+\.parquet)'", sql)}


def assert_clean_final_state(out: Path, reference: dict[str, list[tuple]]) -> None:
    layout = Layout.at(out)
    assert rows_by_key(out) == reference
    counts = catalog_state(out)
    for table, rows in reference.items():
        assert counts[table] == len(rows), table
    on_disk = set(layout.tables.rglob("*.parquet"))
    assert on_disk == listed_files(out)  # no orphaned, no missing parts
    assert not list(layout.out.rglob(".*.tmp-*"))
    assert not layout.staging.exists() or not any(layout.staging.iterdir())
    assert not layout.retired.exists() and not layout.unfinalised.exists()


def test_sigkill_at_several_points_then_rerun_equals_a_clean_run(
    tmp_path: Path, env: dict[str, str], reference: dict[str, list[tuple]]
) -> None:
    inbox = make_inbox(tmp_path, ("en",))
    out = tmp_path / "out"
    first = run_in_process(inbox, out)  # a committed earlier state readers can rely on
    before = catalog_state(out)
    assert before["articles"] == first["articles"]
    shutil.copytree(REPO / "raw" / "lv", inbox / "lv")
    staging = Layout.at(out).staging

    # 1. killed while a batch is staged but not committed (no plan.json yet)
    result = kronika_run(inbox, out, env, KRONIKA_TEST_KILL_AT="staged:2")
    assert result.returncode == -signal.SIGKILL, result.stderr[-3000:]
    assert [d for d in staging.iterdir() if not (d / "plan.json").exists()]
    assert catalog_state(out) == before  # readers still see the last complete run

    # 2. killed half-way through applying a committed batch (plan.json written, one file moved)
    result = kronika_run(inbox, out, env, KRONIKA_TEST_KILL_AT="moved-one:2")
    assert result.returncode == -signal.SIGKILL, result.stderr[-3000:]
    assert [d for d in staging.iterdir() if (d / "plan.json").exists()]
    assert catalog_state(out) == before

    # 3. killed after its last batch, before entities, the runs row and the catalog
    result = kronika_run(inbox, out, env, KRONIKA_TEST_KILL_AT="finalising:1")
    assert result.returncode == -signal.SIGKILL, result.stderr[-3000:]
    assert Layout.at(out).unfinalised.exists()
    assert catalog_state(out) == before

    # 4. a plain re-run finishes the job: the output equals a clean run's
    result = kronika_run(inbox, out, env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_clean_final_state(out, reference)
    runs = read_table(Layout.at(out), "runs")
    assert runs.height == 2 and runs.filter(pl.col("articles") < 0).height == 0


def test_two_runs_on_one_output_and_a_reader_during_the_run(
    tmp_path: Path, env: dict[str, str], reference: dict[str, list[tuple]]
) -> None:
    inbox = make_inbox(tmp_path, ("en",))
    out = tmp_path / "out"
    first = run_in_process(inbox, out)
    before = catalog_state(out)
    shutil.copytree(REPO / "raw" / "lv", inbox / "lv")
    final_articles = len(reference["articles"])
    catalog = str(Layout.at(out).catalog)

    seen: list[tuple[int, int, int]] = []
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:  # queries the catalog in a loop for the whole run
        while not stop.is_set():
            try:
                con = duckdb.connect(catalog, read_only=True)
                try:
                    seen.append(
                        con.sql(
                            "SELECT (SELECT count(*) FROM articles),"
                            " (SELECT count(DISTINCT article_id) FROM articles),"
                            " (SELECT count(*) FROM sentences s ANTI JOIN articles a"
                            "  USING (article_id))"
                        ).fetchall()[0]
                    )
                finally:
                    con.close()
            except Exception as exc:  # any failure to read a snapshot is a test failure
                errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.02)

    pause = tmp_path / "pause"
    pause.touch()
    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    first_writer = subprocess.Popen(
        command(inbox, out),
        env=env | {"KRONIKA_TEST_PAUSE_FILE": str(pause)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fragments = len(list(Layout.at(out).batches.glob("*.json")))
        deadline = time.monotonic() + TIMEOUT_S
        while len(list(Layout.at(out).batches.glob("*.json"))) == fragments:
            assert first_writer.poll() is None, first_writer.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "the first run committed no batch"
            time.sleep(0.1)
        # The first run holds the lock and sits after a committed batch: start a second one.
        second = kronika_run(inbox, out, env)
        assert second.returncode != 0
        assert "another kronika run" in second.stdout + second.stderr
        assert f"pid {first_writer.pid}" in second.stdout + second.stderr
        assert first_writer.poll() is None
        assert catalog_state(out) == before
        pause.unlink()
        _, stderr = first_writer.communicate(timeout=TIMEOUT_S)
        assert first_writer.returncode == 0, stderr[-3000:]
    finally:
        pause.unlink(missing_ok=True)
        if first_writer.poll() is None:
            first_writer.kill()
            first_writer.wait()
        time.sleep(0.2)
        stop.set()
        thread.join(timeout=30)

    assert not errors, errors[:3]
    assert {articles for articles, _, _ in seen} <= {first["articles"], final_articles}
    assert seen[0][0] == first["articles"] and seen[-1][0] == final_articles
    assert all(articles == distinct and orphans == 0 for articles, distinct, orphans in seen)
    assert_clean_final_state(out, reference)
