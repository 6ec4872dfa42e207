"""The shipped lexicon links lv/en names, inflected forms and acronyms to Wikidata ids."""

import pytest

from kronika.link.lexicon import acronym_key, load_lexicon, normalise
from kronika.link.names import lexicon_match


@pytest.mark.parametrize(
    ("name", "lang", "qid", "base"),
    [
        ("Tokijā", "lv", "Q1490", "Tokija"),
        ("Tokijas", "lv", "Q1490", "Tokija"),
        ("Japānas", "lv", "Q17", "Japāna"),
        ("Japānā", "lv", "Q17", "Japāna"),
        ("Dienvidkorejas", "lv", "Q884", "Dienvidkoreja"),
        ("ASV", "lv", "Q30", "ASV"),
        ("Amerikas Savienotajās Valstīs", "lv", "Q30", "Amerikas Savienotās Valstis"),
        ("Lielbritānijā", "lv", "Q145", "Lielbritānija"),
        ("NATO", "lv", "Q7184", "NATO"),
        ("ANO", "lv", "Q1065", "ANO"),
        ("Apvienoto Nāciju Organizācijā", "lv", "Q1065", "Apvienoto Nāciju Organizācija"),
        ("EDSO", "lv", "Q81299", "EDSO"),
        ("Eiropas Drošības un sadarbības organizācijā", "lv", "Q81299", None),
        ("ES", "lv", "Q458", "ES"),
        ("Viļņas", "lv", "Q216", "Viļņa"),
        ("Bosnijā un Hercegovinā", "lv", "Q225", "Bosnija un Hercegovina"),
        ("Tokyo", "en", "Q1490", "Tokyo"),
        ("the United States", "en", "Q30", "United States"),
        ("U.S.", "en", "Q30", "US"),
        ("UN", "en", "Q1065", "UN"),
        ("NATO's", "en", "Q7184", "NATO"),
        ("OSCE", "en", "Q81299", "OSCE"),
        ("ASEAN", "en", "Q7768", "ASEAN"),
        ("Paris, France", "en", "Q90", "Paris"),
    ],
)
def test_link_lexicon_known_names(name: str, lang: str, qid: str, base: str | None) -> None:
    m = lexicon_match(name, lang)
    assert m is not None and m.entry.qid == qid
    if base:
        assert m.base == base


@pytest.mark.parametrize("name", ["Stoltenbergs", "Nikkei Asia", "IPSP", "WB", "us", "es"])
def test_link_lexicon_refuses_unknown_or_ambiguous(name: str) -> None:
    assert lexicon_match(name, "lv") is None


def test_link_lexicon_entries_have_labels_and_both_languages() -> None:
    lex = load_lexicon()
    assert len(lex) > 1400
    assert {e.label for e in lex.entries.values()} <= {"GPE", "LOC", "ORG"}
    japan = lex.by_qid("Q17")
    assert japan is not None and (japan.name_lv, japan.name_en) == ("Japāna", "Japan")
    assert "ANO" in lex.by_qid("Q1065").acronyms


def test_link_lexicon_keys() -> None:
    assert normalise("  the “United States”'s ") == "united states"
    assert acronym_key("N.A.T.O.") == "NATO"
