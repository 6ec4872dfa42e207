"""Annotation in bounded memory: long articles go through the pipeline in pieces.

A single spaCy Doc over a multi-megabyte article makes the trained components build arrays
in proportion to the whole text (a 2.1 MB one-line article peaked at 8.5 GB). Here an article
longer than `piece_limit(nlp)` characters is cut into contiguous pieces, each annotated on its
own, and the piece Docs are joined with `Doc.from_docs`, so the result is one Doc whose text is
exactly the article text: character offsets, tokens, morphology, dependencies and `doc.ents`
are those of the pieces, shifted into the article. Short texts are batched as before, with a
cap on the characters per batch so that many long-ish texts cannot add up either.

Pieces end at a paragraph break if there is one in the latter half of the window, else at a
sentence start (kronika.text.sentences), else after white space; a piece keeps the white
space that follows it, so joining needs no inserted space. Only a window with no white space
at all is cut inside a word. Pieces are annotated one at a time from Python, so a SIGALRM
time budget (kronika.ingest.budget) is handled between pieces at the latest.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kronika.text.sentences import split_sentences

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Largest piece handed to the pipeline; peak memory grows with it (docs/performance.md).
PIECE_CHARS = 100_000
# Characters of short texts annotated together in one nlp.pipe batch.
BATCH_CHARS = 200_000


def piece_limit(nlp: Language) -> int:
    """Longest text annotated in one go: PIECE_CHARS, or less under a lowered max_length."""
    return max(1, min(PIECE_CHARS, nlp.max_length - 1))


def _sentence_starts(text: str) -> list[int]:
    """Sentence starts that follow white space (not the splitter's cuts inside huge words)."""
    return [start for start, _ in split_sentences(text) if start > 0 and text[start - 1].isspace()]


def _paragraph_cut(text: str, lo: int, hi: int) -> int | None:
    """The start of the last paragraph beginning in text[lo:hi] (after its line break)."""
    brk = text.rfind("\n", lo, hi)
    if brk < lo:
        return None
    cut = brk + 1
    while cut < hi and text[cut].isspace():
        cut += 1
    return cut if lo < cut < hi else None


def _whitespace_cut(text: str, lo: int, hi: int) -> int | None:
    """Just after the last white-space character in text[lo:hi] (None if there is none)."""
    for pos in range(hi, lo, -1):
        if text[pos - 1].isspace():
            return pos
    return None


def piece_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Contiguous (start, end) pieces covering `text`, each at most `limit` characters.

    Each cut is where a paragraph or sentence starts (white space before it stays with the
    earlier piece), so ``"".join(text[s:e] for s, e in spans) == text``.
    """
    if limit < 1:
        raise ValueError(f"piece limit must be positive, got {limit}")
    if len(text) <= limit:
        return [(0, len(text))] if text else []
    starts = _sentence_starts(text)
    spans: list[tuple[int, int]] = []
    lo = 0
    while len(text) - lo > limit:
        hi = lo + limit  # the next piece is text[lo:cut] with lo < cut <= hi
        cut = _paragraph_cut(text, lo + limit // 2, hi)
        if cut is None:
            i = bisect.bisect_right(starts, hi) - 1  # last sentence start <= hi
            cut = starts[i] if i >= 0 and starts[i] > lo else None
        if cut is None:
            cut = _whitespace_cut(text, lo, hi)
        if cut is None or cut <= lo:
            cut = hi  # no white space in the window: cut inside a word
        spans.append((lo, cut))
        lo = cut
    spans.append((lo, len(text)))
    return spans


def _without_tensor(doc: Doc) -> Doc:
    """Drop the tok2vec tensor (no extractor reads it; it is the largest per-token array)."""
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def _join(pieces: list[Doc]) -> Doc:
    """One Doc from consecutive piece Docs; plain user_data keys come from the first piece."""
    from spacy.tokens import Doc

    plain = {k: v for k, v in pieces[0].user_data.items() if not isinstance(k, tuple)}
    for piece in pieces:  # from_docs warns about (and drops) keys it cannot offset
        for key in [k for k in piece.user_data if not isinstance(k, tuple)]:
            del piece.user_data[key]
    joined = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])
    joined.user_data.update(plain)
    return joined


def annotate_long(nlp: Language, text: str, limit: int | None = None) -> Doc:
    """One Doc for `text`, annotated piece by piece (see the module docstring)."""
    limit = limit or piece_limit(nlp)
    spans = piece_spans(text, limit)
    if len(spans) <= 1:
        return nlp(text)
    pieces = [_without_tensor(nlp(text[start:end])) for start, end in spans]
    joined = _join(pieces)
    if joined.text != text:  # a broken join would shift every offset: never return it
        raise RuntimeError("joined pieces do not reproduce the article text")
    return joined


def _short_batches(texts: list[str], indices: list[int], batch_size: int) -> Iterator[list[int]]:
    """Groups of indices of at most `batch_size` texts and (beyond one text) BATCH_CHARS."""
    group: list[int] = []
    chars = 0
    for i in indices:
        if group and (len(group) >= batch_size or chars + len(texts[i]) > BATCH_CHARS):
            yield group
            group, chars = [], 0
        group.append(i)
        chars += len(texts[i])
    if group:
        yield group


def annotate_texts(nlp: Language, texts: list[str], batch_size: int = 64) -> list[Doc]:
    """One Doc per text, in order: short texts in batches, long ones in pieces."""
    limit = piece_limit(nlp)
    docs: list[Doc | None] = [None] * len(texts)
    short = [i for i, t in enumerate(texts) if len(t) <= limit]
    for group in _short_batches(texts, short, batch_size):
        batch = nlp.pipe([texts[i] for i in group], batch_size=len(group))
        for i, doc in zip(group, batch, strict=True):
            docs[i] = doc
    for i, text in enumerate(texts):
        if docs[i] is None:
            docs[i] = annotate_long(nlp, text, limit)
    return [doc for doc in docs if doc is not None]
