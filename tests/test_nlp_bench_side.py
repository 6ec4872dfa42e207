"""`kronika bench nlp` side by side: texts shared among processes that time together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from kronika.nlp.bench import run_processes, side_by_side  # noqa: E402


def _tiny(path: Path, name: str) -> str:
    nlp = spacy.blank("en")
    nlp.add_pipe("morphologizer").add_label("POS=PROPN")
    nlp.add_pipe("parser").add_label("nsubj")
    nlp.add_pipe("ner").add_label("PERSON")
    nlp.initialize()
    nlp.meta["name"] = name
    nlp.to_disk(path)
    return str(path)


def test_processes_share_the_texts_and_count_every_token(tmp_path: Path) -> None:
    texts = tmp_path / "t.jsonl"
    lines = [json.dumps({"text": f"Text number {i} has six tokens."}) for i in range(5)]
    texts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tiny = _tiny(tmp_path / "tiny", "tiny")
    one = run_processes("en", 1, texts, pipeline=tiny)
    two = run_processes("en", 2, texts, pipeline=tiny)
    assert one["tokens"] == two["tokens"] == 5 * 7
    assert (one["docs"], two["docs"], two["processes"]) == (5, 5, 2)
    assert one["model"] == "en_tiny@0.0.0"
    assert two["tokens_per_wall_s"] > 0 and two["tokens_per_cpu_s"] > 0
    other = _tiny(tmp_path / "other", "other")
    result = side_by_side("en", other, (1,), texts)
    assert [r["system"] for r in result["rows"]] == ["kronika", "peer"]
    assert result["rows"][1]["model"] == "en_other@0.0.0"
