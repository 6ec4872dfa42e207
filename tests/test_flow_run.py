"""End-to-end: the real Prefect flow on the bundled sample, queried through DuckDB."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from kronika.store.layout import Layout
from kronika.store.lock import OutputLocked, exclusive_lock
from kronika.store.parquet import read_table

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_api")]


def run(inputs: list[Path], out: Path, **kwargs) -> dict:
    from flows.run import kronika_run

    return kronika_run(inputs=[str(p) for p in inputs], out=str(out), progress=False, **kwargs)


def snapshot(out: Path) -> dict[str, list[tuple]]:
    """Every table's rows (without run-specific columns), sorted."""
    tables = {}
    for table in ("articles", "sentences", "mentions", "entities", "duplicates", "rejects"):
        frame = read_table(Layout.at(out), table).drop("run_id", "ingested_at", strict=False)
        tables[table] = sorted(frame.rows(), key=repr)
    return tables


def test_flow_run_on_sample_writes_validated_tables_and_catalog(
    raw_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = run([raw_copy], out)
    assert summary["balanced"]
    assert summary["inputs"] == 17 and summary["articles"] == 17 and summary["rejects"] == 0
    con = duckdb.connect(str(out / "kronika.duckdb"), read_only=True)
    by_lang = dict(con.sql("SELECT lang, count(*) FROM articles GROUP BY lang").fetchall())
    seed = con.sql(
        "SELECT title, lang, n_sentences FROM articles WHERE input_uri = 'raw/lv/nato-tokyo.txt'"
    ).fetchall()
    n_runs = con.sql("SELECT count(*) FROM runs").fetchall()[0][0]
    con.close()
    assert by_lang == {"lv": 13, "en": 4}
    assert seed == [("NATO gatavojas atvērt sadarbības biroju Tokijā", "lv", 24)]
    assert n_runs == 1
    articles = read_table(Layout.at(out), "articles")
    sentences = read_table(Layout.at(out), "sentences").join(
        articles.select("article_id", "text"), on="article_id"
    )
    for start, end, text in sentences.select("start", "end", "text").iter_rows():
        assert 0 <= start < end <= len(text) and text[start:end].strip() == text[start:end]


def test_flow_run_twice_adds_nothing_and_new_file_is_incremental(
    raw_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run([raw_copy], out)
    first = snapshot(out)
    files = sorted(p.relative_to(out) for p in (out / "tables").rglob("*.parquet"))
    again = run([raw_copy], out)
    assert again["inputs"] == 0 and again["skipped_files"] == 3
    assert snapshot(out) == first
    assert sorted(p.relative_to(out) for p in (out / "tables").rglob("*.parquet")) == files
    (raw_copy / "lv" / "jauns.txt").write_text("Rīgā šodien sniga. Tas bija negaidīti.\n")
    third = run([raw_copy], out)
    assert third["inputs"] == 1 and third["articles"] == 1 and third["skipped_files"] == 3
    after = snapshot(out)
    assert len(after["articles"]) == len(first["articles"]) + 1
    assert set(first["articles"]) <= set(after["articles"])


def test_flow_run_changed_file_replaces_its_rows(raw_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = raw_copy / "lv" / "nato-tokyo.txt"
    run([raw_copy], out)
    path.write_text("NATO atvērs biroju Tokijā. Tas ir jaunums.\n")
    summary = run([raw_copy], out)
    assert summary["inputs"] == 1 and summary["removed_stale_rows"] > 0
    articles = read_table(Layout.at(out), "articles")
    seed_rows = articles.filter(pl.col("input_uri") == "raw/lv/nato-tokyo.txt")
    assert seed_rows["text"].to_list() == ["NATO atvērs biroju Tokijā. Tas ir jaunums."]
    assert articles.height == 17 and articles["article_id"].is_unique().all()
    sentences = read_table(Layout.at(out), "sentences")
    assert sentences.filter(pl.col("article_id") == seed_rows["article_id"][0]).height == 2


def test_flow_run_broken_inputs_become_rejects_and_duplicates(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text("Labs raksts par Rīgu. Otrs teikums.")
    (inbox / "copy.txt").write_text("Labs raksts par Rīgu.  Otrs teikums.\n")  # same after clean-up
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (inbox / "empty.txt").write_text("   \n")
    (inbox / "bad.jsonl").write_text('{"text": "Derīgs."}\n{oops\n[1]\n{"title": "x"}\n')
    (inbox / "image.png").write_bytes(b"\x89PNG")
    (inbox / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 3_000_000))
    (inbox / "cp1257.txt").write_bytes("Dānijas vēstnieks Japānā sacīja.".encode("cp1257"))
    summary = run([inbox], tmp_path / "out", max_record_bytes=1_000_000)
    assert summary["balanced"]
    assert (summary["inputs"], summary["articles"], summary["duplicates"]) == (11, 3, 1)
    rejects = read_table(Layout.at(tmp_path / "out"), "rejects")
    reasons = dict(
        zip(
            rejects["input_uri"] + ":" + rejects["record_index"].cast(str),
            rejects["reason"],
            strict=True,
        )
    )
    assert reasons == {
        "inbox/binary.txt:0": "binary",
        "inbox/empty.txt:0": "empty",
        "inbox/bad.jsonl:1": "malformed_json",
        "inbox/bad.jsonl:2": "not_an_object",
        "inbox/bad.jsonl:3": "missing_text",
        "inbox/image.png:0": "unknown_format",
        "inbox/bomb.txt.gz:0": "decompression_limit",
    }
    duplicates = read_table(Layout.at(tmp_path / "out"), "duplicates")
    assert duplicates["reason"].to_list() == ["same_text"]


def test_flow_run_refuses_a_locked_output(raw_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with (
        exclusive_lock(Layout.at(out).lock_file),
        pytest.raises(OutputLocked, match="another kronika run"),
    ):
        run([raw_copy], out)


def test_cli_sql_prints_a_table(raw_copy: Path, tmp_path: Path) -> None:
    from kronika.cli import app

    out = tmp_path / "out"
    run([raw_copy], out)
    result = CliRunner().invoke(
        app,
        [
            "sql",
            "SELECT lang, count(*) AS n FROM articles GROUP BY lang ORDER BY lang",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "en" in result.output and "lv" in result.output and "2 row(s)" in result.output
