"""Object storage end to end: the flow reads an s3:// inbox and writes an s3:// output.

A local S3-compatible server (moto's server mode) runs on a free loopback port for this module;
the credentials and endpoint come from the standard AWS variables, as for a real bucket. The
output is queried with DuckDB through the store's fsspec filesystem (httpfs cannot be loaded
without network). Also checked on S3: a second run adds nothing, the lock object refuses a
second writer and a stale one is taken over, and the journal's crash recovery.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from kronika.bench.server import free_port
from kronika.store.fs import STORAGE_OPTIONS_ENV, resolve
from kronika.store.journal import PLAN, Transaction, recover
from kronika.store.layout import Layout
from kronika.store.lock import LOCK_TTL_ENV, OutputLocked, output_lock
from kronika.store.parquet import read_table

REPO = Path(__file__).resolve().parents[1]
BUCKET = "kronika-test"
SERVER_STOP_S = 10.0
KRONIKA = Path(sys.executable).with_name("kronika")
KILLED_RUN_TIMEOUT_S = 240  # a process start can take 20 s on a busy machine


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """moto's S3 server on loopback, the AWS variables pointing at it, and a bucket."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "NO_PROXY": "127.0.0.1,localhost",
        # Bounded waits: a hung server fails the test instead of blocking it.
        STORAGE_OPTIONS_ENV: json.dumps(
            {"config_kwargs": {"connect_timeout": 5, "read_timeout": 30}}
        ),
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        patch.delenv("AWS_PROFILE", raising=False)
        try:
            store, _ = resolve(f"s3://{BUCKET}")
            store.fs.mkdir(BUCKET)
            yield endpoint
        finally:
            _stop(server)
            import s3fs

            s3fs.S3FileSystem.clear_instance_cache()


def _stop(server: object) -> None:
    began = time.monotonic()
    server.stop()  # type: ignore[attr-defined]
    assert time.monotonic() - began < SERVER_STOP_S


def _upload_inbox(prefix: str) -> str:
    """The bundled sample (raw/) under s3://BUCKET/<prefix>/raw; returns that URL."""
    store, root = resolve(f"s3://{BUCKET}/{prefix}/raw")
    for path in sorted((REPO / "raw").rglob("*")):
        if path.is_file():
            store.fs.put_file(str(path), (root / path.relative_to(REPO / "raw")).as_posix())
    return store.url(root)


def _run(inputs: list[str], out: str, **kwargs: object) -> dict:
    from flows.run import kronika_run

    return kronika_run(inputs=inputs, out=out, progress=False, **kwargs)


def _rows(out: str, table: str) -> list[tuple]:
    frame = read_table(Layout.at(out), table).drop("run_id", "ingested_at", strict=False)
    return sorted(frame.rows(), key=repr)


