"""`kronika eval`: score a pipeline on gold JSONL (+ lemmas on CoNLL-U), with ablations."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kronika.evaluate import lemmas as lemma_eval
from kronika.evaluate.baseline import Baseline
from kronika.evaluate.gold import GoldDoc, load_gold
from kronika.evaluate.ner import PredEntity, fold_labels, score
from kronika.evaluate.predict import doc_entities
from kronika.evaluate.report import EvalContext, run_sections
from kronika.evaluate.sents import score_sentences
from kronika.labels import SCORING_EQUIVALENCE, TARGET_LABELS, dataset_for_lang
from kronika.nlp.lexicon import Entry

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
GOLD_FILES = {"lv": SHARED / "gold/fullstack-lv/dev.jsonl", "en": SHARED / "gold/gum-en/dev.jsonl"}
UD_TRAIN = {"lv": SHARED / "ud/lv-train.conllu", "en": SHARED / "ud/en-train.conllu"}
UD_DEV = {"lv": SHARED / "ud/lv-dev.conllu", "en": SHARED / "ud/en-dev.conllu"}
DEFAULT_GENRES = {"lv": ["news"], "en": None}
SPLITS = ("val", "udev", "all", "file")
# Ablation steps, in the order the rule components apply them (cumulative).
ENT_STEPS = (
    "memory",
    "relabel",
    "ruler",
    "capitals",
    "pos",
    "compound",
    "place_split",
    "apposition",
    "role_trim",
    "hyphen_join",
    "tail_trim",
    "head_label",
    "head_extend",
    "compound_head",
    "memory_ruler",
    "dateline",
    "trim",  # last: off in the shipped models, so the rows above are the shipped sequence
)
LEMMA_STEPS = ("capitals", "simplemma", "gazetteer", "names")


def conllu_doc_ids(path: Path) -> list[str]:
    ids = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# newdoc id ="):
                ids.append(line.split("=", 1)[1].strip())
    return ids


def split_groups(lang: str, split: str, split_manifest: dict | None) -> list[str] | None:
    """Source-text ids of a split: `val` = our held-out training documents, `udev` = the
    documents of <lang>-dev.conllu (never used), `all`/`file` = no filter."""
    if split == "val":
        if not split_manifest:
            raise ValueError("the model has no split.json: cannot select its validation docs")
        return split_manifest["val_doc_ids"]
    if split == "udev":
        return conllu_doc_ids(UD_DEV[lang])
    return None


def select_gold(
    lang: str, split: str, gold: list[Path] | None, manifest: dict | None, genres: list[str] | None
) -> list[GoldDoc]:
    paths = gold or [GOLD_FILES[lang]]
    groups = split_groups(lang, split, manifest) if not gold else None
    docs = load_gold(paths, lang=lang, genres=genres, groups=groups)
    return [d for d in docs if d.has_ner]


@contextmanager
def rule_settings(nlp: Language, name: str, **values: bool):
    """Temporarily change a rule component's settings (for ablations)."""
    comp = nlp.get_pipe(name) if name in nlp.pipe_names else None
    saved = dict(comp.settings) if comp else {}
    if comp:
        comp.settings.update(values)
    try:
        yield comp
    finally:
        if comp:
            comp.settings = saved


def score_ents(
    preds: list[list[PredEntity]], gold: list[GoldDoc], labels: tuple[str, ...], dataset: str
) -> dict:
    eq = SCORING_EQUIVALENCE.get(dataset, {})
    pairs = [(fold_labels(p, eq), g.entities) for p, g in zip(preds, gold, strict=True)]
    return score(pairs, labels)


def _annotate(nlp: Language, texts: list[str], disable: list[str]) -> list[Doc]:
    for t in texts:
        nlp.max_length = max(nlp.max_length, len(t) + 1)
    with nlp.select_pipes(disable=[d for d in disable if d in nlp.pipe_names]):
        return list(nlp.pipe(texts, batch_size=32))


