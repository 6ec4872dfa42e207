"""Batches in worker processes write the same rows as one process (kronika.pipeline.parallel).

Plain-function tests, no Prefect: the same plan (same run id) is processed once batch by batch
in this process and once with a pool of 2 workers, then every table's rows are compared.
Only clock columns may differ: `ingested_at` (when a batch was read) and the entities'
first/last seen, which fall back to it for articles without a publication date.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from kronika.ingest.readers import Limits
from kronika.pipeline.batch import process_batch
from kronika.pipeline.finalise import finalise
from kronika.pipeline.parallel import process_batches_parallel
from kronika.pipeline.plan import plan_run
from kronika.pipeline.rows import new_run_id
from kronika.store.layout import Layout
from kronika.store.parquet import read_table
from schemas import TABLES

REPO = Path(__file__).resolve().parents[1]
# Differ legitimately between two runs of the same plan: when each batch was read, and the
# entities' first/last seen = min/max of coalesce(published_at, ingested_at).
CLOCK_COLUMNS = ("ingested_at", "first_seen", "last_seen")
TABLES_COMPARED = [t for t in TABLES if t != "runs"]


def inbox_with_duplicates(tmp_path: Path) -> Path:
    """The bundled sample plus copies: an exact duplicate and a same-uri record in later files."""
    inbox = tmp_path / "inbox"
    shutil.copytree(REPO / "raw", inbox)
    lines = (REPO / "raw" / "lv" / "fullstack-news.jsonl").read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    extra = [
        first,  # the same text again: a same_text duplicate, batches later
        {"text": "Rīgā šodien sniga. Tas bija negaidīti.", "lang": "lv", "uri": "https://x.lv/a"},
        {"text": "Cits teksts ar to pašu adresi. Jelgavā lija.", "uri": "https://x.lv/a"},
    ]
    (inbox / "zz-more.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in extra) + "\n", encoding="utf-8"
    )
    return inbox


def run_both(
    inbox: Path, tmp_path: Path, batch_size: int, start: str = "spawn", **parallel: int
) -> tuple:
    limits = Limits()
    run_id = new_run_id()
    outs = []
    for name, workers in (("one", 1), ("two", 2)):
        layout = Layout.at(tmp_path / name)
        plan = plan_run([inbox], layout, run_id, batch_size, limits)
        assert len(plan.batches) >= 4
        if workers == 1:
            results = [process_batch(layout, b, run_id, limits) for b in plan.batches]
        else:
            results = process_batches_parallel(
                layout, plan.batches, run_id, limits, workers, start_method=start, **parallel
            )
        run = {
            "run_id": run_id,
            "started_at": dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
            "finished_at": dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
            "code_version": "test",
            "model_versions": {},
            "inputs": sum(r.inputs for r in results),
            "skipped_files": 0,
            "articles": 0,
            "duplicates": 0,
            "rejects": 0,
            "rows": {},
            "timings": {},
        }
        outs.append((layout, results, run))
    return outs


def part_names(layout: Layout) -> list[str]:
    return sorted(p.relative_to(layout.out).as_posix() for p in layout.out.rglob("*.parquet"))


def table_rows(layout: Layout, table: str) -> pl.DataFrame:
    frame = read_table(layout, table).drop(CLOCK_COLUMNS, strict=False)
    return frame.sort(frame.columns)


@pytest.mark.parametrize("part_articles", [32, 1], ids=["one-part-per-worker", "many-parts"])
def test_two_workers_write_the_same_rows_as_one(tmp_path: Path, part_articles: int) -> None:
    # part_articles=1 cuts each batch into more parts than workers (free workers pick them up)
    (one, one_results, _), (two, two_results, _) = run_both(
        inbox_with_duplicates(tmp_path), tmp_path, batch_size=4, part_articles=part_articles
    )
    assert [r.batch_id for r in one_results] == [r.batch_id for r in two_results]
    assert [r.rows for r in one_results] == [r.rows for r in two_results]
    for table in ("articles", "sentences", "mentions", "duplicates", "rejects"):
        left, right = table_rows(one, table), table_rows(two, table)
        assert left.height == right.height, table
        assert left.equals(right), table
    assert table_rows(one, "mentions").height > 50
    reasons = set(table_rows(one, "duplicates")["reason"])
    assert reasons == {"same_text", "same_id"}
    # Parts and manifest fragments have the same names: resume and clean-up work the same.
    assert part_names(one) == part_names(two)
    for name in part_names(one):  # rows in the same order too, part by part
        left = pl.read_parquet(one.out / name).drop(CLOCK_COLUMNS, strict=False)
        assert left.equals(pl.read_parquet(two.out / name).drop(CLOCK_COLUMNS, strict=False)), name
    assert sorted(p.name for p in one.batches.iterdir()) == sorted(
        p.name for p in two.batches.iterdir()
    )
    stages = set().union(*(r.seconds for r in two_results))
    assert {"ingest", "annotate", "extract", "validate", "write"} <= stages


def test_entities_after_finalise_are_the_same(tmp_path: Path) -> None:
    outs = run_both(inbox_with_duplicates(tmp_path), tmp_path, batch_size=5)
    for layout, _, run in outs:
        finalise(layout, run, changed=True)
    (one, _, _), (two, _, _) = outs
    for table in TABLES_COMPARED:
        assert table_rows(one, table).equals(table_rows(two, table)), table


def test_article_demoted_in_a_worker_is_not_seen_by_batches_read_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article whose extraction fails is a reject; a later record with its uri is then a
    new article (as in a one-worker run), not a duplicate of the reject, although it was read
    before the failure was known. Workers are forked so that they share the patch."""
    import kronika.extract.registry as registry
    from kronika.extract.base import Extractor

    original = registry.EXTRACTORS[0]

    def failing(article):  # the first of two records with the same uri breaks its extractor
        if "SPRĀGST" in article.text:
            raise RuntimeError("broken on purpose")
        return original.extract(article)

    monkeypatch.setattr(
        registry,
        "EXTRACTORS",
        [Extractor(original.name, original.version, original.table, failing, original.langs)],
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    records = [
        {"text": f"Rīgā šodien sniga {i}. reizi. Tas bija negaidīti.", "uri": f"https://x.lv/{i}"}
        for i in range(12)
    ]
    records[1] = {"text": "Valmierā SPRĀGST katls. Cietušo nav.", "uri": "https://x.lv/same"}
    # Batch 2 is read while batch 1 is still being annotated: it is read again after the
    # failure. Record 9 is read later, against what is committed.
    records[3] = {"text": "Valmierā katls salabots. Viss kārtībā.", "uri": "https://x.lv/same"}
    records[9] = {"text": "Valmierā katls atkal strādā. Prieks.", "uri": "https://x.lv/same"}
    (inbox / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    (one, _, _), (two, _, _) = run_both(inbox, tmp_path, batch_size=2, start="fork")
    for table in ("articles", "sentences", "mentions", "duplicates", "rejects"):
        assert table_rows(one, table).equals(table_rows(two, table)), table
    rejects = table_rows(two, "rejects")
    assert rejects["record_index"].to_list() == [1]
    assert table_rows(two, "duplicates")["record_index"].to_list() == [9]
    assert 3 in table_rows(two, "articles")["record_index"].to_list()
