"""Releases end to end: build -> serve on loopback -> download -> verify -> query over HTTP.

Tables come from hand-made rows (tests/data/release/sample_tables.py), not from the pipeline.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import kronika
import kronika.nlp
from kronika.release.build import build_release
from kronika.release.contract import contract_from_schemas
from kronika.release.download import download_release
from kronika.release.errors import DownloadError, ReleaseError, VerifyError
from kronika.release.figures import FIGURES, write_figures
from kronika.release.remote import connect_http
from kronika.release.verify import verify_release
from schemas import SCHEMA_VERSION

DATA = Path(__file__).parent / "data" / "release"
_spec = importlib.util.spec_from_file_location("sample_tables", DATA / "sample_tables.py")
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)

EXPECTED_FILES = {
    *(f"{t}.parquet" for t in sample.ROWS),
    *(f"figures/{f}" for f in FIGURES),
    "datapackage.json",
    "DATA_DICTIONARY.md",
    "DATA_CHANGELOG.md",
    "README.md",
    "manifest.json",
    "SHA256SUMS",
}


# ---------------------------------------------------------------- fixtures


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with HTTP Range support, a request log, and injectable broken transfers."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        rel = self.path.lstrip("/")
        self.server.requests.append((rel, self.headers.get("Range")))
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        start, end = 0, len(data)
        wanted = None if self.server.ignore_range else self.headers.get("Range")
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", wanted or "")
        if match:
            start = int(match[1])
            end = int(match[2]) + 1 if match[2] else len(data)
            if start >= len(data):
                self.send_error(416)
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:end]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        cuts = self.server.breaks.get(rel)
        cut = cuts.pop(0) if cuts else None
        if cut is not None:  # promise the whole body, send part of it, hang up
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[http.server.HTTPServer]:
    root = tmp_path_factory.mktemp("www")
    handler = functools.partial(RangeHandler, directory=str(root))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    srv.root, srv.requests, srv.breaks, srv.ignore_range = root, [], {}, False
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def release_100(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real release, built once; tests that damage it work on copies."""
    out = sample.write_output(tmp_path_factory.mktemp("out"))
    return build_release(out, "1.0.0").path


def publish(server: http.server.HTTPServer, release: Path, name: str) -> str:
    """Copy a release under the server root; returns its URL."""
    shutil.copytree(release, server.root / name)
    return f"{server.url}/{name}/"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def rewrite_checksums(folder: Path) -> None:
    """Re-sign SHA256SUMS after a deliberate edit (an attacker controlling the server can)."""
    lines = []
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        _, rel = line.split("  ", 1)
        digest = hashlib.sha256((folder / rel).read_bytes()).hexdigest()
        lines.append(f"{digest}  {rel}")
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n")


# ---------------------------------------------------------------- build


def test_release_build_writes_every_file_and_passes_frictionless_cli(release_100: Path) -> None:
    files = {p.relative_to(release_100).as_posix() for p in release_100.rglob("*") if p.is_file()}
    assert files == EXPECTED_FILES
    assert not [p for p in release_100.parent.iterdir() if p.name.startswith(".")]
    manifest = json.loads((release_100 / "manifest.json").read_text())
    assert manifest["tables"]["mentions"]["rows"] == len(sample.MENTIONS)
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["code_version"].startswith(kronika.__version__)
    assert manifest["model_versions"] == {} or isinstance(manifest["model_versions"], dict)
    cli = Path(sys.executable).with_name("frictionless")
    done = subprocess.run(
        [str(cli), "validate", "datapackage.json"],
        cwd=release_100, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]


def test_release_datapackage_is_generated_from_the_models(release_100: Path) -> None:
    package = json.loads((release_100 / "datapackage.json").read_text())
    contract = contract_from_schemas()
    assert [r["name"] for r in package["resources"]] == list(contract)
    for resource in package["resources"]:
        table = contract[resource["name"]]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in table.columns]
        assert all(f["description"] for f in fields)
        assert resource["schema"]["primaryKey"] == list(table.primary_key)
    mentions = next(r for r in package["resources"] if r["name"] == "mentions")
    assert {
        "fields": "entity_id",
        "reference": {"resource": "entities", "fields": "entity_id"},
    } in (mentions["schema"]["foreignKeys"])
    assert {lic["name"] for lic in package["licenses"]} >= {"CC-BY-SA-4.0", "ODbL-1.0"}
    dictionary = (release_100 / "DATA_DICTIONARY.md").read_text()
    for table in contract.values():
        assert all(f"| `{c.name}` |" in dictionary for c in table.columns)


