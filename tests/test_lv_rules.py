"""Latvian span rules after the NER (kronika/nlp/lv_rules.py), on hand-built docs."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, Span  # noqa: E402

from kronika.nlp import lv_rules  # noqa: E402

HEADS = lv_rules.head_forms({"komercskola": "ORG", "iela": "LOC", "institūts": "ORG"})


def make_doc(tokens: list[tuple[str, str, str]], ents: list[tuple[int, int, str]]) -> Doc:
    """tokens: (text, POS, Case or '')."""
    nlp = spacy.blank("lv")
    words = [t[0] for t in tokens]
    doc = Doc(
        nlp.vocab,
        words=words,
        pos=[t[1] for t in tokens],
        morphs=[f"Case={t[2]}" if t[2] else "" for t in tokens],
        sent_starts=[True] + [False] * (len(words) - 1),
    )
    doc.ents = [Span(doc, s, e, label) for s, e, label in ents]
    return doc


def spans(ents: list[Span]) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in sorted(ents, key=lambda e: e.start)]


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # place + lowercase head: one ORG/LOC name
        (
            [("Mācījās", "VERB", ""), ("Rēzeknes", "PROPN", "Gen"), ("komercskolā", "NOUN", "Loc")],
            [(1, 2, "GPE")],
            [("Rēzeknes komercskolā", "ORG")],
        ),
        (
            [("Dzīvo", "VERB", ""), ("Cēsu", "PROPN", "Gen"), ("ielā", "NOUN", "Loc")],
            [(1, 2, "GPE")],
            [("Cēsu ielā", "LOC")],
        ),
        # over lowercase genitive modifiers and "un"
        (
            [
                ("Strādā", "VERB", ""),
                ("Latvijas", "PROPN", "Gen"),
                ("Universitātes", "NOUN", "Gen"),
                ("Matemātikas", "NOUN", "Gen"),
                ("un", "CCONJ", ""),
                ("informātikas", "NOUN", "Gen"),
                ("institūtā", "NOUN", "Loc"),
            ],
            [(1, 4, "ORG")],
            [("Latvijas Universitātes Matemātikas un informātikas institūtā", "ORG")],
        ),
        # negatives: a non-genitive word stops the walk; no capitalised start, no name
        (
            [
                ("Viņš", "PRON", ""),
                ("Ušakova", "PROPN", "Gen"),
                ("vēlmi", "NOUN", "Acc"),
                ("ielā", "NOUN", "Loc"),
            ],
            [(1, 2, "PER")],
            [("Ušakova", "PER")],
        ),
        (
            [
                ("Tā", "PRON", ""),
                ("ir", "AUX", ""),
                ("šaura", "ADJ", "Nom"),
                ("iela", "NOUN", "Nom"),
            ],
            [],
            [],
        ),
    ],
)
def test_head_extend(tokens, ents, expected) -> None:
    doc = make_doc(tokens, ents)
    assert spans(lv_rules.head_extend(doc, list(doc.ents), HEADS)) == expected


def test_head_label_relabels_by_head_noun() -> None:
    doc = make_doc([("Rēzeknes", "PROPN", "Gen"), ("komercskola", "NOUN", "Nom")], [(0, 2, "LOC")])
    assert spans(lv_rules.head_label(list(doc.ents), HEADS)) == [("Rēzeknes komercskola", "ORG")]


def test_tail_trim_cuts_verbs_and_dashes_not_names() -> None:
    doc = make_doc(
        [
            ("Cēsu", "PROPN", "Gen"),
            ("ielā", "NOUN", "Loc"),
            ("vadīja", "VERB", ""),
            ("-", "PUNCT", ""),
        ],
        [(0, 3, "LOC")],
    )
    assert spans(lv_rules.tail_trim(list(doc.ents))) == [("Cēsu ielā", "LOC")]
    doc = make_doc([("Rīgas", "PROPN", "Gen"), ("Dome", "NOUN", "Nom")], [(0, 2, "ORG")])
    assert spans(lv_rules.tail_trim(list(doc.ents))) == [("Rīgas Dome", "ORG")]


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("LONDONA", [("LONDONA", "GPE")]),
        ("LETA", [("LETA", "ORG")]),  # a news agency, not a place: left as the NER said
    ],
)
def test_dateline(first: str, expected) -> None:
    doc = make_doc([(first, "PROPN", ""), ("—", "PUNCT", ""), ("Valdība", "NOUN", "Nom")], [])
    doc.ents = [Span(doc, 0, 1, "ORG")]
    places = {"Londona": ("GPE", "Londona")}
    assert spans(lv_rules.dateline(doc, list(doc.ents), places)) == expected


def test_role_trim_and_hyphen_join() -> None:
    doc = make_doc(
        [("Fotogrāfs", "NOUN", "Nom"), ("M.", "PROPN", ""), ("Rozenbergs", "PROPN", "Nom")],
        [(0, 3, "PER")],
    )
    trimmed = lv_rules.role_trim(list(doc.ents), lambda w: w == "fotogrāfs")
    assert spans(trimmed) == [("M. Rozenbergs", "PER")]
    nlp = spacy.blank("lv")
    doc = nlp("Helli Torningu-Šmitu")
    doc.ents = [Span(doc, 0, 2, "PER"), Span(doc, 3, 4, "PER")]
    assert spans(lv_rules.hyphen_join(doc, list(doc.ents))) == [("Helli Torningu-Šmitu", "PER")]


CONLLU = """# newdoc id = d1
1\tBaltijas\tBaltija\tPROPN\t_\t_\t0\t_\t_\tNER=B-location
2\tjūrā\tjūra\tNOUN\t_\t_\t1\t_\t_\tNER=I-location
3\tun\tun\tCCONJ\t_\t_\t1\t_\t_\t_
4\tjūrā\tjūra\tNOUN\t_\t_\t1\t_\t_\t_

