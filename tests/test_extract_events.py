"""The event coder (kronika.extract.events) on the shipped pipelines, Latvian and English:
one table row per PLOVER type, modality, dates against a fixed publication date, negatives,
the seed article's expected events (tests/data/events_seed.json) and the row contract."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from kronika.extract.base import AnnotatedArticle
from kronika.extract.events import EVENTS, cameo_roots, extract_events, quote_spans
from kronika.extract.mentions import extract_mentions
from kronika.nlp import annotate, load_pipeline
from kronika.text.sentences import split_sentences
from schemas import TABLES
from schemas.polars_schema import polars_schema

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "raw/lv/nato-tokyo.txt"
EXPECTED = json.loads((Path(__file__).parent / "data" / "events_seed.json").read_text("utf-8"))
PUB = dt.datetime(2023, 5, 10, 9, 0, tzinfo=dt.UTC)
ANY = object()  # a role the case does not check

pytestmark = pytest.mark.skipif(
    load_pipeline("lv") is None or load_pipeline("en") is None, reason="no lv/en model shipped"
)

# (sentence, PLOVER type, actor evidence, target evidence); None = must be null.
LV_TYPES = [
    (
        "Latvija un Igaunija vakar vienojās par kopīgu robežas apsardzi.",
        "AGREE",
        "Latvija",
        "Igaunija",
    ),
    (
        "Ministrs Kariņš otrdien tikās ar Polijas prezidentu Varšavā.",
        "CONSULT",
        "Kariņš",
        "Polijas",
    ),
    ("Vācija atbalsta Ukrainas dalību NATO.", "SUPPORT", "Vācija", ANY),
    ("Igaunija sadarbosies ar Somiju enerģētikas jomā.", "COOPERATE", "Igaunija", "Somiju"),
    ("Zviedrija palīdzēja Ukrainai ar ieročiem.", "AID", "Zviedrija", "Ukrainai"),
    (
        "Lietuva aicināja Eiropas Savienību pastiprināt sankcijas.",
        "REQUEST",
        "Lietuva",
        "Eiropas Savienību",
    ),
    ("Krievija apsūdzēja Ukrainu uzbrukumā.", "ACCUSE", "Krievija", "Ukrainu"),
    ("Ungārija noraidīja Eiropas Komisijas priekšlikumu.", "REJECT", "Ungārija", ANY),
    ("Krievija draudēja Lietuvai ar atbildes pasākumiem.", "THREATEN", "Krievija", "Lietuvai"),
    ("Tūkstošiem cilvēku protestēja Rīgā pret jauno likumu.", "PROTEST", ANY, ANY),
    (
        "Eiropas Savienība noteica sankcijas Baltkrievijai.",
        "SANCTION",
        "Eiropas Savienība",
        "Baltkrievijai",
    ),
    ("Krievija mobilizēja rezervistus.", "MOBILIZE", "Krievija", "rezervistus"),
    ("Policija arestēja trīs aktīvistus Minskā.", "COERCE", "Policija", "aktīvistus"),
    ("Krievija uzbruka Ukrainai 2022. gada 24. februārī.", "ASSAULT", "Krievija", "Ukrainai"),
    ("Valdība atkāpās pēc neuzticības balsojuma.", "RETREAT", "Valdība", None),
    ("Premjerministrs piekāpās opozīcijas prasībām.", "CONCEDE", "Premjerministrs", ANY),
]
EN_TYPES = [
    ("Lithuania and Poland agreed on a joint border patrol.", "AGREE", "Lithuania", "Poland"),
    ("Stoltenberg visited Japan in 2014.", "CONSULT", "Stoltenberg", "Japan"),
    ("Germany supports Ukraine's bid to join NATO.", "SUPPORT", "Germany", ANY),
    ("Estonia will cooperate with Finland on energy.", "COOPERATE", "Estonia", "Finland"),
    ("Sweden helped Ukraine with weapons.", "AID", "Sweden", "Ukraine"),
    ("France called on Russia to withdraw its troops.", "REQUEST", "France", "Russia"),
    ("The EU condemned Russia.", "ACCUSE", "EU", "Russia"),
    ("Hungary rejected the proposal of the European Commission.", "REJECT", "Hungary", ANY),
    ("Russia threatened Lithuania with retaliation.", "THREATEN", "Russia", "Lithuania"),
    ("Thousands of people protested in Riga against the new law.", "PROTEST", ANY, ANY),
    (
        "The United States imposed sanctions on Iran last week.",
        "SANCTION",
        "United States",
        "Iran",
    ),
    ("Russia mobilized reservists.", "MOBILIZE", "Russia", "reservists"),
    ("Poland arrested two Russian spies.", "COERCE", "Poland", "spies"),
    ("Russia attacked Ukraine on Tuesday.", "ASSAULT", "Russia", "Ukraine"),
    ("The government resigned after a vote of no confidence.", "RETREAT", "government", None),
    ("The prime minister conceded to the opposition.", "CONCEDE", "minister", ANY),
]

# (lang, sentence, trigger, modality)
MODALITY = [
    ("lv", "Lietuva nākamnedēļ parakstīs līgumu ar Poliju.", "parakstīs", "planned"),
    ("lv", "Valdība plāno atbalstīt Ukrainu.", "atbalstīt", "planned"),
    ("lv", "Krievija uzbruka Ukrainai 2022. gada 24. februārī.", "uzbruka", "asserted"),
    ("lv", "Igaunija neparakstīja līgumu ar Krieviju.", "neparakstīja", "negated"),
    (
        "lv",
        "Ja Krievija uzbruktu Igaunijai, NATO aizstāvētu sabiedroto.",
        "uzbruktu",
        "hypothetical",
    ),
    ("lv", "Ministrs sacīja, ka Krievija uzbruka Ukrainai.", "uzbruka", "reported"),
    ("lv", '"Mēs uzbruksim Kijivai," paziņoja Krievijas ģenerālis.', "uzbruksim", "reported"),
    ("en", "NATO and Japan will sign an agreement in Tokyo next month.", "sign", "planned"),
    ("en", "Russia plans to attack Ukraine.", "attack", "planned"),
    ("en", "Russia attacked Ukraine on Tuesday.", "attacked", "asserted"),
    ("en", "Germany did not sign the treaty.", "sign", "negated"),
    ("en", "If China attacks Taiwan, the US would respond.", "attacks", "hypothetical"),
    ("en", "The minister said that Russia attacked Ukraine.", "attacked", "reported"),
    ("en", '"We will attack Poland," the Russian minister said.', "attack", "reported"),
]

# (lang, sentence, trigger, date_raw, date_resolved, precision, note) with PUB = 2023-05-10
DATES = [
    (
        "lv",
        "Ministrs vakar apmeklēja Japānu.",
        "apmeklēja",
        "vakar",
        dt.date(2023, 5, 9),
        "day",
        None,
    ),
    (
        "lv",
        "Lietuva nākamnedēļ parakstīs līgumu ar Poliju.",
        "parakstīs",
        "nākamnedēļ",
        dt.date(2023, 5, 15),
        "week",
        None,
    ),
    (
        "lv",
        "Krievija uzbruka Ukrainai 2022. gada 24. februārī.",
        "uzbruka",
        "2022. gada 24. februārī",
        dt.date(2022, 2, 24),
        "day",
        None,
    ),
    (
        "lv",
        "Zviedrija palīdzēja Ukrainai ar ieročiem.",
        "palīdzēja",
        None,
        dt.date(2023, 5, 10),
        "day",
        "publication_date",
    ),
    (
        "en",
        "The United States imposed sanctions on Iran last week.",
        "sanctions",
        "last week",
        dt.date(2023, 5, 1),
        "week",
        None,
    ),
    (
        "en",
        "Russia attacked Ukraine on Tuesday.",
        "attacked",
        "on Tuesday",
        dt.date(2023, 5, 9),
        "day",
        None,
    ),
    (
        "en",
        "The President visited Kyiv on 12 March 2023.",
        "visited",
        "12 March 2023",
        dt.date(2023, 3, 12),
        "day",
        None,
    ),
    ("en", "Estonia will cooperate with Finland on energy.", "cooperate", None, None, None, None),
]

# No event: a verbless headline, figurative uses, attending (not a visit).
NEGATIVES = [
    ("lv", "Sankcijas pret Krieviju"),
    ("lv", "Vīruss uzbrūk imūnsistēmai."),
    ("lv", "Plūdi draud pilsētai."),
    ("lv", "Viņš apmeklēja koncertu."),
    ("lv", "Lēmums tika pieņemts vakar."),
    ("en", "Sanctions against Russia"),
    ("en", "Rust attacks the metal surface."),
]


def _article(text: str, lang: str, doc, published=PUB) -> AnnotatedArticle:
    sentences = split_sentences(text)
    mentions = extract_mentions(doc, "0123456789abcdef", text, lang, [s for s, _ in sentences])
    return AnnotatedArticle(
        "0123456789abcdef", text, lang, doc, sentences, published, {"mentions": mentions}
    )


@pytest.fixture(scope="module")
def coded() -> dict[tuple[str, str], list[dict]]:
    """Every test sentence coded once (the pipelines load once for the module)."""
    texts: dict[str, list[str]] = {"lv": [], "en": []}
    for s, *_ in LV_TYPES:
        texts["lv"].append(s)
    for s, *_ in EN_TYPES:
        texts["en"].append(s)
    for lang, s, *_ in MODALITY + DATES + NEGATIVES:
        texts[lang].append(s)
    out = {}
    for lang, sentences in texts.items():
        unique = list(dict.fromkeys(sentences))
        for text, doc in zip(unique, annotate(unique, lang), strict=True):
            out[(lang, text)] = extract_events(_article(text, lang, doc))
    return out


@pytest.fixture(scope="module")
def seed_rows() -> tuple[str, list[dict]]:
    text = SEED.read_text(encoding="utf-8")
    doc = annotate([text], "lv")[0]
    published = dt.datetime.fromisoformat(EXPECTED["published_at"]).replace(tzinfo=dt.UTC)
    return text, extract_events(_article(text, "lv", doc, published))


def _role(text: str, row: dict, role: str) -> str | None:
    """The role's evidence text; a leading English article is not part of the comparison
    (whether a name span keeps *The* is the mention extractor's business)."""
    start = row[f"{role}_start"]
    if start is None:
        return None
    surface = text[start : row[f"{role}_end"]]
    return surface[4:] if surface.lower().startswith("the ") else surface


def _check_type(coded, lang: str, text: str, ptype: str, actor, target) -> None:
    rows = [r for r in coded[(lang, text)] if r["plover_type"] == ptype]
    assert rows, f"no {ptype} in {text!r}: {coded[(lang, text)]}"
    row = rows[0]
    assert row["cameo_root"] == cameo_roots()[ptype]
    if actor is not ANY:
        assert _role(text, row, "actor") == actor
    if target is not ANY:
        assert _role(text, row, "target") == target


@pytest.mark.parametrize(("text", "ptype", "actor", "target"), LV_TYPES)
def test_lv_each_plover_type(coded, text, ptype, actor, target) -> None:
    _check_type(coded, "lv", text, ptype, actor, target)


@pytest.mark.parametrize(("text", "ptype", "actor", "target"), EN_TYPES)
def test_en_each_plover_type(coded, text, ptype, actor, target) -> None:
    _check_type(coded, "en", text, ptype, actor, target)


def test_tables_cover_the_sixteen_types() -> None:
    types = set(cameo_roots())
    assert len(types) == 16
    assert {t for _, t, *_ in LV_TYPES} == types == {t for _, t, *_ in EN_TYPES}


@pytest.mark.parametrize(("lang", "text", "trigger", "modality"), MODALITY)
def test_modality(coded, lang, text, trigger, modality) -> None:
    rows = [r for r in coded[(lang, text)] if r["trigger"] == trigger]
    assert [r["modality"] for r in rows] == [modality]


@pytest.mark.parametrize(("lang", "text", "trigger", "raw", "resolved", "precision", "note"), DATES)
def test_dates_against_the_publication_date(
    coded, lang, text, trigger, raw, resolved, precision, note
):
    (row,) = [r for r in coded[(lang, text)] if r["trigger"] == trigger]
    assert (row["date_raw"], row["date_resolved"]) == (raw, resolved)
    assert (row["date_precision"], row["date_note"]) == (precision, note)
    if raw is not None:
        assert text[row["date_start"] : row["date_end"]] == raw


def test_relative_date_of_an_undated_article_stays_unresolved() -> None:
    text = "Ministrs vakar apmeklēja Japānu."
    (row,) = extract_events(_article(text, "lv", annotate([text], "lv")[0], published=None))
    assert (row["date_raw"], row["date_resolved"], row["date_note"]) == (
        "vakar", None, "no_publication_date"
    )  # fmt: skip


@pytest.mark.parametrize(("lang", "text"), NEGATIVES)
def test_no_event(coded, lang, text) -> None:
    assert coded[(lang, text)] == []


def test_a_quoted_threat_is_reported() -> None:
    text = '"Mēs draudēsim Lietuvai ar sankcijām," sacīja ministrs.'
    rows = extract_events(_article(text, "lv", annotate([text], "lv")[0]))
    assert [(r["plover_type"], r["modality"]) for r in rows] == [("THREATEN", "reported")]


def test_quote_spans_skip_names_in_quotes() -> None:
    text = 'vēsta “Nikkei Asia”. "Mēs uzbruksim Kijivai," viņš teica.'
    assert [text[a:b] for a, b in quote_spans(text, 0, len(text))] == ['"Mēs uzbruksim Kijivai,"']


@pytest.mark.parametrize("expected", EXPECTED["events"], ids=lambda e: e["what"])
def test_seed_article_events(seed_rows, expected) -> None:
    text, rows = seed_rows
    found = [r for r in rows if r["trigger"] == expected["trigger"]]
    assert found, f"no event on {expected['trigger']!r}"
    row = found[0]
    for key, value in expected.items():
        if key in ("what", "trigger"):
            continue
        if key in ("actor", "target", "location"):
            assert _role(text, row, key) == value, key
        elif key == "date_resolved":
            assert row[key] == (dt.date.fromisoformat(value) if value else None)
        else:
            assert row[key] == value, key


def test_rows_keep_offsets_and_fit_the_contract(coded, seed_rows) -> None:
    text, rows = seed_rows
    every = [(text, r) for r in rows] + [(t, r) for (_, t), rs in coded.items() for r in rs]
    for source, row in every:
        assert source[row["trigger_start"] : row["trigger_end"]] == row["trigger"]
        for role in ("actor", "target", "location"):
            if row[f"{role}_entity_id"] is not None and role != "target":
                assert row[f"{role}_start"] is not None
    frame = pl.DataFrame(
        [
            {**r, "extractor": EVENTS.name, "extractor_version": EVENTS.version,
             "run_id": "20261130T010000Z-abcdef"}
            for r in rows
        ],
        schema=polars_schema("events"),
        orient="row",
    )  # fmt: skip
    TABLES["events"].validate(frame)
    assert frame["event_id"].n_unique() == frame.height


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_roles_never_come_from_another_sentence(lang: str) -> None:
    """All table sentences as one article: every role's evidence lies in its trigger's
    sentence, and the events are those of the sentences coded one by one."""
    table = LV_TYPES if lang == "lv" else EN_TYPES
    text = " ".join(s for s, *_ in table)
    article = _article(text, lang, annotate([text], lang)[0])
    rows = extract_events(article)
    assert {r["plover_type"] for r in rows} >= {t for _, t, *_ in table}
    for row in rows:
        s0, s1 = article.sentences[row["sentence_idx"]]
        assert s0 <= row["trigger_start"] < row["trigger_end"] <= s1
        for role in ("actor", "target", "location", "date"):
            if row[f"{role}_start"] is not None:
                assert s0 <= row[f"{role}_start"] < row[f"{role}_end"] <= s1, role
