"""Entities carry a name per language, and canonical_name follows one documented rule.

Rule (docs/entities.md): `name_<lang>` is the entity's most frequent base form in that
language's articles (a `k:` id's own name first), else the lexicon's name in that language;
`canonical_name` is `name_en` when known, else a `k:` id's own name, else `name_lv`.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from kronika.extract.mentions import rows_from_spans
from kronika.link.entities import ENTITY_COLUMNS, build_entities
from schemas.entities import Entity

RUN = "20261130T000000Z-abcdef"
LV, EN = "a" * 16, "b" * 16
LV_TEXT = "Vācijas kanclers tikās ar Eiropas Savienības vadītājiem. Vācija atbalsta ES."
EN_TEXT = "Germany backed the European Union plan. The EU and Germany agreed."


def _mentions(text: str, spans: list[tuple[str, str]], article_id: str, lang: str) -> list[dict]:
    found, pos = [], {}
    for surface, label in spans:
        start = text.index(surface, pos.get(surface, 0))
        pos[surface] = start + 1
        found.append((start, start + len(surface), label))
    return rows_from_spans(text, found, article_id=article_id, lang=lang)


def _articles(langs: dict[str, str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": list(langs),
            "lang": list(langs.values()),
            "published_at": pl.Series([None] * len(langs), dtype=pl.Datetime("us", "UTC")),
            "ingested_at": [dt.datetime(2026, 11, 30, tzinfo=dt.UTC)] * len(langs),
        },
        schema_overrides={"lang": pl.String},
    )


LV_ROWS = _mentions(
    LV_TEXT,
    [("Vācijas", "GPE"), ("Eiropas Savienības", "ORG"), ("Vācija", "GPE"), ("ES", "ORG")],
    LV,
    "lv",
)
EN_ROWS = _mentions(
    EN_TEXT,
    [("Germany", "GPE"), ("European Union", "ORG"), ("EU", "ORG"), ("Germany", "GPE")],
    EN,
    "en",
)


def _entities(rows: list[dict], langs: dict[str, str | None]) -> pl.DataFrame:
    ents = build_entities(
        pl.DataFrame(rows).with_columns(pl.lit(RUN).alias("run_id")), _articles(langs)
    )
    Entity.validate(ents.with_columns(pl.lit(RUN).alias("run_id")), lazy=True)
    assert tuple(ents.columns) == ENTITY_COLUMNS
    return ents


def _by_qid(ents: pl.DataFrame, qid: str) -> dict:
    return ents.filter(pl.col("wikidata_id") == qid).row(0, named=True)


@pytest.mark.parametrize(
    ("rows", "langs"),
    [
        (LV_ROWS + EN_ROWS, {LV: "lv", EN: "en"}),
        (EN_ROWS + LV_ROWS, {EN: "en", LV: "lv"}),  # order of arrival does not matter
        (LV_ROWS + LV_ROWS + EN_ROWS, {LV: "lv", EN: "en"}),  # nor does a Latvian majority
    ],
)
def test_germany_in_a_latvian_and_an_english_article(rows: list[dict], langs: dict) -> None:
    ents = _entities(rows, langs)
    germany = _by_qid(ents, "Q183")
    assert (germany["name_lv"], germany["name_en"], germany["canonical_name"]) == (
        "Vācija",
        "Germany",
        "Germany",
    )
    assert "Vācija" in germany["aliases"] and "Germany" not in germany["aliases"]
    assert (germany["n_mentions"], germany["n_articles"]) == (4, 2)
    eu = _by_qid(ents, "Q458")
    assert eu["name_lv"] == "Eiropas Savienība"
    assert eu["canonical_name"] == eu["name_en"]
    assert eu["name_en"] in ("European Union", "EU")  # the English articles' own base form


def test_english_names_come_from_english_usage_first() -> None:
    """In English text *EU* is the more frequent base form: it is the English name."""
    text = "The EU met. The EU agreed. The European Union spoke."
    rows = _mentions(text, [("EU", "ORG"), ("EU", "ORG"), ("European Union", "ORG")], EN, "en")
    eu = _by_qid(_entities(rows, {EN: "en"}), "Q458")
    assert (eu["name_en"], eu["canonical_name"]) == ("EU", "EU")
    assert eu["name_lv"] == "Eiropas Savienība"  # no Latvian article: the lexicon's name


def test_a_latvian_only_corpus_still_shows_english_canonical_names() -> None:
    ents = _entities(LV_ROWS, {LV: "lv"})
    germany = _by_qid(ents, "Q183")
    assert (germany["canonical_name"], germany["name_lv"], germany["name_en"]) == (
        "Germany",  # from the lexicon: an English reader sees English names
        "Vācija",
        "Germany",
    )


def test_local_entities_get_names_only_in_languages_that_mention_them() -> None:
    lv = _mentions(
        "Jenss Stoltenbergs runāja. Stoltenbergs.",
        [("Jenss Stoltenbergs", "PER"), ("Stoltenbergs", "PER")],
        LV,
        "lv",
    )
    en = _mentions(
        "Jens Stoltenberg spoke. Stoltenberg left. Stoltenberg.",
        [("Jens Stoltenberg", "PER"), ("Stoltenberg", "PER"), ("Stoltenberg", "PER")],
        EN,
        "en",
    )
    ents = _entities(lv + en, {LV: "lv", EN: "en"}).sort("canonical_name")
    rows = ents.select("canonical_name", "name_lv", "name_en").rows()
    # The id-defining full name wins over the more frequent surname-only mentions.
    assert rows == [
        ("Jens Stoltenberg", None, "Jens Stoltenberg"),
        ("Jenss Stoltenbergs", "Jenss Stoltenbergs", None),
    ]


@pytest.mark.parametrize("langs", [{LV: None}, {LV: "und"}, {LV: "de"}])
def test_articles_without_a_supported_language(langs: dict) -> None:
    """No lv/en article: names come from the lexicon only; a local entity has none."""
    rows = LV_ROWS + _mentions(LV_TEXT + " Jānis Bērziņš.", [("Jānis Bērziņš", "PER")], LV, "lv")
    ents = _entities(rows, langs)
    germany = _by_qid(ents, "Q183")
    assert (germany["name_lv"], germany["name_en"]) == ("Vācija", "Germany")
    person = ents.filter(pl.col("label") == "PER").row(0, named=True)
    assert (person["canonical_name"], person["name_lv"], person["name_en"]) == (
        "Jānis Bērziņš",
        None,
        None,
    )


def test_articles_frame_without_a_lang_column() -> None:
    articles = _articles({LV: "lv"}).drop("lang")
    ents = build_entities(pl.DataFrame(LV_ROWS), articles)
    assert _by_qid(ents, "Q183")["name_lv"] == "Vācija"
