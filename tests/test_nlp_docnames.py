"""kronika_doc_names: one reading per name within a document (English pipeline rule)."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Span  # noqa: E402

from kronika.nlp.docnames import DocNames  # noqa: E402


def _run(text: str, ents: list[tuple[str, str]], **settings: bool) -> list[tuple[str, str]]:
    nlp = spacy.blank("en")
    doc = nlp(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    comp = DocNames("kronika_doc_names")
    comp.settings.update(settings)
    return [(e.text, e.label_) for e in comp(doc).ents]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # Surname of a tagged person, later alone (also before a possessive).
        (
            "Sarah Montalvo spoke. Later Montalvo's team left.",
            [("Sarah Montalvo", "PER")],
            [("Sarah Montalvo", "PER"), ("Montalvo", "PER")],
        ),
        # A repeated name the model missed the second time.
        (
            "Acme Corp grew. Analysts like Acme Corp now.",
            [("Acme Corp", "ORG")],
            [("Acme Corp", "ORG"), ("Acme Corp", "ORG")],
        ),
        # Lower-case words and stop words are never names.
        ("Mr Will said he will go.", [("Will", "PER")], [("Will", "PER")]),
    ],
)
def test_doc_names(text: str, ents: list, expected: list) -> None:
    assert _run(text, ents) == expected


def test_consistency_takes_the_majority_label() -> None:
    text = "Waugh wrote. Waugh lived. Waugh died."
    nlp = spacy.blank("en")
    doc = nlp(text)
    doc.ents = [Span(doc, 0, 1, "PER"), Span(doc, 3, 4, "PER"), Span(doc, 6, 7, "ORG")]
    out = DocNames("x")(doc)
    assert [e.label_ for e in out.ents] == ["PER", "PER", "PER"]


def test_settings_switch_steps_off() -> None:
    text = "Sarah Montalvo spoke. Later Montalvo left."
    assert _run(text, [("Sarah Montalvo", "PER")], propagate=False) == [("Sarah Montalvo", "PER")]


SPORTS = (
    "Belgium defeated Panama 3 – 0 at the Fisht Stadium in Sochi. The coach praised the "
    "striker after the match; the goalkeeper saved a penalty and two goals came late in the "
    "World Cup game."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SPORTS,
            [("Belgium", "ORG"), ("Panama", "ORG"), ("Fisht Stadium", "LOC"), ("Sochi", "GPE")],
        ),
        # Not a sports report (no score): places stay places.
        (
            SPORTS.replace("3 – 0", "easily"),
            [("Belgium", "GPE"), ("Panama", "GPE"), ("Fisht Stadium", "LOC"), ("Sochi", "GPE")],
        ),
    ],
)
def test_teams_in_sports_reports(text: str, expected: list) -> None:
    ents = [("Belgium", "GPE"), ("Panama", "GPE"), ("Fisht Stadium", "LOC"), ("Sochi", "GPE")]
    assert _run(text, ents) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Fighting in southern Russia.", [("Russia", "GPE")], [("southern Russia", "LOC")]),
        ("Rain in the south of Russia.", [("Russia", "GPE")], [("Russia", "GPE")]),
        ("He met central bankers.", [], []),
    ],
)
def test_regions_take_the_compass_word(text: str, ents: list, expected: list) -> None:
    assert _run(text, ents) == expected


def _run_pos(text: str, ents: list[tuple[str, str]], propn: set[str]) -> list[tuple[str, str]]:
    nlp = spacy.blank("en")
    doc = nlp(text)
    for token in doc:
        token.pos_ = "PROPN" if token.text in propn else "NOUN"
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    return [(e.text, e.label_) for e in DocNames("x")(doc).ents]


@pytest.mark.parametrize(
    ("text", "ents", "propn", "expected"),
    [
        (
            "NATO Secretary General Jens Stoltenberg spoke. Stoltenberg left.",
            [("NATO", "ORG")],
            {"NATO", "Secretary", "General", "Jens", "Stoltenberg"},
            [("NATO", "ORG"), ("Jens Stoltenberg", "PER"), ("Stoltenberg", "PER")],
        ),
        # A title before a word that is not a proper noun adds nothing.
        ("The President Said nothing.", [], {"President"}, []),
        # Already an entity: untouched.
        ("President Biden spoke.", [("Biden", "PER")], {"President", "Biden"}, [("Biden", "PER")]),
    ],
)
def test_titled_names_are_persons(text: str, ents: list, propn: set, expected: list) -> None:
    assert _run_pos(text, ents, propn) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # After a place preposition, a "person" is a place.
        ("He was born in Stridon.", [("Stridon", "PER")], [("Stridon", "LOC")]),
        ("He was born at Stridon.", [("Stridon", "PER")], [("Stridon", "LOC")]),
        # Direction + of, and "City, Region".
        ("It lies north of Tongatapu.", [("Tongatapu", "PER")], [("Tongatapu", "LOC")]),
        (
            "Goode was born in Exeter, Devon.",
            [("Exeter", "GPE"), ("Devon", "PER")],
            [("Exeter", "GPE"), ("Devon", "LOC")],
        ),
        # Negatives: a possessive, an organisation, a person elsewhere, a person after a
        # comma that follows another person.
        ("In Smith's view it failed.", [("Smith", "PER")], [("Smith", "PER")]),
        (
            "As a student in Rome, Jerome studied.",
            [("Rome", "GPE"), ("Jerome", "PER")],
            [("Rome", "GPE"), ("Jerome", "PER")],
        ),
        ("She works in Congress.", [("Congress", "ORG")], [("Congress", "ORG")]),
        ("A letter from Jerome came.", [("Jerome", "PER")], [("Jerome", "PER")]),
        (
            "Anna Berg, Devon Lee and others came.",
            [("Anna Berg", "PER"), ("Devon Lee", "PER")],
            [("Anna Berg", "PER"), ("Devon Lee", "PER")],
        ),
    ],
)
def test_places_are_not_persons(text: str, ents: list, expected: list) -> None:
    only = {"consistency": False, "propagate": False, "teams": False, "titled": False}
    assert _run(text, ents, regions=False, places=True, **only) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Frank Messina spoke.",
            [("Frank", "PER"), ("Messina", "PER")],
            [("Frank Messina", "PER")],
        ),
        # Negatives: a comma between, or another label.
        (
            "Frank, Messina spoke.",
            [("Frank", "PER"), ("Messina", "PER")],
            [("Frank", "PER"), ("Messina", "PER")],
        ),
        (
            "Acme Smith spoke.",
            [("Acme", "ORG"), ("Smith", "PER")],
            [("Acme", "ORG"), ("Smith", "PER")],
        ),
    ],
)
def test_adjacent_persons_join(text: str, ents: list, expected: list) -> None:
    only = {"consistency": False, "propagate": False, "teams": False, "titled": False}
    assert _run(text, ents, regions=False, places=False, dangling=False, **only) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # Runs on over the capitalised words, taking in a name found there.
        (
            "He met Apollinaris of Laodicea then.",
            [("Apollinaris of", "PER"), ("Laodicea", "LOC")],
            [("Apollinaris of Laodicea", "PER")],
        ),
        ("Peter the Great ruled.", [("Peter the", "PER")], [("Peter the Great", "PER")]),
        # Nothing capitalised follows: the connective goes.
        ("The Emperor of a land.", [("Emperor of", "PER")], [("Emperor", "PER")]),
        # Negatives: a complete name is left alone.
        ("Bank of America grew.", [("Bank of America", "ORG")], [("Bank of America", "ORG")]),
    ],
)
def test_dangling_connectives(text: str, ents: list, expected: list) -> None:
    only = {"consistency": False, "propagate": False, "teams": False, "titled": False}
    assert _run(text, ents, regions=False, places=False, join=False, **only) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("They sailed the Ross Sea.", [("Ross Sea", "ORG")], [("Ross Sea", "LOC")]),
        ("We reached Neiafu Harbour.", [("Neiafu Harbour", "PER")], [("Neiafu Harbour", "LOC")]),
        # Negatives: a one-word name, a head that is not a place noun, a place already.
        ("Sea won.", [("Sea", "ORG")], [("Sea", "ORG")]),
        ("Acme Holdings grew.", [("Acme Holdings", "ORG")], [("Acme Holdings", "ORG")]),
    ],
)
def test_place_head_nouns_make_places(text: str, ents: list, expected: list) -> None:
    only = {"consistency": False, "propagate": False, "teams": False, "titled": False}
    off = {"regions": False, "places": False, "join": False, "dangling": False}
    assert _run(text, ents, place_heads=True, **off, **only) == expected
