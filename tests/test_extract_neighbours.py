"""An article's extracted rows depend on the article alone, not on the others around it.

Worker processes get a batch's articles in other groupings than one process does
(kronika.pipeline.parallel splits each batch over the workers), in fresh interpreters with
another string-hash seed. So each article's mentions, quotes and events must be the same when
it is extracted alone, amid the whole sample, in reverse order, and in another process.
The sample gets one twin of an English article without its publication date: state left over
from a neighbour (a remembered `published_at`, a lexicon changed in place) shows up there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from kronika.ingest.readers import Limits
from kronika.pipeline.annotate import extract_batch
from kronika.pipeline.plan import plan_run
from kronika.pipeline.read import read_batch
from kronika.pipeline.rows import BatchRows
from kronika.store.layout import Layout

REPO = Path(__file__).resolve().parents[1]
RUN_ID = "20260101T000000Z-0a0b0c"
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
TABLES = ("mentions", "quotes", "events")
Rows = dict[tuple[str, str], list[str]]  # (table, article_id) -> its rows as sorted JSON


def read_sample(inbox: Path, out: Path) -> BatchRows:
    """The articles and sentences of `inbox`, read as one batch (no extraction)."""
    limits = Limits()
    layout = Layout.at(out)
    rows = BatchRows(RUN_ID, NOW, limits.max_seconds_per_article)
    for batch in plan_run([inbox], layout, RUN_ID, 10_000, limits).batches:
        read_batch(rows, batch, layout, limits)
    return rows


def extract(sample: BatchRows, articles: list[dict]) -> Rows:
    """Every extractor's rows for `articles`, extracted together in this order."""
    rows = BatchRows(RUN_ID, NOW, sample.seconds_per_article)
    ids = {a["article_id"] for a in articles}
    rows.articles = [dict(a) for a in articles]
    rows.sentences = [dict(s) for s in sample.sentences if s["article_id"] in ids]
    extract_batch(rows, Limits())
    assert not rows.rejects, rows.rejects
    found: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for table, table_rows in rows.extracted.items():
        for row in table_rows:
            found[table, row["article_id"]].append(json.dumps(row, sort_keys=True, default=str))
    return {key: sorted(value) for key, value in found.items()}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BatchRows:
    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copytree(REPO / "raw", inbox / "raw")
    first = json.loads((REPO / "raw" / "en" / "wikinews.jsonl").read_text("utf-8").splitlines()[0])
    assert first.get("published_at")
    twin = {k: v for k, v in first.items() if k != "published_at"}
    twin |= {"url": "https://x.org/twin", "text": first["text"] + "\n\nThe report was updated."}
    (inbox / "twin.jsonl").write_text(json.dumps(twin, ensure_ascii=False) + "\n", "utf-8")
    return read_sample(inbox, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def together(sample: BatchRows) -> Rows:
    return extract(sample, sample.articles)


def test_sample_has_quotes_events_and_a_dateless_twin(sample: BatchRows, together: Rows) -> None:
    assert len(sample.articles) == 18
    assert sum(p is None for p in (a["published_at"] for a in sample.articles)) >= 1
    counts = {t: sum(len(v) for (table, _), v in together.items() if table == t) for t in TABLES}
    assert counts["quotes"] > 10 and counts["events"] > 10, counts


def test_each_article_alone_gives_the_same_rows(sample: BatchRows, together: Rows) -> None:
    for article in sample.articles:
        alone = extract(sample, [article])
        for table in TABLES:
            key = (table, article["article_id"])
            assert alone.get(key, []) == together.get(key, []), key


def test_reverse_order_gives_the_same_rows(sample: BatchRows, together: Rows) -> None:
    assert extract(sample, list(reversed(sample.articles))) == together


def test_another_process_with_another_hash_seed_gives_the_same_rows(
    sample: BatchRows, together: Rows, tmp_path: Path
) -> None:
    """As a spawned worker would: a fresh interpreter, other set and dict-of-str orders."""
    dumped = tmp_path / "sample.json"
    dumped.write_text(
        json.dumps({"articles": sample.articles, "sentences": sample.sentences}, default=str)
    )
    script = (
        "import json, sys, datetime as dt\n"
        "from tests.test_extract_neighbours import BatchRows, extract, NOW, RUN_ID\n"
        "data = json.load(open(sys.argv[1]))\n"
        "for a in data['articles']:\n"
        "    for k in ('published_at', 'ingested_at'):\n"
        "        a[k] = a[k] and dt.datetime.fromisoformat(a[k])\n"
        "sample = BatchRows(RUN_ID, NOW)\n"
        "sample.articles, sample.sentences = data['articles'], data['sentences']\n"
        "found = extract(sample, sample.articles)\n"
        "print(json.dumps([[list(k), v] for k, v in sorted(found.items())]))\n"
    )
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    done = subprocess.run(
        [sys.executable, "-c", script, str(dumped)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": seed},
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    other = {tuple(k): v for k, v in json.loads(done.stdout.splitlines()[-1])}
    assert other == together
