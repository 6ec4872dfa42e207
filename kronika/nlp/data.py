"""CoNLL-U -> spaCy DocBin conversion with a deterministic, document-level validation split.

NER tags come from the MISC key ``NER=`` (IOB2) on sentences with a ``# ner =`` comment;
every other sentence has *unknown* NER (left missing, never ``O``). Gold labels are mapped
to Kronika's label set through :mod:`kronika.labels`.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.training import biluo_tags_to_spans, iob_to_biluo
from spacy.training.converters import conllu_to_docs

from kronika.labels import dataset_for_lang, map_label

SPLIT_SALT = "kronika-val"
# Share of documents held out for validation (tuning and reported metrics).
VAL_PERCENT = {"lv": 10, "en": 15}


@dataclass
class Sentence:
    doc_id: str
    sent_id: str
    block: str
    ner_tags: list[str] | None = None
    ner_source: str = ""


@dataclass
class SplitDocs:
    train: list[Doc] = field(default_factory=list)
    val: list[Doc] = field(default_factory=list)
    train_ids: set[str] = field(default_factory=set)
    val_ids: set[str] = field(default_factory=set)


def is_val_doc(lang: str, doc_id: str, percent: int | None = None) -> bool:
    """Deterministic hash split by document id."""
    pct = VAL_PERCENT[lang] if percent is None else percent
    digest = hashlib.sha256(f"{SPLIT_SALT}\t{lang}\t{doc_id}".encode()).hexdigest()
    return int(digest[:8], 16) % 100 < pct


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_sentences(path: str | Path) -> Iterator[Sentence]:
    """Sentence blocks with their document id and NER tags (None = NER unknown)."""
    text = Path(path).read_text(encoding="utf-8")
    doc_id = ""
    for block in text.strip().split("\n\n"):
        if not block.strip():
            continue
        sent_id, tagged, source = "", False, ""
        tags: list[str | None] = []
        for line in block.split("\n"):
            if line.startswith("# newdoc id ="):
                doc_id = line.split("=", 1)[1].strip()
            elif line.startswith("# sent_id ="):
                sent_id = line.split("=", 1)[1].strip()
            elif line.startswith("# ner ="):
                tagged, source = True, line.split("=", 1)[1].strip()
            elif not line.startswith("#"):
                cols = line.split("\t")
                if cols[0].isdigit():
                    misc = cols[9].split("|") if len(cols) > 9 else []
                    tags.append(next((p[4:] for p in misc if p.startswith("NER=")), None))
        ner = [t or "O" for t in tags] if tagged and all(t is not None for t in tags) else None
        yield Sentence(doc_id or sent_id, sent_id, block, ner, source)


# English NER is trained on one convention, names only, with UniversalNER's three labels:
# GUM's other types (abstract, event, object, ...) are not tagged in the UniversalNER
# sentences, so keeping them would teach the model two contradicting conventions.
NAME_LABELS_ONLY = {"en": {"PER", "ORG", "LOC"}}


def _map_iob(tags: list[str], lang: str) -> list[str]:
    """Map IOB2 labels to Kronika labels; dropped labels become O (not entities)."""
    dataset = dataset_for_lang(lang)
    keep = NAME_LABELS_ONLY.get(lang)
    out = []
    for tag in tags:
        if tag == "O":
            out.append("O")
            continue
        prefix, label = tag.split("-", 1)
        mapped = map_label(dataset, label)
        if keep is not None and mapped not in keep:
            mapped = None
        out.append("O" if mapped is None else f"{prefix}-{mapped}")
    # An I- after a dropped entity would start a new one: repair to B-.
    for i, tag in enumerate(out):
        if tag.startswith("I-") and (i == 0 or out[i - 1][2:] != tag[2:]):
            out[i] = "B-" + tag[2:]
    return out


def _set_ner(doc: Doc, sent: Sentence, lang: str) -> Doc:
    """Set entities on a tagged sentence; untagged sentences keep NER missing."""
    if sent.ner_tags is not None:
        if len(sent.ner_tags) != len(doc):
            raise ValueError(f"{sent.sent_id}: {len(sent.ner_tags)} tags for {len(doc)} tokens")
        spans = biluo_tags_to_spans(doc, iob_to_biluo(_map_iob(sent.ner_tags, lang)))
        if sent.ner_source.startswith("gum"):
            spans = [s for s in (_name_core(s) for s in spans) if s is not None]
        doc.ents = spans
    return doc


def _name_core(span):
    """GUM spans include determiners and a possessive 's ("the United Nations'"); names-only
    training (UniversalNER's convention) wants the name alone."""
    start, end = span.start, span.end
    while start < end and span.doc[start].pos_ == "DET":
        start += 1
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    if start >= end:
        return None
    if (start, end) == (span.start, span.end):
        return span  # (a doc[start:end] view would lose the label: the name would be dropped)
    return Span(span.doc, start, end, label=span.label_)


def build_split(
    conllu: str | Path,
    lang: str,
    ner_only: bool = False,
    limit: int = 0,
    n_sents: int = 10,
    val_conllu: str | Path | None = None,
) -> SplitDocs:
    """Read a CoNLL-U file into train/val Docs of up to `n_sents` sentences of one document.

    Validation = the hash share of `conllu`'s documents plus every document of `val_conllu`
    (the `-dev.conllu` file): one set large enough that two points are signal.
    """
    sents = list(itertools.islice(read_sentences(conllu), limit or None))
    n_train_file = len(sents)
    if val_conllu is not None:
        sents += list(itertools.islice(read_sentences(val_conllu), limit or None))
    # One converter call for the whole file, so every Doc shares one Vocab.
    text = "\n\n".join(s.block for s in sents) + "\n\n"
    docs = list(conllu_to_docs(text, n_sents=1, no_print=True))
    if len(docs) != len(sents):
        raise ValueError(f"{conllu}: {len(docs)} docs for {len(sents)} sentences")
    split = SplitDocs()
    groups: dict[str, list[Doc]] = {}
    from_dev: set[str] = set()
    for i, (sent, doc) in enumerate(zip(sents, docs, strict=True)):
        if i >= n_train_file:
            from_dev.add(sent.doc_id)
        if ner_only and sent.ner_tags is None:
            continue
        groups.setdefault(sent.doc_id, []).append(_set_ner(doc, sent, lang))
    for doc_id, group in groups.items():
        is_val = doc_id in from_dev or is_val_doc(lang, doc_id)
        (split.val_ids if is_val else split.train_ids).add(doc_id)
        for j in range(0, len(group), n_sents):
            (split.val if is_val else split.train).append(Doc.from_docs(group[j : j + n_sents]))
    return split


def write_docbin(docs: list[Doc], path: str | Path) -> Path:
    db = DocBin(store_user_data=False)
    for doc in docs:
        db.add(doc)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return path
