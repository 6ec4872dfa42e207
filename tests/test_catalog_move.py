"""A moved or copied output folder still answers queries (kronika.store.catalog).

The catalog's views name absolute Parquet paths; `kronika sql` notices views that point
outside the folder and rebuilds them, `kronika catalog` does so on request, and a folder that
cannot be written is queried through the same views built in memory.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from kronika.store import catalog as catalog_module
from kronika.store.catalog import (
    catalog_status,
    connect_catalog,
    query_catalog,
    rebuild_catalog,
    refresh_catalog,
)
from kronika.store.layout import Layout
from schemas import TABLE_META
from schemas.polars_schema import empty_frame


def _tiny_output(out: Path) -> Layout:
    """Empty parts for every table and one article row, then the catalog (as a run ends)."""
    layout = Layout.at(out)
    for table in TABLE_META:
        layout.table_dir(table).mkdir(parents=True, exist_ok=True)
        empty_frame(table).write_parquet(layout.part_path(table, "empty"))
    pl.DataFrame({"article_id": ["a1"], "lang": ["lv"]}).write_parquet(
        layout.part_path("articles", "b1")
    )
    refresh_catalog(layout)
    return layout


def _articles(out: Path) -> list[tuple]:
    return query_catalog(out, "SELECT article_id FROM articles WHERE article_id IS NOT NULL")[1]


def test_a_fresh_catalog_is_current(tmp_path: Path) -> None:
    layout = _tiny_output(tmp_path / "out")
    assert catalog_status(layout).current
    assert _articles(layout.out) == [("a1",)]


def test_a_moved_folder_is_noticed_and_rebuilt_on_query(tmp_path: Path) -> None:
    old = _tiny_output(tmp_path / "out").out
    moved = tmp_path / "elsewhere" / "out"
    moved.parent.mkdir()
    shutil.move(old, moved)
    status = catalog_status(Layout.at(moved))
    assert not status.current and status.built_in == old
    with pytest.raises(duckdb.IOException, match="No files found"):  # what users saw before
        duckdb.connect(str(moved / "kronika.duckdb"), read_only=True).sql(
            "SELECT * FROM articles"
        ).fetchall()
    assert _articles(moved) == [("a1",)]
    assert catalog_status(Layout.at(moved)).current  # rebuilt in place


def test_a_copy_reads_its_own_files_not_the_original(tmp_path: Path) -> None:
    original = _tiny_output(tmp_path / "out").out
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    pl.DataFrame({"article_id": ["a2"], "lang": ["en"]}).write_parquet(
        copy / "tables" / "articles" / "b2.parquet"
    )
    assert not catalog_status(Layout.at(copy)).current  # its views name the original's files
    assert sorted(_articles(copy)) == [("a1",), ("a2",)]
    assert _articles(original) == [("a1",)]


def test_a_folder_that_cannot_be_written_is_queried_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _tiny_output(tmp_path / "out").out
    moved = tmp_path / "moved"
    shutil.move(old, moved)

    def read_only(layout: Layout) -> Path:
        raise PermissionError(f"read-only: {layout.catalog}")

    monkeypatch.setattr(catalog_module, "refresh_catalog", read_only)
    assert _articles(moved) == [("a1",)]
    assert not catalog_status(Layout.at(moved)).current  # nothing was written


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda p: p.mkdir(), "no catalog"),  # an empty folder
        (lambda p: None, "no catalog"),  # a folder that does not exist
    ],
)
def test_connect_without_a_catalog_is_a_clear_error(tmp_path: Path, make, error: str) -> None:
    folder = tmp_path / "nothing"
    make(folder)
    with pytest.raises(FileNotFoundError, match=error):
        connect_catalog(folder)
    with pytest.raises(FileNotFoundError, match="no Kronika output"):
        rebuild_catalog(folder)


def test_a_table_without_a_view_makes_the_catalog_stale(tmp_path: Path) -> None:
    layout = _tiny_output(tmp_path / "out")
    con = duckdb.connect(str(layout.catalog))
    con.execute("DROP VIEW quotes")
    con.close()
    status = catalog_status(layout)
    assert not status.current and "quotes" in status.reason


def test_plain_duckdb_after_a_move_following_the_readme(tmp_path: Path) -> None:
    """README 'Output': `kronika catalog --out DIR` once, or read the Parquet parts directly."""
    old = _tiny_output(tmp_path / "out").out
    moved = tmp_path / "moved"
    shutil.move(old, moved)
    before = rebuild_catalog(moved)
    assert before.built_in == old
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        con = duckdb.connect("moved/kronika.duckdb", read_only=True)
        assert con.sql("SELECT count(*) FROM articles").fetchall() == [(1,)]
        con.close()
        direct = duckdb.sql(
            "SELECT count(*) FROM read_parquet('moved/tables/articles/*.parquet', "
            "union_by_name = true)"
        ).fetchall()
        assert direct == [(1,)]
    finally:
        os.chdir(cwd)


def test_kronika_sql_and_catalog_commands_on_a_moved_run(prefect_api: None, tmp_path: Path) -> None:
    """A real (tiny) run, moved, then queried through the CLI."""
    from flows.run import kronika_run
    from kronika.cli import app

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Vācija un Latvija parakstīja līgumu Rīgā.\n", encoding="utf-8")
    kronika_run(inputs=[str(raw)], out=str(tmp_path / "out"), progress=False)
    moved = tmp_path / "moved"
    shutil.move(tmp_path / "out", moved)
    runner = CliRunner()
    result = runner.invoke(app, ["sql", "--out", str(moved), "SELECT count(*) AS n FROM articles"])
    assert result.exit_code == 0, result.output
    assert "1 row(s)" in result.output
    assert catalog_status(Layout.at(moved)).current
    copy = tmp_path / "copy"
    shutil.copytree(moved, copy)
    rebuilt = runner.invoke(app, ["catalog", "--out", str(copy)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert f"was stale: it lists files under {moved}" in rebuilt.output
    assert catalog_status(Layout.at(copy)).current
    missing = runner.invoke(app, ["catalog", "--out", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0 and "no Kronika output" in missing.output
