"""Scoring of the event coder (kronika.evaluate.events) on hand-made gold: the crosswalk, the
trigger/type/precision counts, role head matching and the PLOVER markup reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kronika.evaluate.events import (
    OLD_CATEGORIES,
    Tally,
    _score_en,
    _summary,
    crosswalk_type,
    load_crosswalk,
    parse_markup,
    score_lv_doc,
)
from schemas.events import PLOVER_TYPES

GOLD = json.loads((Path(__file__).parent / "data" / "events_eval_gold.json").read_text("utf-8"))


def _row(start: int, end: int, ptype: str, **roles: tuple[int, int] | None) -> dict:
    row = {"trigger_start": start, "trigger_end": end, "plover_type": ptype}
    for role in ("actor", "target", "location", "date"):
        span = roles.get(role)
        row[f"{role}_start"], row[f"{role}_end"] = span if span else (None, None)
    return row


def test_crosswalk_rows_are_plover_types_and_lemma_rows_override() -> None:
    table = load_crosswalk()
    assert set(table.values()) <= set(PLOVER_TYPES) - {"OTHER"}
    assert crosswalk_type("Meet_with", "tikties", table) == "CONSULT"
    assert crosswalk_type("Respond_to_proposal", "noraidīt", table) == "REJECT"
    assert crosswalk_type("Respond_to_proposal", "pieņemt", table) == "AGREE"
    assert crosswalk_type("Respond_to_proposal", "ignorēt", table) is None
    assert crosswalk_type("Statement", "sacīt", table) is None
    assert set(OLD_CATEGORIES.values()) <= set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # right trigger, type and both roles (head of the actor, evidence inside the target)
        ([_row(9, 14, "CONSULT", actor=(0, 8), target=(18, 22))],
         {"recall": 1.0, "type_accuracy": 1.0, "precision": 1.0, "actor_accuracy": 1.0,
          "target_accuracy": 1.0}),
        # wrong type; null actor; a trigger on an unannotated frame-free word counts neither way
        ([_row(9, 14, "AGREE"), _row(0, 8, "PROTEST")],
         {"recall": 1.0, "type_accuracy": 0.0, "precision": 0.0, "actor_accuracy": 0.0}),
        # a trigger on a non-crosswalked frame target is a wrong prediction; nothing matched
        ([_row(29, 35, "REQUEST")],
         {"recall": 0.0, "predicted_on_frames": 1, "precision": 0.0}),
        ([], {"recall": 0.0, "predicted_on_frames": 0, "precision": 0.0}),
    ],
)  # fmt: skip
def test_lv_scoring(rows: list[dict], expected: dict) -> None:
    tally = Tally()
    score_lv_doc(GOLD["lv"], rows, load_crosswalk(), tally)
    summary = _summary(tally)
    assert summary["gold_targets"] == 1
    for key, value in expected.items():
        assert summary[key] == value, key


def test_markup_words_found_in_the_text() -> None:
    rec = GOLD["en"]
    spans = parse_markup(rec["text"], rec["markup"])
    text = rec["text"]
    assert [text[a:b] for a, b in spans["EVT"]] == ["agreed", "cooperate"]
    assert [text[a:b] for a, b in spans["SRC"]] == ["officials"]
    assert [text[a:b] for a, b in spans["TAR"]] == ["their countries"]
    both = parse_markup("Hungary and Romania met.", "(SRC/TAR: Hungary) and Romania (EVT: met).")
    assert both["SRC"] == both["TAR"] == [(0, 7)]
    drifted = parse_markup("They launched an investigation.", "(EVT: launched investigation)")
    assert drifted["EVT"] == [(5, 13), (17, 30)]


def test_en_scoring_per_sentence() -> None:
    rec = GOLD["en"]
    gold = {"text": rec["text"], "type": OLD_CATEGORIES[rec["event"]],
            "spans": parse_markup(rec["text"], rec["markup"])}  # fmt: skip
    agreed = rec["text"].index("agreed")
    hit = _row(agreed, agreed + 6, "ACCUSE", actor=(7, 16), target=(0, 6))
    miss = _row(0, 6, "ACCUSE")
    scores = _score_en([gold, gold], [[hit], [miss]])
    assert (scores["recall"], scores["type_accuracy"]) == (0.5, 1.0)
    assert (scores["actor_accuracy"], scores["target_accuracy"]) == (1.0, 0.0)
