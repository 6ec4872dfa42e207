"""The one mapping from gold corpus labels to Kronika's labels."""

from __future__ import annotations

import pytest

from kronika.labels import KRONIKA_LABELS, LABEL_MAPS, SCORING_EQUIVALENCE, map_label


@pytest.mark.parametrize(
    ("dataset", "gold", "kronika"),
    [
        ("fullstack-lv", "person", "PER"),
        ("fullstack-lv", "GPE", "GPE"),
        ("fullstack-lv", "location", "LOC"),
        ("fullstack-lv", "entity", "MISC"),
        ("fullstack-lv", "time", None),
        ("fullstack-lv", "money", None),
        ("gum-en", "place", "LOC"),
        ("gum-en", "abstract", "MISC"),
        ("gum-en", "object", "PRODUCT"),
        ("gum-en", "time", None),
        ("ud", "PERSON", "PER"),
        ("ud", "DATE", None),
        ("ontonotes", "PERSON", "PER"),
        ("ontonotes", "ORG", "ORG"),
        ("ontonotes", "GPE", "GPE"),
        ("ontonotes", "LOC", "LOC"),
        ("ontonotes", "FAC", "LOC"),
        ("ontonotes", "NORP", None),
        ("ontonotes", "LANGUAGE", None),
        ("ontonotes", "WORK_OF_ART", "MISC"),
        ("ontonotes", "CARDINAL", None),
        ("ontonotes", "PER", "PER"),
    ],
)
def test_labels_map(dataset: str, gold: str, kronika: str | None) -> None:
    assert map_label(dataset, gold) == kronika


def test_labels_every_target_is_a_kronika_label() -> None:
    for table in LABEL_MAPS.values():
        assert {v for v in table.values() if v} <= set(KRONIKA_LABELS)
    for eq in SCORING_EQUIVALENCE.values():
        assert set(eq) | set(eq.values()) <= set(KRONIKA_LABELS)


def test_labels_unknown_label_fails_loudly() -> None:
    with pytest.raises(KeyError):
        map_label("gum-en", "vehicle")
    with pytest.raises(KeyError):
        map_label("ontonotes", "SPORTS_TEAM")
