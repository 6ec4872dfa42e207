"""Within-article entity linking, stable ids, and the entities table (incl. the seed article)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import spacy

from kronika.extract.mentions import extract_mentions, rows_from_spans
from kronika.link.coref import assign_entities
from kronika.link.entities import build_entities
from kronika.link.ids import local_entity_id
from schemas.entities import Entity
from schemas.mentions import Mention

REPO = Path(__file__).resolve().parents[1]
SEED = json.loads((REPO / "tests/data/link/seed_ents.json").read_text(encoding="utf-8"))
SEED_TEXT = (REPO / SEED["source"]).read_text(encoding="utf-8")
ARTICLE = "0123456789abcdef"
RUN = "20261128T000000Z-abcdef"


def _rows(text: str, spans: list[tuple[str, str]], lang: str = "lv") -> list[dict]:
    """Spans given as (surface, label), each at its first unused occurrence."""
    out, pos = [], {}
    for surface, label in spans:
        s = text.index(surface, pos.get(surface, 0))
        pos[surface] = s + 1
        out.append((s, s + len(surface), label))
    return rows_from_spans(text, out, article_id=ARTICLE, lang=lang)


def _ids(rows: list[dict]) -> dict[str, str]:
    return {r["surface"]: r["entity_id"] for r in rows}


def test_link_partial_and_inflected_person() -> None:
    text = "Jenss Stoltenbergs ieradās. Stoltenbergs runāja. Stoltenberga vizīte beidzās."
    ids = _ids(
        _rows(
            text, [("Jenss Stoltenbergs", "PER"), ("Stoltenbergs", "PER"), ("Stoltenberga", "PER")]
        )
    )
    assert len(set(ids.values())) == 1
    assert ids["Stoltenberga"] == local_entity_id("PER", "Jenss Stoltenbergs")
    rows = _rows(text, [("Jenss Stoltenbergs", "PER"), ("Stoltenberga", "PER")])
    assert rows[-1]["lemma"] == "Stoltenbergs"  # from the article's own nominative


def test_link_bilingual_alias() -> None:
    text = "vēstnieks Pīters Taksoe-Jensens (Peter Taksoe-Jensen) sacīja. Taksoe-Jensena vārdi."
    rows = _rows(
        text,
        [
            ("Pīters Taksoe-Jensens", "PER"),
            ("Peter Taksoe-Jensen", "PER"),
            ("Taksoe-Jensena", "PER"),
        ],
    )
    assert len({r["entity_id"] for r in rows}) == 1


@pytest.mark.parametrize(
    ("text", "long", "short"),
    [
        (
            "Individuālās partnerības un sadarbības programmas (IPSP) uzlabojums. IPSP mērķis.",
            "Individuālās partnerības un sadarbības programmas",
            "IPSP",
        ),
        (
            "The Organization for Security and Co-operation in Europe and later the OSCE.",
            "Organization for Security and Co-operation in Europe",
            "OSCE",
        ),
        (
            "Eiropas Drošības un sadarbības organizācijā Vīnē; EDSO birojs.",
            "Eiropas Drošības un sadarbības organizācijā",
            "EDSO",
        ),
    ],
)
def test_link_acronym_and_expansion(text: str, long: str, short: str) -> None:
    lang = "en" if text.startswith("The") else "lv"
    ids = _ids(_rows(text, [(long, "ORG"), (short, "ORG")], lang))
    assert ids[long] == ids[short]


def test_link_keeps_different_people_apart() -> None:
    text = "Jānis Bērziņš un Anna Bērziņa tikās ar Kariņu. Kariņš sacīja."
    ids = _ids(
        _rows(
            text,
            [
                ("Jānis Bērziņš", "PER"),
                ("Anna Bērziņa", "PER"),
                ("Kariņu", "PER"),
                ("Kariņš", "PER"),
            ],
        )
    )
    assert ids["Jānis Bērziņš"] != ids["Anna Bērziņa"]
    assert ids["Kariņu"] == ids["Kariņš"]


def test_link_different_qids_never_merge() -> None:
    text = "Japāna (Ķīna) un Japānas līderi."
    ids = _ids(_rows(text, [("Japāna", "GPE"), ("Ķīna", "GPE"), ("Japānas", "GPE")]))
    assert (ids["Japāna"], ids["Ķīna"], ids["Japānas"]) == ("Q17", "Q148", "Q17")


def _seed_rows() -> list[dict]:
    doc = spacy.blank("lv")(SEED_TEXT)
    doc.ents = [
        doc.char_span(s, e, label=lab, alignment_mode="expand") for s, e, lab, _ in SEED["spans"]
    ]
    return extract_mentions(doc, ARTICLE, SEED_TEXT, "lv", [0])


def _articles() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": [ARTICLE],
            "lang": ["lv"],
            "published_at": pl.Series([None], dtype=pl.Datetime("us", "UTC")),
            "ingested_at": [dt.datetime(2026, 11, 28, tzinfo=dt.UTC)],
        }
    )


def _entities(rows: list[dict]) -> pl.DataFrame:
    mentions = pl.DataFrame(rows).with_columns(pl.lit(RUN).alias("run_id"))
    Mention.validate(mentions, lazy=True)
    ents = build_entities(mentions, _articles())
    Entity.validate(ents.with_columns(pl.lit(RUN).alias("run_id")), lazy=True)
    return ents


# The seed README's places and organisations: base form -> Wikidata id (null: not in lexicon).
SEED_EXPECTED = json.loads(
    (Path(__file__).parent / "data" / "seed_entities.json").read_text("utf-8")
)


def test_link_seed_article_entities() -> None:
    ents = _entities(_seed_rows())
    names = ents["name_lv"].to_list()  # a Latvian article: its base forms are the lv names
    for name, qid in SEED_EXPECTED.items():
        assert names.count(name) == 1, name
        row = ents.filter(pl.col("name_lv") == name).row(0, named=True)
        assert row["wikidata_id"] == qid, name
    people = ents.filter(pl.col("label") == "PER")
    assert sorted(people["canonical_name"]) == ["Jenss Stoltenbergs", "Pīters Taksoe-Jensens"]
    assert people["name_en"].is_null().all()  # no English article, no lexicon entry
    taksoe = people.filter(pl.col("canonical_name") == "Pīters Taksoe-Jensens").row(0, named=True)
    assert "Peter Taksoe-Jensen" in taksoe["aliases"]
    japan = ents.filter(pl.col("wikidata_id") == "Q17").row(0, named=True)
    assert (japan["canonical_name"], japan["name_lv"], japan["name_en"]) == (
        "Japan",  # the lexicon's English name: canonical names are English when known
        "Japāna",
        "Japan",
    )
    assert "Japāna" in japan["aliases"]
    assert japan["n_mentions"] == 11 and japan["n_articles"] == 1
    assert japan["first_seen"] == dt.datetime(2026, 11, 28, tzinfo=dt.UTC)


def test_link_ids_stable_across_calls_and_processes() -> None:
    first = _entities(_seed_rows())
    assert first.equals(_entities(_seed_rows()))
    code = (
        "import json,sys; sys.path.insert(0, 'tests');"
        "import test_link_entities as t;"
        "print(json.dumps(sorted(r['entity_id'] for r in t._seed_rows())))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == sorted(r["entity_id"] for r in _seed_rows())


def test_link_entities_across_articles_and_reruns() -> None:
    rows_a = assign_entities(
        [{"start": 0, "end": 6, "surface": "Tokijā", "lemma": "Tokija", "label": "GPE"}],
        "Tokijā",
        "lv",
    )
    assert rows_a[0]["entity_id"] == "Q1490"
    text = "Jenss Stoltenbergs."
    a = rows_from_spans(text, [(0, 18, "PER")], article_id="a" * 16, lang="lv")
    b = rows_from_spans(text, [(0, 18, "PER")], article_id="b" * 16, lang="lv")
    assert a[0]["entity_id"] == b[0]["entity_id"]
    runs = [
        pl.DataFrame(a + b).with_columns(pl.lit(r).alias("run_id"))
        for r in (RUN, "20261129T000000Z-abcdef")
    ]
    arts = pl.DataFrame(
        {
            "article_id": ["a" * 16, "b" * 16],
            "published_at": [dt.datetime(2026, 1, 1, tzinfo=dt.UTC), None],
            "ingested_at": [dt.datetime(2026, 11, 28, tzinfo=dt.UTC)] * 2,
        }
    )
    ents = build_entities(pl.concat(runs), arts)
    row = ents.row(0, named=True)
    assert (row["n_mentions"], row["n_articles"]) == (2, 2)  # re-run rows not double-counted
    assert row["first_seen"] == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert row["last_seen"] == dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    assert row["canonical_name"] == "Jenss Stoltenbergs"
