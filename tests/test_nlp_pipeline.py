"""The shipped pipelines load from models/ and annotate the Latvian seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kronika.labels import KRONIKA_LABELS
from kronika.nlp import SUPPORTED_LANGS, annotate, load_pipeline, model_versions

# The seed article as bundled in the repository (identical to the corpora's raw/seed copy).
SEED = Path(__file__).resolve().parents[1] / "raw" / "lv" / "nato-tokyo.txt"


@pytest.fixture(scope="module")
def seed_doc():
    text = SEED.read_text(encoding="utf-8")
    [doc] = annotate([text], "lv")
    return doc


def test_nlp_models_are_shipped() -> None:
    versions = model_versions()
    assert set(versions) == set(SUPPORTED_LANGS)
    assert all("@" in v for v in versions.values())
    assert load_pipeline("lv") is load_pipeline("lv")  # cached per process
    assert load_pipeline("xx") is None


def test_nlp_seed_text_unchanged_and_labels(seed_doc) -> None:
    assert seed_doc.text == SEED.read_text(encoding="utf-8")
    assert {e.label_ for e in seed_doc.ents} <= set(KRONIKA_LABELS)


def test_nlp_seed_entities(seed_doc) -> None:
    ents = {(e.text, e.label_) for e in seed_doc.ents}
    assert ("NATO", "ORG") in ents
    gpes = {t for t, label in ents if label == "GPE"}
    assert {"Tokijā", "Japānā"} & gpes
    assert any("Stoltenbergs" in t and label == "PER" for t, label in ents)


def test_nlp_seed_lemmas_keep_capitals(seed_doc) -> None:
    lemmas = {t.text: t.lemma_ for t in seed_doc}
    assert lemmas["Tokijā"] == "Tokija"
    assert lemmas["Stoltenbergs"] == "Stoltenbergs"
    assert lemmas["Japānas"] == "Japāna"


def test_nlp_seed_sentences_and_morphology(seed_doc) -> None:
    sents = list(seed_doc.sents)
    assert 15 <= len(sents) <= 40
    tokija = next(t for t in seed_doc if t.text == "Tokijā")
    assert tokija.morph.get("Case") == ["Loc"]
    ordinal = next(t for t in seed_doc if t.text.startswith("2014"))
    assert ordinal.text == "2014."  # Latvian ordinal is one token, as in LVTB


def test_nlp_english_pipeline() -> None:
    [doc] = annotate(["NATO Secretary General Jens Stoltenberg visited Tokyo on Monday."], "en")
    ents = {(e.text, e.label_) for e in doc.ents}
    # GUM-style spans include titles; the label of that span is not reliable (see
    # docs/quality.md: the English NER misses its target), so only the span is checked.
    assert any("Stoltenberg" in t for t, _ in ents)
    assert ("Tokyo", "GPE") in ents  # GUM `place` -> GPE through the lexicon


def test_nlp_annotate_long_text() -> None:
    nlp = load_pipeline("lv")
    saved = nlp.max_length
    nlp.max_length = 1000  # a text longer than the limit must still be annotated
    try:
        text = "Rīga ir Latvijas galvaspilsēta. " * 100
        [doc] = annotate([text], "lv", batch_size=1)
    finally:
        nlp.max_length = saved
    assert doc.text == text
    assert sum(e.text == "Rīga" for e in doc.ents) >= 90