def ent_ablation(
    nlp: Language, gold: list[GoldDoc], labels: tuple[str, ...], dataset: str
) -> list[dict]:
    """Model alone, then each entity rule added in turn (cumulative)."""
    base_docs = _annotate(
        nlp, [g.text for g in gold], ["kronika_ent_fix", "kronika_doc_names", "kronika_lemma_fix"]
    )
    lemma_fix = nlp.get_pipe("kronika_lemma_fix") if "kronika_lemma_fix" in nlp.pipe_names else None
    if lemma_fix:  # entity rules read lemmas only through surfaces, but keep the order
        base_docs = [lemma_fix(d) for d in base_docs]
    rows = []
    if "kronika_ent_fix" not in nlp.pipe_names:
        return rows
    fix = nlp.get_pipe("kronika_ent_fix")
    for k in range(len(ENT_STEPS) + 1):
        on = set(ENT_STEPS[:k])
        with rule_settings(nlp, "kronika_ent_fix", **{s: s in on for s in ENT_STEPS}):
            docs = [fix(d.copy()) for d in base_docs]
        res = score_ents([doc_entities(d) for d in docs], gold, labels, dataset)
        name = "model only" if k == 0 else "+ " + ENT_STEPS[k - 1]
        rows.append(
            {
                "variant": name,
                **{f"{m}_f1": res[m]["micro"]["f1"] for m in res},
                "per_label_exact_f1": {
                    lab: v["f1"] for lab, v in res["exact"]["per_label"].items()
                },
            }
        )
    if "kronika_doc_names" in nlp.pipe_names:  # English document-level rules, after the above
        from kronika.evaluate.docnames_ablation import doc_names_rows

        shipped = [fix(d.copy()) for d in base_docs]
        rows += doc_names_rows(
            nlp, shipped, gold, labels, lambda p, g, lab: score_ents(p, g, lab, dataset)
        )
    return rows


def lemma_ablation(nlp: Language, sents: list, lang: str, labels: tuple[str, ...]) -> list[dict]:
    rows = []
    for k in range(len(LEMMA_STEPS) + 1):
        on = set(LEMMA_STEPS[:k])
        values = {s: s in on for s in LEMMA_STEPS}
        if k == 0:
            with nlp.select_pipes(disable=["kronika_lemma_fix"]):
                res = lemma_eval.score_lemmas(nlp, sents, lang, labels)
        else:
            with rule_settings(nlp, "kronika_lemma_fix", **values):
                res = lemma_eval.score_lemmas(nlp, sents, lang, labels)
        name = "trained lemmatizer" if k == 0 else "+ " + LEMMA_STEPS[k - 1]
        rows.append(
            {"variant": name, "acc": res["entity_heads"]["acc"], "propn_acc": res["propn"]["acc"]}
        )
    return rows


def lemma_sentences(lang: str, split: str, manifest: dict | None) -> list:
    """CoNLL-U sentences of a split. `val` may hold documents of both files (the hash share
    of <lang>-train plus, since round 2, every document of <lang>-dev): read both."""
    if split == "val" and manifest:
        ids = manifest["val_doc_ids"]
        files = [UD_TRAIN[lang]] + ([UD_DEV[lang]] if manifest.get("dev_source") else [])
        return [s for f in files for s in lemma_eval.read_conllu_sentences(f, ids)]
    if split == "udev":
        return lemma_eval.read_conllu_sentences(UD_DEV[lang])
    return []


def evaluate(
    nlp: Language,
    lang: str,
    split: str = "val",
    gold: list[Path] | None = None,
    genres: list[str] | None = None,
    entries: list[Entry] | None = None,
    manifest: dict | None = None,
    ablation: bool = True,
    model_name: str | None = None,
    conllu: Path | None = None,
) -> dict[str, Any]:
    """The full report for one language and one gold selection."""
    dataset = dataset_for_lang(lang)
    labels = TARGET_LABELS[dataset]
    gold_docs = select_gold(lang, split if not gold else "file", gold, manifest, genres)
    docs = _annotate(nlp, [g.text for g in gold_docs], [])
    report: dict[str, Any] = {
        "lang": lang,
        "dataset": dataset,
        "split": split if not gold else "file",
        "gold": [str(p) for p in (gold or [GOLD_FILES[lang]])],
        "genres": genres,
        "n_docs": len(gold_docs),
        "n_gold_entities": sum(len(g.entities) for g in gold_docs),
        "labels": list(labels),
        "model": model_name,
    }
    report["sentences"] = score_sentences(
        [(d, g.sentences) for d, g in zip(docs, gold_docs, strict=True)]
    )
    report["ner"] = score_ents([doc_entities(d) for d in docs], gold_docs, labels, dataset)
    if entries is not None:
        base = Baseline(lang, entries)
        report["baseline"] = score_ents(
            [doc_entities(base(g.text)) for g in gold_docs], gold_docs, labels, dataset
        )
    sents = (
        lemma_eval.read_conllu_sentences(conllu)
        if conllu
        else lemma_sentences(lang, split, manifest)
    )
    if (sents and not gold) or conllu:
        report["lemmas"] = lemma_eval.score_lemmas(nlp, sents, lang, labels)
        if ablation and "kronika_lemma_fix" in nlp.pipe_names:
            report["lemma_ablation"] = lemma_ablation(nlp, sents, lang, labels)
    if ablation:
        report["ablation"] = ent_ablation(nlp, gold_docs, labels, dataset)
    ctx = EvalContext(lang, dataset, report["split"], nlp, gold_docs, docs, labels)
    report["sections"] = run_sections(ctx)
    return report


def write_json(reports: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(reports, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
