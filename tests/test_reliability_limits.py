"""Issue 6: resource limits. An article over the size limit or the time budget becomes a reject
(`too_large` / `timeout`) and the batch goes on; plain-function tests, no Prefect."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from pathlib import Path

import pytest

import kronika.extract.registry as registry
import kronika.nlp as nlp_module
import kronika.pipeline.read as read_step
from kronika.extract.base import AnnotatedArticle, Extractor
from kronika.ingest.budget import BudgetExceeded, time_budget
from kronika.ingest.readers import Limits
from kronika.pipeline.batch import process_batch
from kronika.pipeline.plan import plan_run
from kronika.pipeline.rows import new_run_id
from kronika.store.layout import Layout
from kronika.store.parquet import read_table

BUDGET = 0.5
SLEEP_FOREVER = 3600


def write_jsonl(path: Path, texts: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"text": t, "lang": "lv", "url": f"https://x.lv/{i}"})
        for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_batches(inputs: Path, out: Path, limits: Limits, extract: bool = True) -> Layout:
    layout = Layout.at(out)
    plan = plan_run([inputs], layout, new_run_id(), batch_size=100, limits=limits)
    for batch in plan.batches:
        process_batch(layout, batch, plan.run_id, limits, extract=extract)
    return layout


def outcome(layout: Layout) -> dict[int, str]:
    found = {i: "article" for i in read_table(layout, "articles")["record_index"]}
    rejects = read_table(layout, "rejects")
    found.update(zip(rejects["record_index"], rejects["reason"], strict=True))
    return found


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'model' whose annotation or extraction hangs or fails on marked articles."""

    def annotate(texts: list[str], lang: str, batch_size: int = 64) -> list[str]:
        if any("STUCK-ANNOTATE" in t for t in texts):
            time.sleep(SLEEP_FOREVER)
        if any("BROKEN-ANNOTATE" in t for t in texts):
            raise RuntimeError("tokenizer exploded")
        return list(texts)  # the "Doc" is the text itself

    def extract(article: AnnotatedArticle) -> list[dict]:
        if "STUCK-EXTRACT" in article.text:
            while True:  # a pure-Python endless loop, not just a sleep
                pass
        if "BROKEN-EXTRACT" in article.text:
            raise ValueError("bad span")
        return []

    monkeypatch.setattr(nlp_module, "load_pipeline", lambda lang: object())
    monkeypatch.setattr(nlp_module, "annotate", annotate)
    # The pipeline runs whatever is registered: here one extractor that hangs or fails.
    monkeypatch.setattr(registry, "EXTRACTORS", [Extractor("fake.v1", "0", "mentions", extract)])


@pytest.mark.usefixtures("fake_nlp")
def test_stuck_and_failing_extractors_become_rejects_and_the_batch_finishes(tmp_path: Path) -> None:
    texts = [
        "Pirmais labais raksts.",
        "Šis raksts iestrēgst anotācijā. STUCK-ANNOTATE",
        "Šis raksts iestrēgst ekstrakcijā. STUCK-EXTRACT",
        "Šis raksts salauž anotāciju. BROKEN-ANNOTATE",
        "Šis raksts salauž ekstrakciju. BROKEN-EXTRACT",
        "Otrais labais raksts.",
    ]
    inputs = write_jsonl(tmp_path / "in" / "a.jsonl", texts)
    began = time.monotonic()
    layout = run_batches(inputs, tmp_path / "out", Limits(max_seconds_per_article=BUDGET))
    elapsed = time.monotonic() - began
    assert outcome(layout) == {
        0: "article",
        1: "timeout",
        2: "timeout",
        3: "processing_error",
        4: "processing_error",
        5: "article",
    }
    # batch budget (6 x 0.5 s) + the stuck article alone (0.5 s) + the stuck extraction (0.5 s)
    assert elapsed < 20, elapsed
    rejects = read_table(layout, "rejects")
    messages = dict(zip(rejects["record_index"], rejects["message"], strict=True))
    assert "annotation" in messages[1] and "budget" in messages[1]
    assert "extraction" in messages[2] and "budget" in messages[2]
    assert "RuntimeError" in messages[3] and "ValueError" in messages[4]
    sentences = read_table(layout, "sentences")
    assert set(sentences["article_id"]) == set(read_table(layout, "articles")["article_id"])


def test_slow_ingest_step_is_a_timeout_reject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The budget also covers normalisation, language id and sentence splitting."""
    real_split = read_step.split_sentences

    def split_sentences(text: str) -> list[tuple[int, int]]:
        if "PATHOLOGICAL" in text:
            time.sleep(SLEEP_FOREVER)
        return real_split(text)

    monkeypatch.setattr(read_step, "split_sentences", split_sentences)
    inputs = write_jsonl(
        tmp_path / "in" / "a.jsonl", ["Labs.", "PATHOLOGICAL teksts.", "Arī labs."]
    )
    layout = run_batches(inputs, tmp_path / "out", Limits(max_seconds_per_article=BUDGET), False)
    assert outcome(layout) == {0: "article", 1: "timeout", 2: "article"}
    assert read_table(layout, "sentences").height == 2  # nothing of the interrupted article


def test_record_size_limit_is_a_too_large_reject(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "big.txt").write_text("Liels. " * 200)
    (inputs / "small.txt").write_text("Mazs.")
    write_jsonl(inputs / "lines.jsonl", ["Īsa rinda.", "Gara rinda. " * 100])
    layout = run_batches(inputs, tmp_path / "out", Limits(max_record_bytes=1000), extract=False)
    rejects = read_table(layout, "rejects")
    assert sorted(
        zip(rejects["input_uri"], rejects["record_index"], rejects["reason"], strict=True)
    ) == [
        ("in/big.txt", 0, "too_large"),
        ("in/lines.jsonl", 1, "too_large"),
    ]
    assert read_table(layout, "articles").height == 2


def test_time_budget_interrupts_only_the_main_thread() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.2) as enforced:
        assert enforced
        time.sleep(SLEEP_FOREVER)
    result = {}

    def worker() -> None:
        with time_budget(0.01) as enforced:
            time.sleep(0.05)
        result["enforced"] = enforced

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert result == {"enforced": False}  # off the main thread: measured afterwards instead
    with time_budget(5) as enforced:  # a finished block leaves no timer behind
        pass
    time.sleep(0.01)


def test_budget_exceeded_is_not_swallowed_by_except_exception() -> None:
    def careless() -> None:
        with contextlib.suppress(Exception):  # third-party code that swallows everything
            time.sleep(SLEEP_FOREVER)

    with pytest.raises(BudgetExceeded), time_budget(0.2):
        careless()
