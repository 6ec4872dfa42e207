# ruff: noqa: E501  (the case table reads best one case a line)
"""Quotes extractor: text -> expected rows (lv, en), the seed article, invariants.

The shipped pipelines (models/) annotate every text of this module once (module fixture).
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kronika.extract.base import AnnotatedArticle
from kronika.extract.mentions import extract_mentions
from kronika.extract.quote_marks import find_quote_pairs
from kronika.extract.quotes import STATS, extract_quotes, quote_id
from kronika.text.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
SEED = json.loads((REPO / "tests/data/quotes_seed.json").read_text(encoding="utf-8"))
AID = "0123456789abcdef"

# (lang, text, expected rows: subsets of columns; "entity_of" = a mention surface whose
# entity must be the speaker, None = no speaker entity)
CASES = [
    (
        "lv",
        '"Mēs esam gatavi," sacīja ministrs Jānis Bērziņš, "bet vēl ir daudz darāmā."',
        [
            {"text": "Mēs esam gatavi", "kind": "direct", "cue": "sacīja", "entity_of": "Jānis Bērziņš"},
            {"text": "bet vēl ir daudz darāmā.", "kind": "direct", "linked": True, "entity_of": "Jānis Bērziņš"},
        ],
    ),
    (  # scare quotes and titles are not quotes; the sentence is reported speech with fragments
        "lv",
        "Uzņēmums “Latvijas Gāze” izmanto “zaļās tehnoloģijas”, vēsta laikraksts “Dienas Bizness”.",
        [{"kind": "mixed", "cue": "vēsta", "attribution": "explicit", "speaker_text": "Dienas Bizness"}],
    ),
    (  # nested quote: one row holding the inner one
        "lv",
        "„Viņš teica: ‘Nāc šurp’, un es atnācu,” stāsta Anna Kalniņa.",
        [{"text": "Viņš teica: ‘Nāc šurp’, un es atnācu", "kind": "direct", "entity_of": "Anna Kalniņa"}],
    ),
    (  # a quote with no speaker
        "lv",
        '"Šis ir ļoti slikts laiks visiem mums."',
        [{"text": "Šis ir ļoti slikts laiks visiem mums.", "attribution": "none", "entity_of": None}],
    ),
    (  # viņa: the woman named earlier, not the nearer man
        "lv",
        'Ministre Anna Kalniņa apmeklēja skolu. Turpat bija arī Pēteris Ozols. "Skolām vajag vairāk naudas," viņa uzsvēra.',
        [{"text": "Skolām vajag vairāk naudas", "attribution": "pronoun", "speaker_text": "viņa", "entity_of": "Anna Kalniņa"}],
    ),
    (  # a role never named stays a role
        "lv",
        "Asociētais profesors uzskata, ka reforma ir nepieciešama.",
        [{"text": "reforma ir nepieciešama", "kind": "indirect", "attribution": "role_noun", "speaker_text": "Asociētais profesors", "entity_of": None}],
    ),
    (  # several sentences in one quote
        "lv",
        'Futbola treneris Jānis Ozols sacīja: "Mēs spēlējām labi. Nākamreiz mēs uzvarēsim."',
        [{"text": "Mēs spēlējām labi. Nākamreiz mēs uzvarēsim.", "kind": "direct", "entity_of": "Jānis Ozols"}],
    ),
    ("lv", 'Viņš sacīja: "Tas ir labi. Un tad aizgāja.', []),  # unbalanced: skipped
    (
        "lv",
        "Pēc ministra Jāņa Bērziņa teiktā, budžets tiks pieņemts rudenī.",
        [{"text": "budžets tiks pieņemts rudenī", "kind": "indirect", "cue": "teiktā", "attribution": "explicit"}],
    ),
    (
        "lv",
        "Ziņojumā teikts, ka bezdarbs valstī pieaug.",
        [{"text": "bezdarbs valstī pieaug", "cue": "teikts", "attribution": "document", "speaker_text": "Ziņojumā"}],
    ),
    (
        "lv",
        'Premjers Krišjānis Kariņš sacīja, ka valdība strādās "bez brīvdienām un ļoti smagi".',
        [{"kind": "mixed", "cue": "sacīja", "entity_of": "Krišjānis Kariņš"}],
    ),
    (
        "en",
        '"We are ready," said coach John Smith. "The team has trained hard for this game."',
        [
            {"text": "We are ready", "kind": "direct", "cue": "said", "attribution": "explicit", "entity_of": "John Smith"},
            {"text": "The team has trained hard for this game.", "attribution": "context", "entity_of": "John Smith"},
        ],
    ),
    (
        "en",
        '"We are ready," Smith said, "but the weather is bad."',
        [
            {"text": "We are ready", "cue": "said", "entity_of": "Smith"},
            {"text": "but the weather is bad.", "linked": True, "entity_of": "Smith"},
        ],
    ),
    (
        "en",
        "According to the ministry, unemployment fell sharply in March.",
        [{"text": "unemployment fell sharply in March", "kind": "indirect", "cue": "According to", "speaker_text": "the ministry"}],
    ),
    ("en", 'She read "The Old Man and the Sea" and called it "great".', []),  # title, scare quote
    (  # a quote over two paragraphs (no closing mark at the end of the first)
        "en",
        'Mayor Jane Doe said: "The bridge will open in May.\n\n"It will cost less than planned."',
        [{"text": 'The bridge will open in May.\n\n"It will cost less than planned.', "kind": "direct", "cue": "said"}],
    ),
    (
        "en",
        'Mary Brown visited the school on Monday with Peter Green. "It was a good meeting," she said.',
        [{"text": "It was a good meeting", "attribution": "pronoun", "speaker_text": "she", "entity_of": "Mary Brown"}],
    ),
    (
        "en",
        "The report says that emissions rose by ten percent.",
        [{"text": "emissions rose by ten percent", "attribution": "document", "speaker_text": "The report"}],
    ),
    ("en", 'He said: "This is fine.', []),  # unbalanced
]  # fmt: skip


def _article(text: str, lang: str, doc) -> AnnotatedArticle:
    sents = split_sentences(text)
    mentions = extract_mentions(doc, AID, text, lang, [s for s, _ in sents])
    return AnnotatedArticle(AID, text, lang, doc, sents, rows={"mentions": mentions})


@pytest.fixture(scope="module")
def articles() -> dict[tuple[str, str], AnnotatedArticle]:
    from kronika.nlp import annotate

    texts = {lang: [] for lang in ("lv", "en")}
    for lang, text, _ in CASES:
        texts[lang].append(text)
    texts["lv"].append((REPO / SEED["article"]).read_text(encoding="utf-8"))
    out = {}
    for lang, items in texts.items():
        for text, doc in zip(items, annotate(items, lang), strict=True):
            out[(lang, text)] = _article(text, lang, doc)
    return out


def _entity_of(art: AnnotatedArticle, surface: str) -> str:
    ids = {m["entity_id"] for m in art.mentions if m["surface"] == surface}
    assert len(ids) == 1, f"no single mention {surface!r}: {ids}"
    return ids.pop()


def _check_row(art: AnnotatedArticle, row: dict, want: dict) -> None:
    for key in ("text", "kind", "cue", "attribution", "speaker_text"):
        if key in want:
            assert row[key] == want[key], (key, row)
    if "entity_of" in want:
        expected = _entity_of(art, want["entity_of"]) if want["entity_of"] else None
        assert row["speaker_entity_id"] == expected, row
    if want.get("linked"):
        assert row["linked_quote_id"] is not None, row


def _check_invariants(art: AnnotatedArticle, rows: list[dict]) -> None:
    entity_ids = {m["entity_id"] for m in art.mentions}
    mention_ids = {m["mention_id"] for m in art.mentions}
    spans = sorted((r["start"], r["end"]) for r in rows)
    for (_, e1), (s2, _) in pairwise(spans):
        assert e1 <= s2, "quotes overlap"
    for r in rows:
        assert art.text[r["start"] : r["end"]] == r["text"] and r["start"] < r["end"]
        assert r["quote_id"] == quote_id(AID, r["start"], r["end"])
        if r["cue_start"] is not None:
            assert art.text[r["cue_start"] : r["cue_end"]] == r["cue"]
        if r["speaker_start"] is not None:
            assert art.text[r["speaker_start"] : r["speaker_end"]] == r["speaker_text"]
        assert r["speaker_entity_id"] is None or r["speaker_entity_id"] in entity_ids
        assert r["runner_up_entity_id"] is None or r["runner_up_entity_id"] in entity_ids
        assert r["speaker_mention_id"] is None or r["speaker_mention_id"] in mention_ids
        assert r["linked_quote_id"] is None or r["linked_quote_id"] in {x["quote_id"] for x in rows}


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_text_to_rows(articles, lang: str, text: str, expected: list[dict]) -> None:
    art = articles[(lang, text)]
    rows = extract_quotes(art)
    _check_invariants(art, rows)
    assert len(rows) == len(expected), [r["text"] for r in rows]
    for row, want in zip(rows, expected, strict=True):
        _check_row(art, row, want)


def test_unbalanced_marks_are_counted(articles) -> None:
    art = articles[("lv", 'Viņš sacīja: "Tas ir labi. Un tad aizgāja.')]
    before = STATS["unbalanced_marks"]
    assert extract_quotes(art) == []
    assert STATS["unbalanced_marks"] == before + 1


def test_seed_article(articles) -> None:
    text = (REPO / SEED["article"]).read_text(encoding="utf-8")
    art = articles[("lv", text)]
    rows = extract_quotes(art)
    _check_invariants(art, rows)
    for want in SEED["rows"]:
        found = [r for r in rows if r["text"].startswith(want["text_start"])]
        assert len(found) == 1, want["text_start"]
        _check_row(
            art,
            found[0],
            {k: v for k, v in want.items() if k != "text_start"}
            | ({"entity_of": want["speaker_entity_of"]} if "speaker_entity_of" in want else {}),
        )
    texts = {r["text"] for r in rows}
    for scare in SEED["not_quotes"]:
        assert scare not in texts


_PIECES = st.sampled_from(
    ['"', "„", "“", "”", "«", "»", "‘", "’", " ", "\n", "a", "Bc", ", ", ". "]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=300)
def test_mark_pairs_are_nested_spans(text: str) -> None:
    found = find_quote_pairs(text)
    last_close = -1
    for p in found.pairs:
        assert 0 <= p.open < p.close < len(text)
        assert p.open > last_close  # outermost pairs never overlap
        last_close = p.close
    assert found.unbalanced >= 0


_LV_PARTS = [
    '"Tas būs ļoti grūts gads visiem," sacīja ministrs Jānis Bērziņš.',
    "Viņš piebilda, ka budžets tiks pieņemts rudenī.",
    "Uzņēmums “Latvijas Gāze” izmanto “zaļās tehnoloģijas”.",
    "Pēc Annas Kalniņas teiktā, skolas tiks remontētas.",
    '"Mēs esam gatavi," viņa uzsvēra, "bet vēl ir daudz darāmā."',
    'Vēstnieks sacīja: "Sadarbība turpināsies.',
    "\n",
    "Ziņojumā teikts, ka bezdarbs pieaug.",
    "Rīgā šodien līst.",
]


@pytest.fixture(scope="module")
def lv_nlp():
    from kronika.nlp import load_pipeline

    nlp = load_pipeline("lv")
    if nlp is None:
        pytest.skip("the shipped lv pipeline is not in models/")
    return nlp


@given(st.lists(st.sampled_from(_LV_PARTS), min_size=1, max_size=6))
@settings(max_examples=25)
def test_rows_keep_the_invariants_on_any_mix(lv_nlp, parts: list[str]) -> None:
    text = " ".join(parts)
    art = _article(text, "lv", lv_nlp(text))
    _check_invariants(art, extract_quotes(art))
