"""Lexicon forms and the rule components, on hand-built inputs (no trained model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kronika.nlp.components import EntFix, LemmaFix, label_memory
from kronika.nlp.data import _map_iob, is_val_doc
from kronika.nlp.lexicon import Entry, lv_forms


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Tokija", "Tokijā"),
        ("Japāna", "Japānas"),
        ("Vīne", "Vīnē"),
        ("Ņujorka", "Ņujorkā"),
        ("Kipra", "Kiprai"),
        ("Eiropas Savienība", "Eiropas Savienībā"),
        ("NATO", "NATO"),
    ],
)
def test_nlp_lv_forms(name: str, form: str) -> None:
    assert form in lv_forms(name)


def test_nlp_val_split_is_deterministic_and_by_document() -> None:
    ids = [f"p{i}" for i in range(2000)]
    share = sum(is_val_doc("lv", d) for d in ids) / len(ids)
    assert 0.07 < share < 0.13
    assert [is_val_doc("lv", d) for d in ids] == [is_val_doc("lv", d) for d in ids]


def test_nlp_map_iob_drops_time_and_repairs() -> None:
    tags = ["B-time", "I-time", "B-person", "I-person", "O", "B-location"]
    assert _map_iob(tags, "lv") == ["O", "O", "B-PER", "I-PER", "O", "B-LOC"]


def _doc(nlp: spacy.Language, text: str, ents: list[tuple[int, int, str]], pos: list[str]) -> Doc:
    doc = nlp.make_doc(text)
    for tok, p in zip(doc, pos, strict=True):
        tok.pos_ = p
    doc.ents = [Span(doc, s, e, label) for s, e, label in ents]
    return doc


def test_nlp_ent_fix_relabel_ruler_and_capitals() -> None:
    nlp = spacy.blank("lv")
    fix = EntFix(nlp, "fix")
    entries = [Entry(f, "GPE", "Tokija", "t") for f in lv_forms("Tokija")]
    entries += [Entry("NATO", "ORG", "NATO", "t")]
    fix.set_tables(entries, {"Daugava": "LOC"})
    doc = _doc(
        nlp,
        "NATO birojs Tokijā pie upes Daugava un valdība",
        [(2, 3, "PER"), (5, 6, "PER"), (7, 8, "ORG")],
        ["X"] * 8,
    )
    out = fix(doc)
    # Tokijā relabelled by the gazetteer, Daugava by the memory, NATO added by the ruler,
    # the lower-case "valdība" dropped by the capitalisation filter.
    assert [(e.text, e.label_) for e in out.ents] == [
        ("NATO", "ORG"),
        ("Tokijā", "GPE"),
        ("Daugava", "LOC"),
    ]


def test_nlp_lemma_fix_keeps_capitals() -> None:
    nlp = spacy.blank("lv")
    fix = LemmaFix(nlp, "lemma")
    fix.set_entries([Entry(f, "GPE", "Tokija", "t") for f in lv_forms("Tokija")])
    doc = _doc(nlp, "Tokijā Stoltenbergs Japānas", [], ["PROPN"] * 3)
    for tok, trained in zip(doc, ["tokija", "stoltenbergs", "japāna"], strict=True):
        tok.lemma_ = trained
    assert [t.lemma_ for t in fix(doc)] == ["Tokija", "Stoltenbergs", "Japāna"]


def test_nlp_label_memory_keeps_unambiguous_names() -> None:
    nlp = spacy.blank("lv")
    docs = []
    for label in ("GPE", "GPE", "LOC"):
        docs.append(_doc(nlp, "Latvija un Eiropa", [(0, 1, "GPE"), (2, 3, label)], ["X"] * 3))
    assert label_memory(docs) == {"Latvija": "GPE"}
