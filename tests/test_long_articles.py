"""Long articles are annotated in pieces (kronika.nlp.pieces): same text, offsets, entities.

The pipeline's max_length is lowered in these tests so that a text of a few ten thousand
characters is cut into many pieces; the memory bound itself is measured by
`python -m kronika.nlp.memory_bench` (docs/performance.md), not by a timed test.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kronika.extract.mentions import extract_mentions
from kronika.ingest.budget import BudgetExceeded, time_budget
from kronika.nlp import annotate, load_pipeline
from kronika.nlp.pieces import BATCH_CHARS, _short_batches, annotate_long, piece_spans
from kronika.text.sentences import split_sentences
from tests.conftest import SEED_ARTICLE


@contextmanager
def lowered_max_length(lang: str, max_length: int) -> Iterator[object]:
    nlp = load_pipeline(lang)
    saved = nlp.max_length
    nlp.max_length = max_length
    try:
        yield nlp
    finally:
        nlp.max_length = saved


def _varied_article(n_chars: int) -> str:
    """The seed article's paragraphs, repeated with numbered variations, up to n_chars."""
    paragraphs = SEED_ARTICLE.read_text(encoding="utf-8").strip().split("\n")
    out: list[str] = []
    size = 0
    i = 0
    while size < n_chars:
        para = paragraphs[i % len(paragraphs)]
        para = para.replace("2023", str(1990 + i % 40))  # vary years between copies
        if i % 3 == 1:
            para = para.replace("\n", " ")
        out.append(para)
        size += len(para) + 1
        i += 1
    return "\n".join(out) + "\n"


# --- cutting ------------------------------------------------------------------------------

CUT_CASES = [
    # (text, limit, expected pieces)
    ("", 10, []),
    ("short", 10, ["short"]),
    ("One two. Three four.", 12, ["One two. ", "Three four."]),
    ("Aaa bbb.\nCcc ddd. Eee.", 16, ["Aaa bbb.\n", "Ccc ddd. Eee."]),  # paragraph first
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # no white space: cut inside the word
    ("ab cd ef gh", 4, ["ab ", "cd ", "ef ", "gh"]),  # no sentence: after white space
    (
        "2024. gada 5. janvārī E. Rinkēvičs runāja. Tad",
        30,
        ["2024. gada 5. janvārī E. ", "Rinkēvičs runāja. Tad"],
    ),
]


@pytest.mark.parametrize(("text", "limit", "expected"), CUT_CASES)
def test_piece_spans_cases(text: str, limit: int, expected: list[str]) -> None:
    assert [text[s:e] for s, e in piece_spans(text, limit)] == expected


def test_piece_spans_rejects_a_non_positive_limit() -> None:
    with pytest.raises(ValueError, match="positive"):
        piece_spans("text", 0)


@given(
    text=st.text(alphabet=st.sampled_from(list("ab Cd.\n!ā ")), max_size=300),
    limit=st.integers(min_value=1, max_value=60),
)
def test_piece_spans_cover_the_text_within_the_limit(text: str, limit: int) -> None:
    spans = piece_spans(text, limit)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(0 < e - s <= limit for s, e in spans)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    for start, end in spans[:-1]:  # a cut inside a word only when the piece has no space
        assert text[end - 1].isspace() or not any(ch.isspace() for ch in text[start:end])


def test_piece_spans_prefer_sentence_starts() -> None:
    text = _varied_article(20_000)
    starts = {s for s, _ in split_sentences(text)}
    cuts = [s for s, _ in piece_spans(text, 3000)[1:]]
    assert cuts and all(c in starts for c in cuts)


@pytest.mark.parametrize(
    ("lengths", "batch_size", "expected"),
    [
        ([10, 10, 10], 2, [[0, 1], [2]]),
        ([BATCH_CHARS, 1], 64, [[0], [1]]),  # the character cap starts a new batch
        ([BATCH_CHARS // 2, BATCH_CHARS // 2, 1], 64, [[0, 1], [2]]),
        ([], 64, []),
    ],
)
def test_short_batches(lengths: list[int], batch_size: int, expected: list[list[int]]) -> None:
    texts = ["x" * n for n in lengths]
    assert list(_short_batches(texts, list(range(len(texts))), batch_size)) == expected


# --- annotation -----------------------------------------------------------------------------


def test_long_article_offsets_and_extractors() -> None:
    text = _varied_article(40_000)
    with lowered_max_length("lv", 4000) as nlp:
        pieces = piece_spans(text, nlp.max_length - 1)
        assert len(pieces) >= 10
        short = "Rīga ir Latvijas galvaspilsēta."
        docs = annotate([short, text, short], "lv", batch_size=2)  # order kept
    assert [d.text for d in docs] == [short, text, short]
    doc = docs[1]
    assert len(doc.ents) > 300
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    assert doc.has_annotation("DEP") and doc.has_annotation("MORPH")
    assert doc.has_annotation("LEMMA")
    for start, _ in pieces[1:]:  # no dependency crosses a cut
        token = doc[doc.char_span(start, start + 1, alignment_mode="expand").start]
        assert token.is_sent_start
    starts = [s for s, _ in split_sentences(text)]
    rows = extract_mentions(doc, "a1", text, "lv", starts)
    assert len(rows) > 300
    assert all(text[r["start"] : r["end"]] == r["surface"] for r in rows)


def test_pieces_find_the_entities_of_a_whole_doc() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    nlp = load_pipeline("lv")
    whole = nlp(text)
    pieced = annotate_long(nlp, text, limit=1000)
    assert len(piece_spans(text, 1000)) > 2

    def ents(doc: object) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in doc.ents]

    assert ents(pieced) == ents(whole)
    assert [t.lemma_ for t in pieced] == [t.lemma_ for t in whole]


def test_time_budget_stops_a_long_article() -> None:
    text = _varied_article(60_000)
    with (
        lowered_max_length("lv", 2000),
        pytest.raises(BudgetExceeded),
        time_budget(0.3) as enforced,
    ):
        assert enforced
        annotate([text], "lv")


def test_english_long_article() -> None:
    sentence = "Germany and France met in Brussels on Monday, the European Union said. "
    text = "".join(sentence.replace("Monday", day) for day in ["Monday", "Friday"] * 80)
    with lowered_max_length("en", 1500):
        [doc] = annotate([text], "en")
    assert doc.text == text
    names = [e.text for e in doc.ents]
    assert names.count("Germany") >= 150
    assert all(re.fullmatch(r"\S(.*\S)?", e.text) for e in doc.ents)
