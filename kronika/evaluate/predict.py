"""Turning annotated Docs into the scorer's prediction records."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kronika.evaluate.ner import PredEntity


def span_head(span: Span) -> tuple[int, int]:
    """Character range of the span's syntactic head (its last token without a parse)."""
    doc = span.doc
    root = span.root if doc.has_annotation("DEP") else span[-1]
    return root.idx, root.idx + len(root.text)


def doc_entities(doc: Doc) -> list[PredEntity]:
    out = []
    for ent in doc.ents:
        h0, h1 = span_head(ent)
        out.append(PredEntity(ent.start_char, ent.end_char, ent.label_, h0, h1))
    return out
