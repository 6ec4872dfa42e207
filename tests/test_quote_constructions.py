# ruff: noqa: E501  (the case table reads best one case a line)
"""Quote constructions added in the second pass (docs/quotes.md): text -> expected rows.

Attitude adjectives, a cue right before the quotation mark, straight single quotes after a
cue, embedded questions, *according to* on the side its comma faces, tagger slips on cue
forms, coordinated reports, and the negatives each rule must leave alone. The shipped pipelines annotate every
text once (module fixture); `en_lemma_candidates` is checked without a model.
"""

from __future__ import annotations

import pytest

from kronika.extract.base import AnnotatedArticle
from kronika.extract.mentions import extract_mentions
from kronika.extract.quotes import en_lemma_candidates, extract_quotes, load_lexicon
from kronika.text.sentences import split_sentences

AID = "fedcba9876543210"

# (lang, text, expected rows as subsets of columns; [] = no quote at all)
CASES = [
    # attitude adjective with an experiencer subject
    ("en", "Officials are confident that the bridge will open in May.",
     [{"text": "the bridge will open in May", "kind": "indirect", "cue": "confident", "speaker_text": "Officials"}]),
    # ... but not an impersonal one (no experiencer)
    ("en", "It is clear that the bridge will open in May.", []),
    # a cue right before the opening mark, no comma or colon
    ("en", 'A letter seen by reporters says "the scheme will be extended to other groups next year".',
     [{"text": "the scheme will be extended to other groups next year", "kind": "direct", "cue": "says"}]),
    # ... but not a quoted noun phrase after it
    ("en", 'The government is recommending "online translation tools" for applicants.', []),
    # straight single quotes opened after a cue and its comma
    ("en", "When fans meet him they say, 'Hey Frank, my name is John,' and he laughs.",
     [{"text": "Hey Frank, my name is John", "kind": "direct", "cue": "say"}]),
    # ... apostrophes elsewhere pair with nothing
    ("en", "The players' bus left at noon, and Frank's car followed it to the stadium.", []),
    # an embedded question after a cue
    ("en", "She explained how the team obtained the images.",
     [{"text": "how the team obtained the images", "kind": "indirect", "cue": "explained", "speaker_text": "She"}]),
    # *that* as a pronoun is no complementizer
    ("en", "When I wrote my first poems, that was a hard time for me.", []),
    # according to: the clause its comma faces, after a complementizer
    ("en", "Reporters have learned that according to a posting made yesterday by the group, the website is under attack.",
     [{"text": "the website is under attack", "kind": "indirect", "cue": "according to"}]),
    # ... a manner phrase with no comma is no source
    ("en", "The Tsar organised his army according to the West European system.", []),
    # an inverted reporting clause whose subject is in the would-be content is no report
    ("en", "Walt Whitman, the great American poet, wrote about the war.", []),
    # a cue the tagger reads as a noun, with a subject and a that-clause
    ("en", "Airport staff claim that only citizens of China need no visa.",
     [{"text": "only citizens of China need no visa", "kind": "indirect", "cue": "claim"}]),
    # a report coordinated inside a complement makes its own row
    ("en", "The minister said that taxes will fall next year and added that pensions will rise.",
     [{"text": "taxes will fall next year", "cue": "said"}, {"text": "pensions will rise", "cue": "added"}]),
    # ... a report nested as the complement stays inside the outer one
    ("en", "The minister said that he believes taxes will fall next year.",
     [{"text": "he believes taxes will fall next year", "cue": "said"}]),
    ("lv", "Ministrs sacīja, ka nodokļi nākamgad samazināsies, un piebilda, ka pensijas pieaugs.",
     [{"text": "nodokļi nākamgad samazināsies", "cue": "sacīja"}, {"text": "pensijas pieaugs", "cue": "piebilda"}]),
    # lv: atklāt (Reveal_secret / Becoming_aware in the gold) is no longer a cue
    ("lv", "Pētnieki atklāja, ka ūdens līmenis ezerā ceļas.", []),
    # lv: a reporting verb still is
    ("lv", "Pētnieki paziņoja, ka ūdens līmenis ezerā ceļas.",
     [{"text": "ūdens līmenis ezerā ceļas", "kind": "indirect", "cue": "paziņoja"}]),
]  # fmt: skip


@pytest.fixture(scope="module")
def articles() -> dict[tuple[str, str], AnnotatedArticle]:
    from kronika.nlp import annotate

    out = {}
    for lang in ("lv", "en"):
        texts = [t for lg, t, _ in CASES if lg == lang]
        for text, doc in zip(texts, annotate(texts, lang), strict=True):
            sents = split_sentences(text)
            mentions = extract_mentions(doc, AID, text, lang, [s for s, _ in sents])
            out[(lang, text)] = AnnotatedArticle(
                AID, text, lang, doc, sents, rows={"mentions": mentions}
            )
    return out


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_construction(articles, lang: str, text: str, expected: list[dict]) -> None:
    art = articles[(lang, text)]
    rows = extract_quotes(art)
    assert len(rows) == len(expected), [(r["text"], r["cue"]) for r in rows]
    for row, want in zip(rows, expected, strict=True):
        assert text[row["start"] : row["end"]] == row["text"]
        for key, value in want.items():
            assert row[key] == value, (key, row)


@pytest.mark.parametrize(
    ("form", "lemma", "present"),
    [
        ("admitted", "admit", True),
        ("declaring", "declare", True),
        ("implied", "imply", True),
        ("notes", "note", True),
        ("claims", "claim", True),
        ("told", "tell", True),
        ("thinking", "think", True),
        ("stopping", "stop", True),
        ("guess", "gues", False),  # -ss is no plural
        ("said", "sai", False),
    ],
)
def test_en_lemma_candidates(form: str, lemma: str, present: bool) -> None:
    assert (lemma in en_lemma_candidates(form)) is present


def test_lexicon_kinds_are_separate() -> None:
    en = load_lexicon("en")
    assert "sure" in en.adjectives and "sure" not in en.verbs
    assert "say" in en.verbs and "report" in en.documents
    assert "atklāt" not in load_lexicon("lv").verbs
