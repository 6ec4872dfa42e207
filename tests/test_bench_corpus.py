"""The benchmark corpus is reproducible, news-length and duplicate-free; the report adds up.

Reads only repository files: the bundled sample stands in for ../shared/data/raw/news-text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kronika.bench.corpus import MAX_CHARS, MIN_CHARS, CorpusSpec, iter_articles, write_corpus
from kronika.bench.pipeline import _tree_rss_kb, run_measured, summarise

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "news-text"
    folder.mkdir()
    shutil.copy(REPO / "raw" / "lv" / "fullstack-news.jsonl", folder / "lv.jsonl")
    shutil.copy(REPO / "raw" / "en" / "wikinews.jsonl", folder / "en.jsonl")
    return folder


def spec(source: Path, **kwargs) -> CorpusSpec:
    return CorpusSpec(source=source, base_articles=40, **kwargs)


def test_same_seed_same_corpus_other_seed_other_corpus(source: Path) -> None:
    first = list(iter_articles(spec(source)))
    assert first == list(iter_articles(spec(source)))
    assert first != list(iter_articles(spec(source, seed=1)))


@pytest.mark.parametrize(("size", "expected"), [(1, 40), (0.5, 20), (4, 160), (0.001, 1)])
def test_size_scales_the_number_of_articles(source: Path, size: float, expected: int) -> None:
    articles = list(iter_articles(spec(source, size=size)))
    assert len(articles) == expected
    assert all(MIN_CHARS <= len(a["text"]) <= MAX_CHARS for a in articles)
    assert len({a["text"] for a in articles}) == expected  # no duplicates in the corpus
    assert len({a["uri"] for a in articles}) == expected


def test_languages_are_mixed_by_their_share_of_text(source: Path) -> None:
    articles = list(iter_articles(spec(source, size=4, langs=("lv", "en"))))
    langs = {a["lang"] for a in articles}
    assert langs == {"lv", "en"}
    assert all(a["lang"] == "lv" for a in iter_articles(spec(source)))


def test_written_corpus_splits_into_files(source: Path, tmp_path: Path) -> None:
    paths = write_corpus(spec(source, size=2), tmp_path / "inbox", per_file=30)
    lines = [line for p in paths for line in p.read_text("utf-8").splitlines()]
    assert [p.name for p in paths] == ["bench-0000.jsonl", "bench-0001.jsonl", "bench-0002.jsonl"]
    assert len(lines) == 80


def test_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="benchmark source"):
        list(iter_articles(CorpusSpec(source=tmp_path, langs=("lv",))))


def test_peak_rss_counts_child_processes() -> None:
    grandchild = "x = bytearray(300 << 20); import time; time.sleep(1.5)"
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    measured = run_measured([sys.executable, "-c", code], dict(os.environ), interval=0.1)
    assert measured.peak_rss_mb > 300  # the grandchild's 300 MB are counted
    assert _tree_rss_kb(os.getpid()) > 0


def test_failing_command_raises_with_its_stderr() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        run_measured([sys.executable, "-c", "import sys; sys.exit('boom')"], dict(os.environ))


def test_summary_projects_a_day_from_the_largest_size() -> None:
    sizes = {
        "1x": {"size": 1.0, "end_to_end_s": 100.0, "articles_per_s": 12.5, "tokens_per_s": 6000},
        "16x": {"size": 16.0, "end_to_end_s": 1500.0, "articles_per_s": 13.5},
    }
    summary = summarise({"sizes": sizes})
    assert summary["time_16x_over_1x"] == 15.0
    assert summary["projected_day"] == {"articles": 270_000, "from_size": "16x", "hours": 5.56}
    assert summary["tokens_per_s"] == {"1x": 6000, "16x": None}


def test_cli_rejects_bad_sizes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kronika.cli", "bench", "--sizes", "one"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "--sizes wants numbers" in result.stderr
