"""Date expressions of events (kronika.extract.event_dates): found, resolved against a fixed
publication date, anchored dates kept raw; no model needed."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kronika.extract.event_dates import find_dates, nearest_date
from schemas.events import DATE_PRECISIONS

PUB = dt.date(2023, 5, 10)  # a Wednesday

CASES = [
    # (lang, sentence, raw, resolved, precision, note)
    ("lv", "Abas puses to parakstīja 2014. gadā.", "2014. gadā", dt.date(2014, 1, 1), "year", None),
    ("lv", "Viņi tikās 12. martā Rīgā.", "12. martā", dt.date(2023, 3, 12), "day", None),
    (
        "lv",
        "Līgums stājās spēkā 2021. gada 3. jūnijā.",
        "2021. gada 3. jūnijā",
        dt.date(2021, 6, 3),
        "day",
        None,
    ),
    (
        "lv",
        "Tas notika 2020. gada septembrī.",
        "2020. gada septembrī",
        dt.date(2020, 9, 1),
        "month",
        None,
    ),
    ("lv", "Ministrs vakar apmeklēja Japānu.", "vakar", dt.date(2023, 5, 9), "day", None),
    (
        "lv",
        "Tāpat kā pagājušajā gadā, piedalīsies līderi.",
        "pagājušajā gadā",
        dt.date(2022, 1, 1),
        "year",
        None,
    ),
    ("lv", "Viņš otrdien tikās ar ministru.", "otrdien", dt.date(2023, 5, 9), "day", None),
    (
        "lv",
        "Sadarbība tiks formalizēta tuvāko nedēļu laikā.",
        "tuvāko nedēļu laikā",
        dt.date(2023, 5, 15),
        "week",
        "approximate",
    ),
    (
        "lv",
        "Parakstīšana notiks vēl pirms Viļņas samita.",
        "pirms Viļņas samita",
        None,
        None,
        "anchored_on_event",
    ),
    ("lv", "Tas sākās 1990. gados.", "1990. gados", dt.date(1990, 1, 1), "decade", None),
    ("lv", "Pērn valdība krita.", "Pērn", dt.date(2022, 1, 1), "year", None),
    (
        "en",
        "Russia attacked Ukraine last Tuesday.",
        "last Tuesday",
        dt.date(2023, 5, 9),
        "day",
        None,
    ),
    (
        "en",
        "They met on March 3, 2020 in Paris.",
        "March 3, 2020",
        dt.date(2020, 3, 3),
        "day",
        None,
    ),
    ("en", "The treaty was signed in 2014.", "in 2014", dt.date(2014, 1, 1), "year", None),
    ("en", "The talks resume next week.", "next week", dt.date(2023, 5, 15), "week", None),
    ("en", "He resigned yesterday.", "yesterday", dt.date(2023, 5, 9), "day", None),
    (
        "en",
        "They will sign it before the summit.",
        "before the summit",
        None,
        None,
        "anchored_on_event",
    ),
    ("en", "The embassy opened on 12 May 2021.", "12 May 2021", dt.date(2021, 5, 12), "day", None),
]


@pytest.mark.parametrize(("lang", "text", "raw", "resolved", "precision", "note"), CASES)
def test_date_found_and_resolved(lang, text, raw, resolved, precision, note) -> None:
    dates = find_dates(text, 0, len(text), lang, PUB)
    assert [d.raw for d in dates] == [raw]
    (date,) = dates
    assert (date.resolved, date.precision, date.note) == (resolved, precision, note)
    assert text[date.start : date.end] == raw


def test_relative_date_without_publication_date_stays_unresolved() -> None:
    (date,) = find_dates("Ministrs vakar apmeklēja Japānu.", 0, 32, "lv", None)
    assert (date.raw, date.resolved, date.note) == ("vakar", None, "no_publication_date")


def test_absolute_date_needs_no_publication_date() -> None:
    (date,) = find_dates("Parakstīja 2014. gadā.", 0, 22, "lv", None)
    assert (date.resolved, date.precision) == (dt.date(2014, 1, 1), "year")


def test_bare_weekday_looks_forward_for_planned_events() -> None:
    text = "Viņš otrdien tiksies ar ministru."
    (past,) = find_dates(text, 0, len(text), "lv", PUB)
    (future,) = find_dates(text, 0, len(text), "lv", PUB, future=True)
    assert (past.resolved, future.resolved) == (dt.date(2023, 5, 9), dt.date(2023, 5, 16))


def test_impossible_date_is_kept_raw_and_marked_unparsed() -> None:
    (date,) = find_dates("Tas notika 31. februārī.", 0, 24, "lv", PUB)
    assert (date.raw, date.resolved, date.note) == ("31. februārī", None, "unparsed")


def test_no_date_words_no_dates_and_nearest_picks_the_closest() -> None:
    assert find_dates("Krievija uzbruka Ukrainai.", 0, 26, "lv", PUB) == []
    assert find_dates("x", 0, 1, "xx", PUB) == []
    text = "In 2014 they signed; they met yesterday."
    dates = find_dates(text, 0, len(text), "en", PUB)
    met = text.index("met")
    assert nearest_date(dates, met, met + 3).raw == "yesterday"
    assert nearest_date([], 0, 1) is None


PIECES = st.sampled_from(
    [
        "vakar", "2014. gadā", "12. martā", "pirms Viļņas samita", "otrdien", "ministrs",
        "tikās", "ar", "Japānu", ",", ".", "1990. gados", "nākamnedēļ", "31. februārī",
        "pagājušajā gadā", "Rīgā", "\n", "“", "”",
    ]
)  # fmt: skip


@given(st.lists(PIECES, max_size=12), st.booleans())
def test_dates_are_exact_disjoint_slices(pieces: list[str], has_pub: bool) -> None:
    text = " ".join(pieces)
    dates = find_dates(text, 0, len(text), "lv", PUB if has_pub else None)
    for d in dates:
        assert text[d.start : d.end] == d.raw and d.raw.strip() == d.raw
        assert d.precision is None or d.precision in DATE_PRECISIONS
        assert (d.resolved is None) == (
            d.note in {"anchored_on_event", "no_publication_date", "unparsed"}
        )
    spans = sorted((d.start, d.end) for d in dates)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
