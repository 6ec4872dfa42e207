"""kronika_senter: rule sentence starts set before the parser (English adjustments)."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from kronika.nlp.senter import english_sentence_starts, set_sentence_starts  # noqa: E402


@pytest.mark.parametrize(
    ("text", "starts_with"),
    [
        ("Zaha Hadid\n\nShe was born.", ["Zaha", "She"]),  # heading line
        ("They married in 2014. [17] [18] They have two.", ["They married", "They have"]),
        ("He was wounded. [1]\n\nUpon hearing", ["He was", "Upon"]),  # markers only: merged
        ("[1] First line.", ["[1]"]),  # no previous sentence: the marker stays
        ("Q: Why run?\nA: Because.", ["Q:", "A:"]),  # speaker turns on their own lines
        ("U.S. Army officials met Dr. Smith.", ["U.S."]),  # abbreviations do not split
    ],
)
def test_english_sentence_starts(text: str, starts_with: list[str]) -> None:
    starts = english_sentence_starts(text)
    assert len(starts) == len(starts_with)
    for start, prefix in zip(starts, starts_with, strict=True):
        assert text[start:].startswith(prefix)


def test_doc_sentences_start_at_words_not_blank_lines() -> None:
    nlp = spacy.blank("en")
    text = "Title here\n\nFirst sentence. [2] Second one.\n\nLast"
    doc = set_sentence_starts(nlp(text))
    sents = [s for s in doc.sents]
    assert [s.text.strip() for s in sents] == [
        "Title here",
        "First sentence. [2]",
        "Second one.",
        "Last",
    ]
    assert all(not s[0].is_space for s in sents)
    assert doc[0].is_sent_start
