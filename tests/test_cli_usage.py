"""Everyday mistakes at the command line (issue 15): one clear line, a non-zero exit, nothing
written; a traceback only with --debug. Help pages are whole at 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kronika.cli import app
from kronika.cli.failures import Failure, set_debug
from kronika.pipeline.finalise import ensure_empty_parts
from kronika.store.catalog import refresh_catalog
from kronika.store.layout import Layout
from kronika.store.lock import exclusive_lock

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_debug_left_over() -> None:
    set_debug(False)


def invoke(*args: str) -> tuple[int, list[str], BaseException | None]:
    """Exit code, the non-empty stderr lines, and the exception left uncaught."""
    result = CliRunner().invoke(app, list(args), prog_name="kronika", terminal_width=80)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return result.exit_code, lines, result.exception


def assert_one_clear_line(code: int, lines: list[str], expected_code: int, *words: str) -> None:
    assert code == expected_code, lines
    assert 1 <= len(lines) <= 2, lines
    assert not any("Traceback" in line for line in lines)
    for word in words:
        assert word in lines[0], (word, lines)


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """An output folder with an empty catalog (every table, zero rows)."""
    layout = Layout.at(tmp_path / "out")
    ensure_empty_parts(layout)
    refresh_catalog(layout)
    return layout.out


# ---------------------------------------------------------------- wrong paths


def test_run_on_a_missing_path_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, lines, _ = invoke("run", str(tmp_path / "no-such-dir"), "--out", str(out))
    assert_one_clear_line(code, lines, 2, "no-such-dir")
    assert not out.exists()


def test_run_with_one_missing_path_among_good_ones_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = REPO / "raw" / "lv"
    code, lines, _ = invoke("run", str(good), str(tmp_path / "typo.jsonl"), "--out", str(out))
    assert_one_clear_line(code, lines, 2, "typo.jsonl")
    assert not out.exists()


def test_run_without_inputs_and_without_raw_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines, _ = invoke("run")
    assert_one_clear_line(code, lines, 2, "raw")
    assert list(tmp_path.iterdir()) == []  # no output/ folder, no reject row


def test_run_on_a_locked_output_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with exclusive_lock(Layout.at(out).lock_file):
        code, lines, _ = invoke("run", str(REPO / "raw" / "lv"), "--out", str(out), "--no-extract")
    assert_one_clear_line(code, lines, 2, "another kronika run")


# ---------------------------------------------------------------- expected failures


@pytest.mark.parametrize(
    ("sql", "word"),
    [
        ("select * from nosuchtable", "nosuchtable"),
        ("selec 1", "syntax"),
        ("select nosuchcolumn from articles", "nosuchcolumn"),
    ],
)
def test_bad_sql_is_one_or_two_lines(catalog: Path, sql: str, word: str) -> None:
    code, lines, _ = invoke("sql", sql, "--out", str(catalog))
    assert_one_clear_line(code, lines, 1)
    assert word in " ".join(lines)


def test_good_sql_still_prints_a_table(catalog: Path) -> None:
    result = CliRunner().invoke(app, ["sql", "select count(*) as n from articles", "-o", catalog])
    assert result.exit_code == 0 and "0 row" not in result.stderr
    assert "n" in result.stdout


def test_sql_on_a_folder_without_output_is_one_line(tmp_path: Path) -> None:
    code, lines, _ = invoke("sql", "select 1", "--out", str(tmp_path / "nothing"))
    assert_one_clear_line(code, lines, 1, "kronika sql")
    assert not (tmp_path / "nothing").exists()


def test_debug_shows_the_real_exception(catalog: Path) -> None:
    import duckdb

    code, _, exception = invoke("--debug", "sql", "select * from nosuchtable", "-o", str(catalog))
    assert code == 1 and isinstance(exception, Failure)  # raised, with its traceback
    assert isinstance(exception.__cause__, duckdb.Error)


def test_eval_with_missing_gold_files_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "gold" / "dev.jsonl"
    code, lines, _ = invoke("eval", "--gold", str(missing), "--no-linking")
    assert_one_clear_line(code, lines, 1, "dev.jsonl")


def test_bench_run_without_inputs_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kronika.benchmark

    monkeypatch.setattr(kronika.benchmark, "NEWS_TEXT", tmp_path / "nothing-here")
    code, lines, _ = invoke("bench", "run")
    assert_one_clear_line(code, lines, 2, "nothing to measure")
    code, lines, _ = invoke("bench", "run", str(tmp_path / "missing.jsonl"))
    assert_one_clear_line(code, lines, 2, "missing.jsonl")


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["run", "--no-such-option"], "--no-such-option"),
        (["nosuchcommand"], "nosuchcommand"),
        (["sql"], "query"),  # a missing argument
        (["run", "--batch-size", "many"], "kronika run: Invalid value for '--batch-size'"),
        (["bench", "nosuch"], "nosuch"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args: list[str], word: str) -> None:
    code, lines, _ = invoke(*args)
    assert_one_clear_line(code, lines, 2, word, "--help")


def test_a_real_bug_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch, catalog: Path) -> None:
    import kronika.store.catalog

    def broken(out: Path, sql: str) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(kronika.store.catalog, "query_catalog", broken)
    code, _, exception = invoke("sql", "select 1", "--out", str(catalog))
    assert code == 1 and isinstance(exception, KeyError)


# ---------------------------------------------------------------- help pages


def _command_paths(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for info in group.registered_commands:
        paths.append((*prefix, info.name))
    for sub in group.registered_groups:
        paths += _command_paths(sub.typer_instance, (*prefix, sub.name))
    return paths


@pytest.mark.parametrize("path", _command_paths(app), ids=lambda p: " ".join(p) or "kronika")
def test_help_pages_are_whole_at_80_columns(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "<bool>" not in text and "…" not in text
    commands = text.split("Commands:", 1)[1] if "Commands:" in text else ""
    cut = [line for line in commands.splitlines() if line.rstrip().endswith("...")]
    assert not cut, f"short help cut: {cut} (keep a command's first sentence short)"


def test_help_lists_the_same_commands_as_before() -> None:
    names = {info.name for info in app.registered_commands} | {
        g.name for g in app.registered_groups
    }
    before = {"run", "sql", "query", "docs", "train", "eval", "release", "verify", "download"}
    assert before | {"bench"} <= names


def test_eval_model_that_is_not_a_pipeline_is_one_line(tmp_path: Path) -> None:
    code, lines, _ = invoke("eval", "--model", str(tmp_path), "--no-linking", "--no-peer")
    assert_one_clear_line(code, lines, 1)
    assert "not a spaCy pipeline folder" in " ".join(lines)


@pytest.mark.parametrize("out", ["s3://", "s3:///"])
def test_url_without_bucket_is_one_line(out: str) -> None:
    code, lines, _ = invoke("sql", "select 1", "--out", out)
    assert_one_clear_line(code, lines, 2, "names no bucket")
