"""Loading Kronika's trained spaCy pipelines (models/<lang>/) and batch annotation.

The pipelines are trained by ``kronika train <lang>`` from ../shared/data only and load
with no network access. ``doc.ents`` labels are Kronika's (see kronika/labels.py) and
proper-name lemmas keep their capitals (*Tokijā* -> *Tokija*).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import kronika
from kronika.text.langid import SUPPORTED_LANGS

if TYPE_CHECKING:  # spaCy is imported on first use: commands that need no model start faster
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["SUPPORTED_LANGS", "annotate", "load_pipeline", "model_dir", "model_versions"]
MODELS_DIR = Path(kronika.__file__).resolve().parents[1] / "models"


def model_dir(lang: str) -> Path:
    return MODELS_DIR / lang


def _is_shipped(path: Path) -> bool:
    return (path / "config.cfg").exists() and (path / "meta.json").exists()


@cache
def load_pipeline(lang: str) -> Language | None:
    """The pipeline for `lang` (cached per process): the one chosen for it
    (kronika.nlp.choice: `--pipeline`, kronika.toml), else the shipped one, else None."""
    from kronika.nlp import choice

    spec = choice.chosen().get(lang)
    if spec is not None:
        return choice.load_foreign(lang, spec)
    path = model_dir(lang)
    if lang not in SUPPORTED_LANGS or not _is_shipped(path):
        return None
    import spacy

    from kronika.nlp import components  # noqa: F401  (registers the rule components)

    return spacy.load(path)


def model_versions() -> dict[str, str]:
    """lang -> "name@version" of the pipeline each language uses (chosen or shipped)."""
    from kronika.nlp import choice

    chosen = choice.chosen()
    out = {}
    for lang in SUPPORTED_LANGS:
        path = model_dir(lang)
        if lang in chosen:
            nlp = load_pipeline(lang)
            out[lang] = choice.pipeline_name(nlp) if nlp is not None else chosen[lang]
        elif _is_shipped(path):
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
            out[lang] = f"{meta['lang']}_{meta['name']}@{meta['version']}"
    return out


def annotate(texts: list[str], lang: str, batch_size: int = 64) -> list[Doc]:
    """Annotate `texts` with the pipeline of `lang` (chosen or shipped), in batches (texts
    unchanged); each Doc names its model in ``user_data["kronika_model"]``."""
    nlp = load_pipeline(lang)
    if nlp is None:
        raise ValueError(f"no Kronika pipeline is shipped for language {lang!r}")
    from kronika.nlp.pieces import annotate_texts  # long texts in pieces: bounded memory

    docs = annotate_texts(nlp, texts, batch_size)
    version = model_versions().get(lang)
    for doc in docs:  # model-dependent extractors add it to their extractor_version
        doc.user_data["kronika_model"] = version
    return docs
