"""The pipeline split and the extractor registry (issue 14) changed no row: the seed article's
article and sentence rows equal those `kronika run` wrote before the split, and its mention
rows are exactly what the mentions extractor returns, plus the provenance the registry fills.

Mentions are compared with the extractor called directly (not with a frozen copy) so that
better NER rules do not break this test; what it guards is the plumbing around them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from kronika.extract.mentions import EXTRACTOR, extract_mentions
from kronika.ingest.readers import Limits
from kronika.nlp import annotate, load_pipeline
from kronika.pipeline.batch import process_batch
from kronika.pipeline.plan import plan_run
from kronika.pipeline.rows import new_run_id
from kronika.store.layout import Layout
from kronika.store.parquet import read_table

REPO = Path(__file__).resolve().parents[1]
SEED = Path("raw/lv/nato-tokyo.txt")
BEFORE = json.loads((REPO / "tests/data/seed_rows_before_split.json").read_text("utf-8"))

pytestmark = pytest.mark.skipif(load_pipeline("lv") is None, reason="no lv model shipped")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Layout, str]:
    work = tmp_path_factory.mktemp("work")
    (work / SEED).parent.mkdir(parents=True)
    for path in (SEED, SEED.with_suffix(".json")):  # the text and its metadata sidecar
        shutil.copyfile(REPO / path, work / path)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)  # as `kronika run raw` saw it: input_uri raw/lv/nato-tokyo.txt
        layout = Layout.at(work / "out")
        plan = plan_run([Path("raw")], layout, new_run_id(), 500, Limits())
        [batch] = plan.batches
        process_batch(layout, batch, plan.run_id, Limits())
    return layout, plan.run_id


def test_seed_article_row_is_unchanged(written: tuple[Layout, str]) -> None:
    layout, run_id = written
    [row] = read_table(layout, "articles").to_dicts()
    assert row.pop("run_id") == run_id
    row.pop("ingested_at")
    assert row.pop("text") == (REPO / SEED).read_text("utf-8").strip()
    assert row == BEFORE["article"]


def test_seed_sentence_rows_are_unchanged(written: tuple[Layout, str]) -> None:
    layout, _ = written
    sentences = read_table(layout, "sentences").sort("sentence_idx")
    assert sentences.select("sentence_idx", "start", "end").rows() == [
        tuple(s) for s in BEFORE["sentences"]
    ]


def test_seed_mentions_are_the_extractor_rows_plus_registry_provenance(
    written: tuple[Layout, str],
) -> None:
    layout, run_id = written
    article = BEFORE["article"]
    text = (REPO / SEED).read_text("utf-8").strip()
    starts = [start for _, start, _ in BEFORE["sentences"]]
    direct = extract_mentions(annotate([text], "lv")[0], article["article_id"], text, "lv", starts)
    expected = pl.DataFrame(direct).with_columns(pl.lit(run_id).alias("run_id"))
    got = read_table(layout, "mentions")
    assert got.height == len(direct) > 0
    assert (
        got.sort("start", "end").select(expected.columns).to_dicts()
        == expected.sort("start", "end").to_dicts()
    )
    # The registry's provenance is the extractor's own (the version names the model since
    # pipelines became pluggable: "0.1.0+lv_kronika@0.1.0" where it was "0.1.0").
    assert (
        set(got["extractor"]) == {EXTRACTOR} == {name for name, _ in BEFORE["mention_provenance"]}
    )
    assert set(got["extractor_version"]) == {row["extractor_version"] for row in direct}
