"""Scoring whole pipelines for `kronika eval`: load each language's pipeline, score, write JSON.

It sits in evaluate/, above the nlp/ it scores: nlp never imports evaluate.
"""

from __future__ import annotations

from pathlib import Path

import spacy

from kronika.evaluate.run import DEFAULT_GENRES, evaluate, write_json
from kronika.nlp import SUPPORTED_LANGS, load_pipeline, model_dir, model_versions
from kronika.nlp.lexicon import load_entries
from kronika.nlp.pipeline_io import LEXICON_DIR, read_manifest


def _load(lang: str, model: Path | None):
    if model is None:
        return load_pipeline(lang), model_dir(lang)
    from kronika.nlp import components  # noqa: F401

    return spacy.load(model), model


def _gold_lang(path: Path) -> str | None:
    import json

    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    return json.loads(first).get("lang") if first.strip() else None


def evaluate_langs(
    langs: list[str] | None = None,
    gold: list[Path] | None = None,
    split: str = "val",
    genres: list[str] | None = None,
    ablation: bool = True,
    model: Path | None = None,
    conllu: Path | None = None,
    json_out: Path | None = None,
) -> dict[str, dict]:
    """One report per language; with --gold, each file goes to the language it declares."""
    if langs is None:
        langs = sorted({_gold_lang(p) for p in gold} - {None}) if gold else list(SUPPORTED_LANGS)
    reports: dict[str, dict] = {}
    for lang in langs:
        nlp, path = _load(lang, model)
        if nlp is None:
            continue
        files = [p for p in gold if _gold_lang(p) == lang] if gold else None
        if gold and not files:
            continue
        reports[lang] = evaluate(
            nlp,
            lang,
            split=split,
            gold=files,
            genres=genres if genres is not None else DEFAULT_GENRES.get(lang),
            entries=load_entries(LEXICON_DIR, lang) if LEXICON_DIR.exists() else None,
            manifest=read_manifest(Path(path)),
            ablation=ablation,
            model_name=model_versions().get(lang) if model is None else str(model),
            conllu=conllu,
        )
    if json_out:
        write_json(reports, json_out)
    return reports
