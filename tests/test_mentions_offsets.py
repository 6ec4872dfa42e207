"""Mention rows from NER spans: offsets, trimming, role split, schema."""

from __future__ import annotations

import polars as pl
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kronika.extract.mentions import extract_mentions, sentence_index, trim_span
from kronika.link.ids import mention_id
from schemas.mentions import Mention

ARTICLE = "0123456789abcdef"
RUN = "20261128T000000Z-abcdef"
NLP = spacy.blank("lv")
LABELS = ["PER", "ORG", "GPE", "LOC", "EVENT", "PRODUCT", "MISC"]


def _doc(text: str, spans: list[tuple[int, int, str]]):
    doc = NLP(text)
    ents = []
    for s, e, label in spans:
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is not None and len(span) and all(span.start >= x.end for x in ents):
            ents.append(span)
    doc.ents = ents
    return doc


def _validate(rows: list[dict]) -> None:
    df = pl.DataFrame(rows, schema_overrides={"entity_id": pl.String})
    Mention.validate(df.with_columns(pl.lit(RUN).alias("run_id")), lazy=True)


@st.composite
def text_and_spans(draw):
    alphabet = st.sampled_from([*"aāčNATOķ Ž“”\"'().,-\n\t ", "Rīga", "ASV", "Tokijā "])
    text = "".join(draw(st.lists(alphabet, min_size=1, max_size=60)))
    n = len(text)
    cuts = draw(st.lists(st.integers(0, n), max_size=12))
    spans = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        s, e = sorted((a, b))
        if s < e:
            spans.append((s, e, draw(st.sampled_from(LABELS))))
    return text, sorted(spans)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_spans(), st.sampled_from(["lv", "en"]))
def test_mentions_offsets_match_surface(case, lang: str) -> None:
    text, spans = case
    doc = _doc(text, spans)
    rows = extract_mentions(doc, ARTICLE, text, lang, [0])
    for r in rows:
        assert text[r["start"] : r["end"]] == r["surface"]
        assert r["surface"] == r["surface"].strip() and r["start"] < r["end"]
        assert r["mention_id"] == mention_id(ARTICLE, r["start"], r["end"])
        assert r["entity_id"]
    if rows:
        _validate(rows)


def test_mentions_trim_quotes_and_sentence_dot() -> None:
    text = "Raksts “Nikkei Asia”. Un ASV."
    assert text[slice(*trim_span(text, 7, 21))] == "Nikkei Asia"
    assert text[slice(*trim_span(text, 25, 29))] == "ASV"
    en = "in the U.S. today"
    assert en[slice(*trim_span(en, 7, 11))] == "U.S."


def test_mentions_sentence_index() -> None:
    assert [sentence_index([0, 10, 20], x) for x in (0, 9, 10, 25)] == [0, 0, 1, 2]
    assert sentence_index([5], 0) == 0


def test_mentions_role_split_from_person() -> None:
    text = "Arī NATO ģenerālsekretārs Jenss Stoltenbergs minēja Ķīnu."
    start = text.index("NATO")
    doc = _doc(text, [(start, text.index(" minēja"), "PER"), (text.index("Ķīnu"), 56, "GPE")])
    rows = extract_mentions(doc, ARTICLE, text, "lv", [0])
    by_surface = {r["surface"]: r for r in rows}
    assert set(by_surface) == {"NATO", "Jenss Stoltenbergs", "Ķīnu"}
    assert by_surface["Jenss Stoltenbergs"]["lemma"] == "Jenss Stoltenbergs"
    assert by_surface["NATO"]["entity_id"] == "Q7184"
    assert by_surface["Ķīnu"]["lemma"] == "Ķīna" and by_surface["Ķīnu"]["entity_id"] == "Q148"
    _validate(rows)


@pytest.mark.parametrize(
    ("text", "surface", "label", "lemma"),
    [
        ("Birojs būs Tokijā.", "Tokijā", "GPE", "Tokija"),
        ("Japānas līderi.", "Japānas", "GPE", "Japāna"),
        (
            "Birojs Apvienoto Nāciju Organizācijā Ņujorkā.",
            "Apvienoto Nāciju Organizācijā",
            "ORG",
            "Apvienoto Nāciju Organizācija",
        ),
        (
            "The U.S. President Donald Trump's plan.",
            "U.S. President Donald Trump's",
            "PER",
            "Donald Trump",
        ),
    ],
)
def test_mentions_lemma(text: str, surface: str, label: str, lemma: str) -> None:
    s = text.index(surface)
    lang = "en" if text.startswith("The") else "lv"
    rows = extract_mentions(_doc(text, [(s, s + len(surface), label)]), ARTICLE, text, lang, [0])
    assert rows[-1]["lemma"] == lemma