1\tzilā\tzils\tADJ\t_\t_\t0\t_\t_\t_
2\tjūra\tjūra\tNOUN\t_\t_\t1\t_\t_\t_
3\tRīgā\tRīga\tPROPN\t_\t_\t1\t_\t_\tNER=B-GPE
4\tjūra\tjūra\tNOUN\t_\t_\t1\t_\t_\t_
5\tjūra\tjūra\tNOUN\t_\t_\t1\t_\t_\t_
6\tjūra\tjūra\tNOUN\t_\t_\t1\t_\t_\t_

# newdoc id = held_out
1\tDoma\tDoms\tPROPN\t_\t_\t0\t_\t_\tNER=B-location
2\tlaukums\tlaukums\tNOUN\t_\t_\t1\t_\t_\tNER=I-location
"""


@pytest.mark.parametrize(
    ("context_share", "expected"),
    [
        # jūra ends a name in 1 of 5 occurrences (< 0.25), but in 1 of 2 after a capital
        (None, {}),
        (0.5, {"jūra": "LOC"}),
        (0.67, {}),
    ],
)
def test_head_table_share_after_a_capital(tmp_path, context_share, expected) -> None:
    path = tmp_path / "lv.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    table = lv_rules.head_table(path, ["held_out"], context_share=context_share)
    assert table == expected  # the held-out document's laukums is never read


def test_place_heads_added_but_data_label_wins(monkeypatch) -> None:
    monkeypatch.setattr(lv_rules, "USE_PLACE_HEADS", True)
    table = lv_rules.with_place_heads({"laukums": "ORG", "institūts": "ORG"})
    assert table["laukums"] == "ORG" and table["upe"] == "LOC" and table["novads"] == "GPE"
    monkeypatch.setattr(lv_rules, "USE_PLACE_HEADS", False)
    assert "upe" not in lv_rules.with_place_heads({"institūts": "ORG"})


def test_head_extend_over_a_person_tagged_genitive_to_a_river() -> None:
    heads = lv_rules.head_forms(lv_rules.with_place_heads({}))
    doc = make_doc(
        [
            ("Devās", "VERB", ""),
            ("uz", "ADP", ""),
            ("Ruņas", "PROPN", "Gen"),
            ("upi", "NOUN", "Acc"),
        ],
        [(2, 3, "PER")],
    )
    assert spans(lv_rules.head_extend(doc, list(doc.ents), heads)) == [("Ruņas upi", "LOC")]
    # a lowercase word before the head is no name: nothing is made
    doc = make_doc([("Devās", "VERB", ""), ("uz", "ADP", ""), ("upi", "NOUN", "Acc")], [])
    assert lv_rules.head_extend(doc, [], heads) == []


@pytest.mark.parametrize(
    ("word", "label", "expected"),
    [
        ("Zvejniekciemā", "LOC", "GPE"),  # a compound of ciems (GPE head)
        ("Daugavpili", "GPE", "GPE"),  # a compound of pils (LOC head): a town, kept
        ("Tīreļpurvā", "LOC", "LOC"),
        ("Rīgā", "LOC", "LOC"),  # a gazetteer place is left alone
    ],
)
def test_compound_head_label_gpe_heads_only(word: str, label: str, expected: str) -> None:
    heads = lv_rules.head_forms({"ciems": "GPE", "pils": "LOC", "purvs": "LOC"})
    doc = make_doc([("Uz", "ADP", ""), (word, "PROPN", "Loc")], [(1, 2, label)])
    places = {"Rīgā": ("GPE", "Rīga")}
    assert spans(lv_rules.compound_head_label(list(doc.ents), heads, places)) == [(word, expected)]


def test_head_extend_keeps_coordinated_names_apart() -> None:
    heads = lv_rules.head_forms({"krastmala": "LOC"})
    tokens = [
        ("Pie", "ADP", ""),
        ("Daugavas", "PROPN", "Gen"),
        ("krastmalas", "NOUN", "Gen"),
        ("un", "CCONJ", ""),
        ("11.", "ADJ", ""),
        ("novembra", "NOUN", "Gen"),
        ("krastmalas", "NOUN", "Gen"),
    ]
    doc = make_doc(tokens, [(1, 2, "LOC")])
    assert spans(lv_rules.head_extend(doc, list(doc.ents), heads)) == [
        ("Daugavas krastmalas", "LOC"),
        ("11. novembra krastmalas", "LOC"),
    ]