def _keys(out: str) -> list[str]:
    store, root = resolve(out)
    return sorted(store.fs.find(root.as_posix()))


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_api")
def test_flow_on_s3_inbox_and_output_queried_with_duckdb(s3_server: str, tmp_path: Path) -> None:
    from kronika.store.catalog import connect_catalog

    inbox = _upload_inbox("run")
    out = f"s3://{BUCKET}/run/out"
    summary = _run([inbox], out, batch_size=5)
    assert summary["balanced"] and summary["out"] == out
    assert summary["inputs"] == 17 and summary["articles"] == 17 and summary["rejects"] == 0

    con = connect_catalog(out)  # the uploaded catalog; parts read through s3fs
    try:
        by_lang = dict(con.sql("SELECT lang, count(*) FROM articles GROUP BY lang").fetchall())
        seed = con.sql(
            "SELECT title, n_sentences FROM articles WHERE input_uri = 'raw/lv/nato-tokyo.txt'"
        ).fetchall()
        mentions = con.sql("SELECT count(*) FROM mentions").fetchall()[0][0]
        runs = con.sql("SELECT count(*) FROM runs").fetchall()[0][0]
    finally:
        con.close()
    assert by_lang == {"lv": 13, "en": 4}
    assert seed == [("NATO gatavojas atvērt sadarbības biroju Tokijā", 24)]
    assert mentions > 0 and runs == 1

    keys = _keys(out)
    assert not [k for k in keys if "/state/staging/" in k or "/state/plans/" in k]
    assert not [k for k in keys if k.endswith((".kronika.lock", "unfinalised"))]

    # Incremental: the same inbox again reads nothing and writes no part.
    before = {t: _rows(out, t) for t in ("articles", "sentences", "mentions", "quotes")}
    parts = [k for k in keys if k.endswith(".parquet")]
    again = _run([inbox], out, batch_size=5)
    assert again["inputs"] == 0 and again["skipped_files"] == 3
    assert {t: _rows(out, t) for t in before} == before
    assert [k for k in _keys(out) if k.endswith(".parquet")] == parts

    # The same inbox on local disk gives the same rows (run ids and timestamps aside).
    local_out = tmp_path / "out"
    _run([str(REPO / "raw")], str(local_out), batch_size=5)
    assert {t: _rows(str(local_out), t) for t in before} == before

    # The analyst's command line reads the same output by its URL.
    from typer.testing import CliRunner

    from kronika.cli.app import app

    res = CliRunner().invoke(app, ["sql", "--out", out, "SELECT count(*) AS n FROM articles"])
    assert res.exit_code == 0, res.output
    assert "17" in res.output

    # A second writer is refused while the lock object is held.
    with (
        output_lock(Layout.at(out)),
        pytest.raises(OutputLocked, match="another kronika run"),
    ):
        _run([inbox], out)


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_api")
def test_run_killed_on_s3_mid_commit_is_finished_by_the_next_run(
    s3_server: str, tmp_path: Path
) -> None:
    """SIGKILL half-way through copying a committed batch into place, then a plain re-run."""
    from prefect.settings import PREFECT_API_URL

    inbox = _upload_inbox("crash")
    out = f"s3://{BUCKET}/crash/out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KRONIKA_TEST_")} | {
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "KRONIKA_TEST_KILL_AT": "moved-one:3",  # the second batch: one object copied, rest not
    }
    killed = subprocess.run(
        [str(KRONIKA), "run", inbox, "--out", out, "--batch-size", "2", "--no-extract",
         "--no-progress"],
        env=env, capture_output=True, text=True, timeout=KILLED_RUN_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    keys = _keys(out)
    assert [k for k in keys if k.endswith("/" + PLAN)]  # committed, not yet applied
    assert [k for k in keys if k.endswith(".kronika.lock")]  # nothing frees it on S3 ...

    again = _run([inbox], out, batch_size=2, extract=False)  # ... but its pid is gone: stale
    assert again["balanced"]
    keys = _keys(out)
    assert not [k for k in keys if "/state/staging/" in k or k.endswith(".kronika.lock")]

    clean = tmp_path / "clean"
    _run([str(REPO / "raw")], str(clean), batch_size=2, extract=False)
    for table in ("articles", "sentences", "duplicates", "rejects"):
        assert _rows(out, table) == _rows(str(clean), table), table
    layout = Layout.at(out)
    listed = {
        layout.store.path_of(url).as_posix()
        for table in ("articles", "sentences", "rejects", "runs")
        for url in _view_urls(out, table)
    }
    on_store = {
        k for k in keys if k.endswith(".parquet") and k.split("/")[-2] in
        ("articles", "sentences", "rejects", "runs")
    }  # fmt: skip
    assert listed and listed == on_store  # the catalog lists exactly the committed parts


def _view_urls(out: str, table: str) -> list[str]:
    from kronika.store.catalog import connect_catalog

    con = connect_catalog(out)
    try:
        sql = con.sql(f"SELECT sql FROM duckdb_views() WHERE view_name = '{table}'").fetchall()[0][
            0
        ]
    finally:
        con.close()
    return re.findall(r"'(s3://[^']+\.parquet)'", sql)


def test_lock_object_refuses_a_second_writer_and_takes_over_a_stale_one(
    s3_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = Layout.at(f"s3://{BUCKET}/lock/out")
    fs, key = layout.store.fs, layout.lock_file.as_posix()
    with output_lock(layout):
        holder = json.loads(fs.cat_file(key))
        assert holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
        with pytest.raises(OutputLocked, match="another kronika run"), output_lock(layout):
            pass
    assert not fs.exists(key)  # released

    stale = [
        {"host": "elsewhere", "pid": 1, "heartbeat_at": time.time() - 3600, "ttl_s": 120},
        {"host": socket.gethostname(), "pid": _dead_pid(), "heartbeat_at": time.time()},
        {"nonsense": True},
    ]
    for body in stale:
        fs.pipe_file(key, json.dumps(body).encode())
        with output_lock(layout):  # a killed writer's lock does not block the next run
            assert json.loads(fs.cat_file(key))["pid"] == os.getpid()
        assert not fs.exists(key)

    alive = {"host": "elsewhere", "pid": 1, "heartbeat_at": time.time(), "ttl_s": 120}
    fs.pipe_file(key, json.dumps(alive).encode())
    with pytest.raises(OutputLocked, match="on elsewhere"), output_lock(layout):
        pass
    assert json.loads(fs.cat_file(key)) == alive  # a live holder's lock is left alone
    fs.rm_file(key)

    # The heartbeat keeps a long run's lock fresh; a lock taken over is noticed before a commit.
    monkeypatch.setenv(LOCK_TTL_ENV, "0.4")
    with output_lock(layout):
        first = json.loads(fs.cat_file(key))["heartbeat_at"]
        time.sleep(0.5)
        assert json.loads(fs.cat_file(key))["heartbeat_at"] > first
        fs.pipe_file(key, json.dumps(alive).encode())  # another writer's object now
        time.sleep(0.3)
        txn = Transaction(layout, "fenced")
        txn.put_json(layout.batches / "x.json", {"slices": []})
        with pytest.raises(OutputLocked, match="taken over"):
            txn.commit()
    assert json.loads(fs.cat_file(key)) == alive  # not deleted by the writer that lost it
    fs.rm_file(key)


def _dead_pid() -> int:
    """A pid of this host with no process (a child that has exited and been reaped)."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_journal_on_s3_drops_uncommitted_and_finishes_committed(s3_server: str) -> None:
    layout = Layout.at(f"s3://{BUCKET}/journal/out")
    store = layout.store
    frame = pl.DataFrame({"a": [1, 2]})
    target_a, target_b = layout.part_path("t", "a"), layout.part_path("t", "b")
    uncommitted = Transaction(layout, "one")
    uncommitted.put_frame(target_a, frame)  # killed before the commit point: no plan.json
    committed = Transaction(layout, "two")
    committed.put_frame(target_b, frame)
    # Killed right after the commit point: plan.json written, nothing copied into place yet.
    store.write_json_atomic({"moves": committed.moves, "deletes": []}, committed.dir / PLAN)
    assert layout.current_parts("t") == []  # nothing staged is visible
    assert recover(layout) == (1, 1)
    assert layout.current_parts("t") == [target_b]
    assert read_table(layout, "t").equals(frame)
    assert not store.exists(layout.staging)

    # A commit that replaces a part retires the old one (kept until the catalog moves on).
    txn = Transaction(layout, "three")
    txn.put_frame(layout.part_path("t", "c"), pl.DataFrame({"a": [3]}))
    txn.retire(target_b)
    txn.commit()
    assert layout.current_parts("t") == [layout.part_path("t", "c")]
    assert store.exists(target_b) and layout.retired_names() == {"tables/t/b.parquet"}


@pytest.mark.parametrize(
    ("location", "remote", "inside"),
    [
        ("output", False, None),
        ("/tmp/kronika out", False, None),
        ("file:///tmp/out", False, None),
        ("s3://bucket/prefix/out", True, "bucket/prefix/out"),
        ("s3://bucket/", True, "bucket"),
        ("S3://Bucket/x", True, "Bucket/x"),
    ],
)
def test_resolve_local_paths_and_urls(location: str, remote: bool, inside: str | None) -> None:
    store, path = resolve(location)
    assert store.remote is remote
    if remote:
        assert path.as_posix() == inside and store.url(path) == f"s3://{inside}"
    else:
        assert isinstance(path, Path) and path.is_absolute()
        assert Layout.at(location).location == str(path)  # local: exactly as before


@pytest.mark.parametrize("bad", ["s3://", "s3:///"])
def test_resolve_refuses_a_url_without_bucket(bad: str) -> None:
    with pytest.raises(ValueError, match="names no bucket"):
        resolve(bad)


def test_missing_filesystem_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import fsspec

    from kronika.store.fs import StorageUnavailable, filesystem

    def missing(protocol: str, **kwargs: object) -> None:
        raise ImportError("Install s3fs to access S3")

    monkeypatch.setattr(fsspec, "filesystem", missing)
    with pytest.raises(StorageUnavailable, match=r"kronika\[s3\]"):
        filesystem("s3")


def test_s3_inbox_lists_the_same_inputs_as_the_same_folder_on_disk(
    s3_server: str, tmp_path: Path
) -> None:
    """Ignored names, sidecars and input_uri values follow kronika.ingest.discover."""
    from kronika.ingest.discover import discover
    from kronika.store.inbox import discover_inputs, local_copy

    inbox = tmp_path / "inbox"
    files = {
        "a.txt": "Teksts.",
        "a.txt.json": '{"title": "A"}',  # sidecar of a.txt
        "b.md": "Text.",
        "b.json": '{"title": "B"}',  # sidecar of b.md
        "c.json": '{"text": "Alone."}',  # an input: no text file of that name
        "d.jsonl": '{"text": "x"}\n',
        "README.md": "not an article",
        ".hidden.txt": "no",
        "_draft/e.txt": "no",
        "sub/f.html": "<p>f</p>",
        "sub/g.v2.json": '{"text": "g"}',
    }
    store, root = resolve(f"s3://{BUCKET}/listing/inbox")
    for name, text in files.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_text(text, encoding="utf-8")
        store.fs.pipe_file((root / name).as_posix(), text.encode())
    local = [(e.input_uri, e.size) for e in discover([inbox])]
    remote = discover_inputs([store.url(root)])
    assert [(e.input_uri, e.size) for e in remote] == local
    assert [u for u, _ in local] == [
        "inbox/a.txt", "inbox/b.md", "inbox/c.json", "inbox/d.jsonl", "inbox/sub/f.html",
        "inbox/sub/g.v2.json",
    ]  # fmt: skip
    # A fetched text file brings its sidecar along (the readers look for it beside the file).
    first = remote[0]
    copy = local_copy(first.url, first.size, first.mtime_ns)  # type: ignore[attr-defined]
    assert copy.read_text() == "Teksts." and (copy.parent / "a.txt.json").is_file()
