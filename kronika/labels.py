"""Kronika's entity label set and the ONE mapping from each gold corpus to it.

Kronika labels (``doc.ents`` and the ``mentions.label`` column):

* ``PER`` people (also fictional and groups of named people: "the Obamas")
* ``ORG`` organisations: companies, institutions, parties, teams, media
* ``GPE`` geo-political entities: countries, cities, municipalities, states
* ``LOC`` other places: continents, regions, rivers, mountains, streets, buildings
* ``EVENT`` named events (wars, summits, festivals, elections)
* ``PRODUCT`` named products and artefacts (newspapers' titles are ORG)
* ``MISC`` other names (laws, programmes, works, abstract named things)

Time expressions and money amounts are *not* entities in Kronika: the gold labels
``time`` and ``money`` map to ``None`` (dropped from training and scoring).

GUM has no GPE/LOC distinction (``place`` covers both). Its places map to ``LOC``, and
scoring against GUM treats a predicted ``GPE`` as ``LOC`` (see ``SCORING_EQUIVALENCE``).
"""

from __future__ import annotations

KRONIKA_LABELS: tuple[str, ...] = ("PER", "ORG", "GPE", "LOC", "EVENT", "PRODUCT", "MISC")

# FullStack-LV named-entity layer (outer entities) -> Kronika.
FULLSTACK_LV: dict[str, str | None] = {
    "person": "PER",
    "organization": "ORG",
    "GPE": "GPE",
    "location": "LOC",
    "event": "EVENT",
    "product": "PRODUCT",
    "entity": "MISC",
    "time": None,
    "money": None,
}

# GUM entity types (PROPN-headed mentions) -> Kronika.
GUM_EN: dict[str, str | None] = {
    "person": "PER",
    "organization": "ORG",
    "place": "LOC",
    "event": "EVENT",
    "object": "PRODUCT",
    "abstract": "MISC",
    "substance": "MISC",
    "animal": "MISC",
    "plant": "MISC",
    "time": None,
}

# Conventional UD/CoNLL/OntoNotes NER tags (e.g. `NE=` in other CoNLL-U files) -> Kronika.
UD_NER: dict[str, str | None] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "EVENT",
    "PRODUCT": "PRODUCT",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
    "DATE": None,
    "TIME": None,
    "MONEY": None,
    "PERCENT": None,
    "QUANTITY": None,
    "ORDINAL": None,
    "CARDINAL": None,
}

# NER labels of foreign spaCy pipelines (OntoNotes 5, as in spaCy's `en_core_web_*`, and
# CoNLL's PER/LOC/MISC) -> Kronika: used for a pipeline chosen with `--pipeline` and for the
# measured peer. Unlike UD_NER, nationalities/religious/political groups (NORP: *American*,
# *Democrats*) and language names are dropped: they are not names of one entity in
# Kronika's names-only convention (UniversalNER does not tag them either), and as MISC they
# would become entities such as "American". Facilities (FAC: stadiums, airports) are places.
ONTONOTES: dict[str, str | None] = {
    **UD_NER,
    "NORP": None,
    "LANGUAGE": None,
}

LABEL_MAPS: dict[str, dict[str, str | None]] = {
    "fullstack-lv": FULLSTACK_LV,
    "gum-en": GUM_EN,
    "ud": UD_NER,
    "ontonotes": ONTONOTES,
}

# When a gold corpus cannot tell two Kronika labels apart, predictions are folded before
# scoring: GUM's `place` is both GPE and LOC.
SCORING_EQUIVALENCE: dict[str, dict[str, str]] = {
    "fullstack-lv": {},
    "gum-en": {"GPE": "LOC"},
}

# Labels the targets are stated on: FullStack's four main labels (issue 3); for English the
# names-only set the English NER is trained on (issue 16: PER/ORG/place, GPE folded to LOC).
TARGET_LABELS: dict[str, tuple[str, ...]] = {
    "fullstack-lv": ("PER", "GPE", "ORG", "LOC"),
    "gum-en": ("PER", "ORG", "LOC"),
}


def map_label(dataset: str, label: str) -> str | None:
    """Kronika label of a gold label of `dataset` (None = not an entity in Kronika)."""
    table = LABEL_MAPS[dataset]
    if label in KRONIKA_LABELS and label not in table:
        return label
    if label not in table:
        raise KeyError(f"unmapped {dataset} label {label!r}: add it to kronika/labels.py")
    return table[label]


def dataset_for_lang(lang: str) -> str:
    """The gold corpus whose label set a language's training data uses."""
    return {"lv": "fullstack-lv", "en": "gum-en"}[lang]