def test_release_card_has_licences_queries_and_figures(release_100: Path) -> None:
    card = (release_100 / "README.md").read_text()
    for needle in ("CC BY-SA 4.0", "CC BY 2.5", "ODbL-1.0", "LOAD httpfs", "read_parquet("):
        assert needle in card
    for name in FIGURES:
        assert f"figures/{name}" in card
        assert (release_100 / "figures" / name).read_bytes().startswith(b"\x89PNG")


def test_release_parquet_is_sorted_and_byte_identical(release_100: Path, tmp_path: Path) -> None:
    # Same rows split into a different number of part files, released again.
    out = sample.write_output(tmp_path / "again", parts=3)
    again = build_release(out, "1.0.0", verify=False).path
    for table in sample.ROWS:
        first = (release_100 / f"{table}.parquet").read_bytes()
        assert first == (again / f"{table}.parquet").read_bytes(), table
    mentions = pl.read_parquet(again / "mentions.parquet")
    assert mentions["mention_id"].to_list() == sorted(mentions["mention_id"].to_list())


def test_release_existing_version_fails(release_100: Path) -> None:
    out = release_100.parent.parent
    with pytest.raises(ReleaseError, match="already exists"):
        build_release(out, "1.0.0")
    with pytest.raises(ReleaseError, match="not newer"):
        build_release(out, "0.9.0")


def test_release_changelog_counts_rows_by_primary_key(
    release_100: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kronika.nlp, "model_versions", lambda: {"lv": "lv_kronika@0.3"}, False)
    repo = tmp_path / "repo"  # not a git work tree: the code version is the package version
    (repo / "docs").mkdir(parents=True)
    (repo / "docs/quality.json").write_text('{"lv": {"ner": {"f1": 0.81}}}')
    out = tmp_path / "out"
    shutil.copytree(release_100.parent, out / "releases")
    frames = sample.sample_frames()
    extra = frames["rejects"].with_columns(input_uri=pl.lit("other.bin"))
    frames["rejects"] = extra  # one reject replaced by another: +1 -1
    sample.write_output(out, frames)
    result = build_release(out, "1.0.1", verify=False, repo=repo)
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["quality"] == {"lv": {"ner": {"f1": 0.81}}}
    assert manifest["model_versions"] == {"lv": "lv_kronika@0.3"}
    assert manifest["code_version"] == kronika.__version__
    assert manifest["previous_release"] == "1.0.0"
    assert '"f1": 0.81' in (result.path / "README.md").read_text()
    log = (result.path / "DATA_CHANGELOG.md").read_text()
    assert "| `rejects` | 1 | 1 | 1 |" in log
    assert "| `mentions` | 9 | 0 | 0 |" in log
    assert log.index("## 1.0.1") < log.index("## 1.0.0")  # newest first, history kept


