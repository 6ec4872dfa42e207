"""Token-level sentence boundaries: P/R/F1 of the tokens that start a sentence.

The first token of a document is not counted (it always starts a sentence). A gold
boundary is the character offset where a gold sentence starts.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kronika.evaluate.ner import prf


def boundary_counts(doc: Doc, gold_sentences: list[tuple[int, int]]) -> tuple[int, int, int]:
    gold = {start for start, _ in gold_sentences if start > 0}
    pred = {sent.start_char for sent in doc.sents if sent.start_char > 0}
    tp = len(pred & gold)
    return tp, len(pred - gold), len(gold - pred)


def score_sentences(pairs: list[tuple[Doc, list[tuple[int, int]]]]) -> dict:
    tp = fp = fn = 0
    for doc, gold in pairs:
        a, b, c = boundary_counts(doc, gold)
        tp, fp, fn = tp + a, fp + b, fn + c
    return prf(tp, fp, fn)
