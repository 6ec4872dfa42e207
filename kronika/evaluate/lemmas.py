"""Lemma accuracy on names, scored on CoNLL-U gold (the gold JSONL has no lemmas).

The pipeline runs on the gold tokens, so tokenisation does not blur the score. Reported:
accuracy on the head tokens of gold entities (head = the token whose gold head lies
outside the span), on all PROPN tokens, and on all tokens. Comparison is case-sensitive:
*Stoltenbergs* -> *stoltenbergs* is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kronika.labels import dataset_for_lang, map_label


@dataclass
class GoldToken:
    form: str
    lemma: str
    upos: str
    head: int
    space_after: bool
    ner: str | None


def read_conllu_sentences(
    path: str | Path, doc_ids: Iterable[str] | None = None
) -> list[list[GoldToken]]:
    """Word lines of the sentences of `doc_ids` (all sentences if None)."""
    keep = set(doc_ids) if doc_ids is not None else None
    out: list[list[GoldToken]] = []
    doc_id = ""
    for block in Path(path).read_text(encoding="utf-8").strip().split("\n\n"):
        tokens: list[GoldToken] = []
        for line in block.split("\n"):
            if line.startswith("# newdoc id ="):
                doc_id = line.split("=", 1)[1].strip()
            if line.startswith("#"):
                continue
            c = line.split("\t")
            if not c[0].isdigit():
                continue
            misc = c[9].split("|")
            ner = next((m[4:] for m in misc if m.startswith("NER=")), None)
            tokens.append(GoldToken(c[1], c[2], c[3], int(c[6]), "SpaceAfter=No" not in misc, ner))
        if tokens and (keep is None or doc_id in keep):
            out.append(tokens)
    return out


def entity_heads(tokens: list[GoldToken], lang: str, labels: Iterable[str]) -> list[int]:
    """Indices of the head tokens of gold entities with a label in `labels`."""
    keep, dataset = set(labels), dataset_for_lang(lang)
    heads, start = [], None
    tags = [t.ner or "O" for t in tokens] + ["O"]
    for i, tag in enumerate(tags):
        if start is not None and not tag.startswith("I-"):
            label = map_label(dataset, tags[start][2:])
            if label in keep:
                span = range(start + 1, i + 1)  # CoNLL-U ids are 1-based
                heads += [j - 1 for j in span if tokens[j - 1].head not in span]
            start = None
        if tag.startswith("B-"):
            start = i
    return heads


def score_lemmas(
    nlp: Language, sentences: list[list[GoldToken]], lang: str, labels: Iterable[str]
) -> dict:
    labels = tuple(labels)
    docs = [
        Doc(nlp.vocab, words=[t.form for t in s], spaces=[t.space_after for t in s])
        for s in sentences
    ]
    counts = {"entity_heads": [0, 0], "propn": [0, 0], "all": [0, 0]}
    errors: list[tuple[str, str, str]] = []
    for doc, sent in zip(nlp.pipe(docs, batch_size=64), sentences, strict=True):
        heads = set(entity_heads(sent, lang, labels))
        for i, (tok, gold) in enumerate(zip(doc, sent, strict=True)):
            ok = int(tok.lemma_ == gold.lemma)
            keys = ["all"] + (["propn"] if gold.upos == "PROPN" else [])
            keys += ["entity_heads"] if i in heads else []
            for key in keys:
                counts[key][0] += ok
                counts[key][1] += 1
            if i in heads and not ok and len(errors) < 30:
                errors.append((gold.form, gold.lemma, tok.lemma_))
    out = {k: {"acc": round(a / n, 4) if n else 0.0, "n": n} for k, (a, n) in counts.items()}
    out["examples_of_errors"] = [f"{f} -> {p} (gold {g})" for f, g, p in errors[:10]]
    return out