def test_release_incompatible_schema_needs_major_bump(release_100: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(release_100.parent, out / "releases")
    contract = contract_from_schemas()
    contract["mentions"] = contract["mentions"].without_column("lemma")
    frames = sample.sample_frames()
    frames["mentions"] = frames["mentions"].drop("lemma")
    sample.write_output(out, frames)
    with pytest.raises(ReleaseError, match=r"mentions\.lemma removed.*major version \(e\.g\. 2"):
        build_release(out, "1.1.0", contract=contract)
    assert leftovers(out / "releases") == ["1.0.0"]  # no release, no temporary folder
    result = build_release(out, "2.0.0", contract=contract, verify=False)
    assert "`lemma`" in (result.path / "DATA_CHANGELOG.md").read_text()


def test_release_refuses_rows_that_break_the_model(tmp_path: Path) -> None:
    frames = sample.sample_frames()
    frames["mentions"] = frames["mentions"].with_columns(confidence=pl.lit(1.5))
    out = sample.write_output(tmp_path / "out", frames)
    with pytest.raises(ReleaseError, match="mentions fails its Pandera model"):
        build_release(out, "1.0.0")
    assert leftovers(out / "releases") == []


def test_release_reads_current_parts_under_the_lock_of_settled_output(tmp_path: Path) -> None:
    from kronika.store.lock import exclusive_lock

    out = sample.write_output(tmp_path / "out")
    # A part the store retired (still on disk for old readers) would double the articles.
    shutil.copy(out / "tables/articles/part-0.parquet", out / "tables/articles/old.parquet")
    (out / "state").mkdir()
    (out / "state/retired.json").write_text(json.dumps(["tables/articles/old.parquet"]))
    (out / "state/unfinalised").touch()
    with pytest.raises(ReleaseError, match="not finalised"):
        build_release(out, "1.0.0")
    (out / "state/unfinalised").unlink()
    with exclusive_lock(out / ".kronika.lock"), pytest.raises(ReleaseError, match="release now"):
        build_release(out, "1.0.0")
    assert leftovers(out / "releases") == []
    assert build_release(out, "1.0.0", verify=False).rows["articles"] == 2


def test_release_figures_draw_no_data_yet_on_empty_tables(tmp_path: Path) -> None:
    empty = {t: pl.DataFrame(schema=c.schema) for t, c in contract_from_schemas().items()}
    names = write_figures(empty, tmp_path)
    assert sorted(names) == sorted(FIGURES)
    assert all((tmp_path / n).stat().st_size > 1000 for n in names)


# ---------------------------------------------------------------- verify


def damaged(release: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "1.0.0"
    shutil.copytree(release, copy)
    return copy


def test_release_verify_accepts_an_intact_release(release_100: Path) -> None:
    report = verify_release(release_100)
    assert report.version == "1.0.0"
    assert report.rows["events"] == 3


def test_release_verify_reports_one_flipped_byte(release_100: Path, tmp_path: Path) -> None:
    copy = damaged(release_100, tmp_path)
    data = bytearray((copy / "entities.parquet").read_bytes())
    data[len(data) // 2] ^= 0x01
    (copy / "entities.parquet").write_bytes(bytes(data))
    with pytest.raises(VerifyError, match=r"entities\.parquet checksum mismatch"):
        verify_release(copy)


def test_release_verify_reports_truncation_and_missing_files(
    release_100: Path, tmp_path: Path
) -> None:
    copy = damaged(release_100, tmp_path)
    path = copy / "mentions.parquet"
    path.write_bytes(path.read_bytes()[:100])
    (copy / "README.md").unlink()
    with pytest.raises(VerifyError) as info:
        verify_release(copy)
    text = str(info.value)
    assert re.search(r"mentions\.parquet is truncated: 100 bytes, expected \d+", text)
    assert "README.md is missing" in text


@pytest.mark.parametrize("bad", ["../evil.parquet", "/etc/passwd", "a/../../evil", "a\\..\\b"])
def test_release_verify_refuses_escaping_paths(release_100: Path, tmp_path: Path, bad: str) -> None:
    copy = damaged(release_100, tmp_path)
    with (copy / "SHA256SUMS").open("a") as fh:
        fh.write(f"{'0' * 64}  {bad}\n")
    with pytest.raises(VerifyError, match="refusing"):
        verify_release(copy)


def test_release_verify_refuses_symlinks(release_100: Path, tmp_path: Path) -> None:
    copy = damaged(release_100, tmp_path)
    target = copy / "runs.parquet"
    moved = tmp_path / "elsewhere.parquet"
    target.rename(moved)
    target.symlink_to(moved)
    with pytest.raises(VerifyError, match="symlink"):
        verify_release(copy)


def forge(folder: Path, table: str, frame: pl.DataFrame) -> None:
    """Replace a table and re-sign everything (datapackage hash, manifest, SHA256SUMS), as
    someone in control of the server could: only the content checks can catch it."""
    path = folder / f"{table}.parquet"
    frame.write_parquet(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    package = json.loads((folder / "datapackage.json").read_text())
    next(r for r in package["resources"] if r["name"] == table)["hash"] = f"sha256:{digest}"
    (folder / "datapackage.json").write_text(json.dumps(package))
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["files"]:
        entry["bytes"] = (folder / entry["path"]).stat().st_size
        entry["sha256"] = hashlib.sha256((folder / entry["path"]).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    rewrite_checksums(folder)


def test_release_verify_checks_parquet_schema_against_declared(
    release_100: Path, tmp_path: Path
) -> None:
    copy = damaged(release_100, tmp_path)
    runs = pl.read_parquet(copy / "runs.parquet").with_columns(pl.col("inputs").cast(pl.Int32))
    forge(copy, "runs", runs)
    with pytest.raises(VerifyError, match=r"runs\.parquet schema .*'inputs', 'Int32'"):
        verify_release(copy)


@pytest.mark.parametrize(
    ("table", "change", "quick", "full"),
    [
        ("mentions", {"label": pl.lit("FOO")}, r"mentions\.label: 9 values outside its enum",
         r"constraint \"enum\""),
        ("quotes", {"speaker_entity_id": pl.lit("Q999")},
         r"quotes\.speaker_entity_id: 1 values not found in entities\.entity_id", "foreign-key"),
        ("sentences", {"sentence_idx": pl.lit(0, pl.Int64)},
         r"sentences: 4 rows share a primary key", "primary-key"),
        ("articles", {"lang": pl.lit("LV!")}, r"articles\.lang: 2 values not matching",
         r"constraint \"pattern\""),
    ],
)  # fmt: skip
@pytest.mark.parametrize("mode", ["quick", "full"])
def test_release_verify_checks_rows_in_both_modes(
    release_100: Path, tmp_path: Path, table: str, change: dict, quick: str, full: str, mode: str
) -> None:
    copy = damaged(release_100, tmp_path)
    forge(copy, table, pl.read_parquet(copy / f"{table}.parquet").with_columns(**change))
    with pytest.raises(VerifyError, match=quick if mode == "quick" else full):
        verify_release(copy, full=mode == "full")


# ---------------------------------------------------------------- HTTP: download, verify, query


def test_release_download_verify_and_query_over_http(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "good")
    server.breaks["good/mentions.parquet"] = [1000]  # the first transfer breaks mid-file
    path = download_release(url, tmp_path / "data", progress=False)
    assert path == tmp_path / "data" / "1.0.0"
    assert leftovers(tmp_path / "data") == ["1.0.0"]
    ranges = [r for rel, r in server.requests if rel == "good/mentions.parquet"]
    assert ranges == [None, "bytes=1000-"]  # resumed, not restarted
    assert verify_release(url).version == "1.0.0"

    con = connect_http()
    remote = con.sql(
        f"SELECT label, count(*) FROM read_parquet('{url}mentions.parquet') GROUP BY 1 ORDER BY 1"
    ).fetchall()
    local = con.sql(
        f"SELECT label, count(*) FROM read_parquet('{path}/mentions.parquet') GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert remote == local == [("GPE", 6), ("ORG", 2), ("PER", 1)]
    joined = con.sql(
        f"""SELECT e.canonical_name, count(*) FROM read_parquet('{url}quotes.parquet') q
            JOIN read_parquet('{url}entities.parquet') e ON e.entity_id = q.speaker_entity_id
            GROUP BY 1"""
    ).fetchall()
    assert joined == [("Jenss Stoltenbergs", 1)]


def test_release_download_refuses_tampered_byte(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "tampered")
    path = server.root / "tampered" / "quotes.parquet"
    data = bytearray(path.read_bytes())
    data[-20] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DownloadError, match=r"quotes\.parquet: checksum mismatch"):
        download_release(url, tmp_path / "data", progress=False)
    assert leftovers(tmp_path / "data") == []


def test_release_download_refuses_truncated_file(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "truncated")
    path = server.root / "truncated" / "articles.parquet"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DownloadError, match=r"articles\.parquet: checksum mismatch"):
        download_release(url, tmp_path / "data", progress=False)
    assert leftovers(tmp_path / "data") == []


def test_release_download_stops_at_the_declared_size(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "padded")
    with (server.root / "padded" / "runs.parquet").open("ab") as fh:
        fh.write(b"\0" * 4096)
    with pytest.raises(DownloadError, match=r"runs\.parquet: larger than the \d+ bytes expected"):
        download_release(url, tmp_path / "data", progress=False)
    assert leftovers(tmp_path / "data") == []


def test_release_download_refuses_manifest_escape(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "escape")
    folder = server.root / "escape"
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"].append({"path": "../../evil.sh", "bytes": 1, "sha256": "0" * 64})
    (folder / "manifest.json").write_text(json.dumps(manifest))
    rewrite_checksums(folder)
    target = tmp_path / "inner" / "data"
    with pytest.raises(DownloadError, match=r"refusing .*'\.\./\.\./evil\.sh'"):
        download_release(url, target, progress=False)
    assert leftovers(target) == []
    assert not (tmp_path / "evil.sh").exists()


def test_release_download_refuses_checksum_path_escape(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "escape2")
    with (server.root / "escape2" / "SHA256SUMS").open("a") as fh:
        fh.write(f"{'0' * 64}  ../escape2-evil\n")
    before = len(server.requests)
    with pytest.raises(DownloadError, match="refusing"):
        download_release(url, tmp_path / "data", progress=False)
    assert [rel for rel, _ in server.requests[before:]] == ["escape2/SHA256SUMS"]
    assert leftovers(tmp_path / "data") == []


def test_release_download_refuses_existing_target(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "twice")
    download_release(url, tmp_path, progress=False)
    with pytest.raises(DownloadError, match="already exists"):
        download_release(url, tmp_path, progress=False)
    assert leftovers(tmp_path) == ["1.0.0"]


def test_release_download_restarts_when_server_ignores_range(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "norange")
    server.breaks["norange/entities.parquet"] = [500]
    server.ignore_range = True
    try:
        path = download_release(url, tmp_path, progress=False)
    finally:
        server.ignore_range = False
    assert (path / "entities.parquet").read_bytes() == (
        release_100 / "entities.parquet"
    ).read_bytes()


def test_release_download_gives_up_after_retries(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    url = publish(server, release_100, "flaky")
    server.breaks["flaky/events.parquet"] = [10, 10, 10]
    with pytest.raises(DownloadError, match=r"events\.parquet: gave up after 3 attempts"):
        download_release(url, tmp_path / "data", progress=False, retries=2)
    assert leftovers(tmp_path / "data") == []


def test_release_download_missing_release_fails_without_retrying(
    server: http.server.HTTPServer, tmp_path: Path
) -> None:
    before = len(server.requests)
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_release(f"{server.url}/nothing/", tmp_path / "data", progress=False)
    assert len(server.requests) - before == 1
    assert leftovers(tmp_path / "data") == []


# ---------------------------------------------------------------- CLI


def test_release_cli_verify_and_download(
    server: http.server.HTTPServer, release_100: Path, tmp_path: Path
) -> None:
    from kronika.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["verify", str(release_100)])
    assert ok.exit_code == 0 and "OK: release 1.0.0" in ok.output
    copy = damaged(release_100, tmp_path)
    (copy / "events.parquet").write_bytes(b"PAR1")
    bad = runner.invoke(app, ["verify", str(copy)])
    assert bad.exit_code == 1 and "events.parquet is truncated" in bad.output
    out = str(release_100.parent.parent)
    refused = runner.invoke(app, ["release", "--version", "1.0.0", "--out", out])
    assert refused.exit_code == 1 and "release 1.0.0 already exists" in refused.output
    url = publish(server, release_100, "cli")
    got = runner.invoke(app, ["download", url, "--to", str(tmp_path / "dl"), "--no-progress"])
    assert got.exit_code == 0, got.output
    assert (tmp_path / "dl" / "1.0.0" / "SHA256SUMS").is_file()


# ---------------------------------------------------------------- Prefect flow


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[None]:
    from flows._env import configure_prefect_env

    configure_prefect_env()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.mark.flow
def test_release_flow_builds_and_verifies(prefect_api: None, tmp_path: Path) -> None:
    from flows.release import kronika_release

    out = sample.write_output(tmp_path / "out")
    summary = kronika_release(out=str(out), version="0.1.0")
    assert summary["version"] == "0.1.0" and summary["previous"] is None
    assert summary["rows"]["articles"] == 2 and summary["files"] == len(EXPECTED_FILES)
    with pytest.raises(ReleaseError, match="already exists"):
        kronika_release(out=str(out), version="0.1.0")
    assert os.listdir(out / "releases") == ["0.1.0"]
