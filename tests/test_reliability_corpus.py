"""Issue 6: the hostile input corpus (tests/data/bad/make_corpus.py) through the real flow.

Every record of every file ends as an article, a duplicate or a reject with the expected reason
code; the run completes and inputs == articles + duplicates + rejects.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import polars as pl
import pytest

from kronika.store.layout import Layout
from kronika.store.parquet import read_table
from kronika.text.sentences import MAX_SENTENCE_CHARS

CORPUS_SCRIPT = Path(__file__).parent / "data" / "bad" / "make_corpus.py"


def load_corpus_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    module = load_corpus_module()
    root = tmp_path_factory.mktemp("bad")
    module.build(root)
    return root / "inbox", module


def outcomes(out: Path) -> dict[str, dict[int, str]]:
    """input file -> record index -> 'article' / 'duplicate' / reject reason (each once)."""
    layout = Layout.at(out)
    found: dict[str, dict[int, str]] = {}
    tables = [
        (read_table(layout, "articles"), None),
        (read_table(layout, "duplicates"), "duplicate"),
        (read_table(layout, "rejects"), "reason"),
    ]
    for frame, kind in tables:
        for row in frame.iter_rows(named=True):
            name = row["input_uri"].removeprefix("inbox/")
            what = "article" if kind is None else (row["reason"] if kind == "reason" else kind)
            records = found.setdefault(name, {})
            assert row["record_index"] not in records, f"{name}:{row['record_index']} twice"
            records[row["record_index"]] = what
    return found


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_api")
def test_hostile_corpus_every_record_ends_with_its_expected_outcome(corpus, tmp_path: Path) -> None:
    from flows.run import kronika_run

    inbox, module = corpus
    out = tmp_path / "out"
    summary = kronika_run(inputs=[str(inbox)], out=str(out), batch_size=10, progress=False)
    expected = module.EXPECTED
    assert summary["balanced"]
    assert summary["inputs"] == sum(len(records) for records in expected.values())
    assert summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejects"]
    assert outcomes(out) == expected
    assert not any(name.startswith(tuple(module.NOT_INPUTS)) for name in outcomes(out))

    layout = Layout.at(out)
    articles = read_table(layout, "articles").with_columns(
        pl.col("input_uri").str.strip_prefix("inbox/").alias("name")
    )
    texts = dict(zip(articles["name"], articles["text"], strict=True))
    for name, needle in module.TEXT_HAS.items():  # decoded right, not just "not rejected"
        assert needle in texts[name], name
    assert "\ufffd" in texts["enc/invalid_utf8.txt"]  # the one broken byte, nothing else lost
    assert "\x00" not in texts["enc/nul_byte.txt"]
    assert articles.filter(pl.col("name") == "text/mixed_language.txt")["lang"][0] in {"lv", "en"}
    rejects = read_table(layout, "rejects")
    assert rejects.filter(pl.col("message") == "").height == 0

    sentences = read_table(layout, "sentences").join(
        articles.select("article_id", "text", "n_sentences"), on="article_id"
    )
    for start, end, text in sentences.select("start", "end", "text").iter_rows():
        assert 0 <= start < end <= len(text) and end - start <= MAX_SENTENCE_CHARS
        assert text[start:end].strip() == text[start:end]
    per_article = sentences.group_by("article_id").agg(pl.len(), pl.first("n_sentences"))
    assert (per_article["len"] == per_article["n_sentences"]).all()
    assert per_article.height == articles.height  # every article has sentences

    con = duckdb.connect(str(layout.catalog), read_only=True)
    try:
        by_reason = dict(con.sql("SELECT reason, count(*) FROM rejects GROUP BY reason").fetchall())
    finally:
        con.close()
    assert sum(by_reason.values()) == summary["rejects"]
