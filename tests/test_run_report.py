"""What a run shows (issue 15): progress per finished record, a summary in words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kronika.extract.registry as registry
import kronika.nlp as nlp_module
from kronika.extract.base import AnnotatedArticle, Extractor
from kronika.ingest.readers import Limits
from kronika.pipeline.batch import process_batch
from kronika.pipeline.plan import plan_run
from kronika.pipeline.report import ProgressReporter, article_changes, summary_lines
from kronika.pipeline.rows import new_run_id
from kronika.store.layout import Layout


@pytest.mark.parametrize(
    ("written", "removed", "expected"),
    [
        (["a", "b"], [], {"added": 2, "replaced": 0, "removed": 0}),  # first run
        ([], [], {"added": 0, "replaced": 0, "removed": 0}),  # nothing changed
        (["a", "b"], ["a", "b", "c"], {"added": 0, "replaced": 2, "removed": 1}),
        (["a", "d"], ["a"], {"added": 1, "replaced": 1, "removed": 0}),
    ],
)
def test_article_changes(written: list[str], removed: list[str], expected: dict) -> None:
    assert article_changes(written, removed) == expected


def summary(**changes: object) -> dict:
    base = {
        "run_id": "r",
        "n_files": 10,
        "skipped_files": 9,
        "inputs": 3,
        "articles": 1,
        "duplicates": 0,
        "rejects": 2,
        "balanced": True,
        "unsupported_langs": {},
        "removed_stale_rows": 40,
        "rows": {"articles": 1, "sentences": 12, "mentions": 0, "entities": 108},
        "article_changes": {"added": 0, "replaced": 1, "removed": 0},
        "reject_reasons": {"empty": 1, "timeout": 1},
        "seconds": 0.13,
        "wall_seconds": 9.02,
        "startup_seconds": 8.2,
        "out": "/x/output",
    }
    return base | changes


def test_summary_says_what_changed_in_words() -> None:
    lines = dict(summary_lines(summary()))
    assert lines["input files"] == "10 found: 1 read, 9 unchanged (skipped)"
    assert lines["articles"] == "1 replaced"
    assert lines["rows written"] == "articles 1, sentences 12"  # not the rebuilt entities
    assert lines["entities"] == "108 (rebuilt from all mentions)"
    assert lines["time"] == "9.0 s: start-up 8.2 s, work 0.8 s"
    assert not any(re.search(r"\d \(\d+\)", value) for value in lines.values())


def test_summary_names_the_top_reject_reasons() -> None:
    reasons = {"empty": 7, "timeout": 5, "too_large": 4, "bad_json": 3, "not_utf8": 2, "x": 1}
    lines = dict(summary_lines(summary(rejects=22, reject_reasons=reasons)))
    assert lines["rejects"] == (
        "22: empty 7, timeout 5, too_large 4, bad_json 3, not_utf8 2, other 1"
    )
    assert dict(summary_lines(summary(rejects=0, reject_reasons={})))["rejects"] == "0"


def test_summary_of_an_unchanged_rerun() -> None:
    quiet = summary(
        skipped_files=10,
        inputs=0,
        rows={},
        article_changes={"added": 0, "replaced": 0, "removed": 0},
        removed_stale_rows=0,
    )
    lines = dict(summary_lines(quiet))
    assert lines["articles"] == "none changed" and lines["rows written"] == "none"
    assert "entities" not in lines and "rows removed (changed inputs)" not in lines


def test_summary_without_start_up_figure_falls_back_to_the_flow_time() -> None:
    lines = dict(summary_lines(summary(wall_seconds=None, startup_seconds=None)))
    assert lines["time"] == "0.1 s"


# ---------------------------------------------------------------- progress


def write_inputs(folder: Path) -> Path:
    folder.mkdir()
    lines = [
        json.dumps({"text": f"Raksts numur {i}. Otrais teikums.", "lang": "lv"}) for i in range(4)
    ]
    lines.insert(2, '{"text": broken json')
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "b.txt").write_text("Vēl viens raksts.", encoding="utf-8")
    return folder


@pytest.mark.parametrize("extract", [False, True])
def test_progress_advances_once_per_record_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extract: bool
) -> None:
    order: list[str] = []

    def fake_extract(article: AnnotatedArticle) -> list[dict]:
        order.append("extracted")
        return []

    monkeypatch.setattr(nlp_module, "load_pipeline", lambda lang: object())
    monkeypatch.setattr(nlp_module, "annotate", lambda texts, lang, batch_size=64: list(texts))
    monkeypatch.setattr(
        registry, "EXTRACTORS", [Extractor("fake.v1", "0", "mentions", fake_extract)]
    )
    inputs = write_inputs(tmp_path / "in")
    layout = Layout.at(tmp_path / "out")
    plan = plan_run([inputs], layout, new_run_id(), 100, Limits())
    done: list[str] = []

    def on_done(uri: str) -> None:
        done.append(uri)
        order.append("done")

    [batch] = plan.batches
    result = process_batch(layout, batch, plan.run_id, Limits(), extract, on_done)
    assert len(done) == result.inputs == batch.n_records == 6
    assert sorted(set(done)) == ["in/a.jsonl", "in/b.txt"]
    if extract:  # an article counts as done only after its extraction
        assert order.count("extracted") == 5 and order[-1] == "done"
        assert order.index("extracted") < len(order) - 5


def test_progress_reporter_counts_records_and_shows_the_file() -> None:
    reporter = ProgressReporter(3, enabled=False)
    with reporter:
        reporter.record("in/lv/a.jsonl")
        reporter.record("in/lv/a.jsonl")
        task = reporter.progress.tasks[0]
        assert task.completed == 2 and task.description == "a.jsonl"
        reporter.settle(3)
        assert reporter.progress.tasks[0].completed == 3
