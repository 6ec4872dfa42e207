"""`kronika eval --write-docs` rewrites only the generated block of docs/quality.md: the
hand-written sections (Quotes, Events, the English and Latvian reports) must survive."""

from __future__ import annotations

import json

import pytest

from kronika.nlp.quality import END, START, _load_note, write_docs


def _quality(tokens_per_s: int, load: list | None) -> dict:
    split = {
        "n_docs": 2,
        "n_gold_entities": 3,
        "ner_exact_f1": 0.5,
        "ner_head_f1": 0.6,
        "ner_overlap_f1": 0.7,
        "sentence_start_f1": 0.9,
    }
    bench = {
        "tokens_per_s": tokens_per_s,
        "tokens": 100,
        "docs": 2,
        "cpu_seconds": 0.1,
        "tokens_per_wall_s": tokens_per_s - 1,
        "component_seconds_tokenizer_plus": {"ner": 0.05},
        "cpu_count": 2,
    }
    if load is not None:
        bench["load_average_before_after"] = load
    per_label = {"PER": {"p": 0.5, "r": 0.5, "f1": 0.5, "tp": 1, "fn": 1}}
    return {
        "lv": {
            "model": "lv_test@0",
            "splits": {"val": split, "udev": split},
            "reports": {
                "val": {"ner": {"exact": {"per_label": per_label}}},
                "udev": {"ner": {"exact": {"per_label": per_label}}},
            },
            "bench": bench,
            "targets": {"tokens_per_s": {"target": 5, "value": tokens_per_s, "met": True}},
        }
    }


HAND = "# Quality\n\nIntro.\n\n{start}\nold table\n{end}\n\n## Quotes (issue 10)\n\nF1 0.699\n"


@pytest.mark.parametrize(
    ("load", "note"),
    [
        ([[1.5, 1.0, 1.0], [2.0, 1.0, 1.0]], "1-min load average 1.5 -> 2.0 on 2 cores"),
        (None, None),
    ],
)
def test_write_docs_keeps_hand_sections_and_replaces_block(tmp_path, load, note):
    (tmp_path / "quality.md").write_text(HAND.format(start=START, end=END), encoding="utf-8")
    write_docs(_quality(7425, load), tmp_path)
    text = (tmp_path / "quality.md").read_text(encoding="utf-8")
    assert "old table" not in text
    assert "**7425 tokens per CPU-second**" in text
    assert text.startswith("# Quality\n\nIntro.\n\n" + START)
    assert text.endswith(END + "\n\n## Quotes (issue 10)\n\nF1 0.699\n")
    assert text.count(START) == 1 and text.count(END) == 1
    assert ("load average" in text) == (note is not None)
    if note:
        assert note in text
    data = json.loads((tmp_path / "quality.json").read_text(encoding="utf-8"))
    assert "reports" not in data["lv"] and data["lv"]["per_label_exact"]["PER"]["f1"] == 0.5


def test_load_note_empty_without_load():
    assert _load_note({}) == ""
    assert _load_note({"load_average_before_after": [[1, 2, 3], [4, 5, 6]]}) == (
        "; 1-min load average 1 -> 4"
    )
