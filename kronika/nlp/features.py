"""Gazetteer features for the NER model, as tiny static "vectors".

Each token form that occurs in a lexicon name (inflected Latvian forms included) gets a
6-dimensional indicator vector: part of a country name, of a city/town name, of an
organisation name, an organisation acronym, first token of a multi-word name, a whole
one-word name. Other tokens get zeros. NER reads them through ``include_static_vectors``,
so the lexicon informs the model instead of only correcting it afterwards.
"""

from __future__ import annotations

from pathlib import Path

import numpy
import spacy
from spacy.vectors import Vectors

from kronika.nlp.components import customise_tokenizer
from kronika.nlp.lexicon import Entry

DIMS = ("country", "city", "organisation", "acronym", "first_of_multiword", "single_word")
SOURCE_DIM = {"countries": 0, "cities": 1, "organisations": 2}


def token_features(entries: list[Entry], lang: str) -> dict[str, numpy.ndarray]:
    nlp = spacy.blank(lang)
    customise_tokenizer(nlp)
    feats: dict[str, numpy.ndarray] = {}
    for entry, doc in zip(entries, nlp.tokenizer.pipe(e.form for e in entries), strict=True):
        for i, tok in enumerate(doc):
            if not tok.is_alpha and not tok.text[:1].isupper():
                continue
            vec = feats.setdefault(tok.text, numpy.zeros(len(DIMS), dtype="float32"))
            is_acronym = entry.source == "organisations" and entry.form.isupper() and len(doc) == 1
            vec[3 if is_acronym else SOURCE_DIM[entry.source]] = 1.0
            if len(doc) > 1 and i == 0:
                vec[4] = 1.0
            if len(doc) == 1:
                vec[5] = 1.0
    return feats


def write_vectors_pipeline(entries: list[Entry], lang: str, out_dir: str | Path) -> Path:
    """A blank pipeline whose vocab holds the gazetteer vectors (for `paths.vectors`)."""
    feats = token_features(entries, lang)
    nlp = spacy.blank(lang)
    words = sorted(feats)
    data = numpy.stack([feats[w] for w in words]) if words else numpy.zeros((0, len(DIMS)))
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=data, keys=words)
    out = Path(out_dir)
    nlp.to_disk(out)
    return out
