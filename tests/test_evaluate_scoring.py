"""Scoring on a tiny hand-made gold file with a rule pipeline whose output is known."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kronika.evaluate.baseline import Baseline
from kronika.evaluate.gold import load_gold
from kronika.evaluate.ner import PredEntity, score
from kronika.evaluate.run import evaluate
from kronika.nlp.components import customise_tokenizer
from kronika.nlp.lexicon import Entry, lv_forms

TINY = Path(__file__).parent / "data" / "nlp" / "tiny-lv.jsonl"


@pytest.fixture(scope="module")
def stub_nlp() -> spacy.Language:
    """Blank lv + sentencizer + entity ruler: 3 exact hits, 1 partial, 1 wrong label."""
    nlp = spacy.blank("lv")
    customise_tokenizer(nlp)
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "ORG", "pattern": "NATO"},
            {"label": "GPE", "pattern": "Tokijā"},
            {"label": "PER", "pattern": "Stoltenbergs"},
            {"label": "LOC", "pattern": "Rīgā"},
            {"label": "LOC", "pattern": "Daugavas"},
        ]
    )
    return nlp


def test_evaluate_gold_mapping_filters() -> None:
    docs = load_gold([TINY], lang="lv", genres=["news"])
    assert [d.doc_id for d in docs] == ["t1-p1", "t2-p1"]
    # time is not a Kronika entity and nested entities are not scored
    assert [e.label for e in docs[1].entities] == ["GPE", "LOC"]
    assert len(docs[0].entities) == 4


def test_evaluate_known_numbers(stub_nlp: spacy.Language) -> None:
    report = evaluate(stub_nlp, "lv", gold=[TINY], genres=["news"], ablation=False)
    assert report["n_docs"] == 2 and report["n_gold_entities"] == 6
    exact, overlap = report["ner"]["exact"], report["ner"]["overlap"]
    assert exact["micro"] == {"p": 0.6, "r": 0.5, "f1": 0.5455, "tp": 3, "fp": 2, "fn": 3}
    assert overlap["micro"]["tp"] == 4 and overlap["micro"]["f1"] == 0.7273
    assert exact["per_label"]["GPE"]["r"] == 0.3333
    assert exact["per_label"]["LOC"] == {
        "p": 0.5,
        "r": 1.0,
        "f1": 0.6667,
        "tp": 1,
        "fp": 1,
        "fn": 0,
    }
    assert report["sentences"]["f1"] == 1.0  # "2024." is one token: no false split


def test_evaluate_head_matching_uses_gold_heads() -> None:
    gold = load_gold([TINY], lang="lv")[0].entities
    from kronika.evaluate.gold import GoldEntity

    headed = [GoldEntity(27, 45, "PER", 33, 45)]
    pred = [PredEntity(33, 45, "PER", 33, 45)]
    res = score([(pred, headed)], ["PER"])
    assert res["head"]["micro"]["tp"] == 1 and res["exact"]["micro"]["tp"] == 0
    assert gold[0].label == "ORG"


def test_evaluate_baseline_caps_and_gazetteer() -> None:
    entries = [Entry(f, "GPE", "Tokija", "test") for f in lv_forms("Tokija")]
    doc = Baseline("lv", entries)("NATO atvērs biroju Tokijā. Jenss Stoltenbergs apmeklēja Japānu.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("NATO", "ORG"),
        ("Tokijā", "GPE"),
        ("Jenss Stoltenbergs", "PER"),
        ("Japānu", "PER"),
    ]
