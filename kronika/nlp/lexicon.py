"""Gazetteer entries for the NER rules, read from the shared lexicon TSVs.

Each entry is a surface form (exact case), a Kronika label and the nominative name it
stands for, so the rules can both label a span and give the lemma of an inflected
place name (*Tokijā* -> *Tokija*). Latvian forms are generated for the last word of a
name with the regular singular/plural endings; the TSVs' own genitive forms are kept.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Singular and plural case endings, by nominative ending (longest first).
# Cases: nominative, genitive, dative, accusative, locative.
LV_ENDINGS: list[tuple[str, tuple[str, ...]]] = [
    ("ijas", ("iju", "ijām", "ijas", "ijās")),
    ("as", ("u", "ām", "as", "ās")),
    ("es", ("u", "ēm", "es", "ēs")),
    ("i", ("u", "iem", "us", "os")),
    ("is", ("a", "im", "i", "ī")),
    ("us", ("us", "um", "u", "ū")),
    ("s", ("a", "am", "u", "ā")),
    ("a", ("as", "ai", "u", "ā")),
    ("e", ("es", "ei", "i", "ē")),
]


@dataclass(frozen=True)
class Entry:
    form: str
    label: str
    name: str
    source: str


def lv_forms(name: str) -> list[str]:
    """The name and its case forms (only the last word is inflected)."""
    head, _, last = name.rpartition(" ")
    if not last or last.isupper() or not last[-1].isalpha():
        return [name]
    prefix = head + " " if head else ""
    for ending, forms in LV_ENDINGS:
        if last.endswith(ending) and len(last) > len(ending) + 1:
            stem = last[: -len(ending)]
            return [name] + [prefix + stem + f for f in forms]
    return [name]


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _names(row: dict[str, str], lang: str, fields: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for f in fields:
        out += _split(row.get(f"{f}_{lang}"))
    return out


def _emit(names: list[str], label: str, lang: str, source: str) -> Iterator[Entry]:
    for name in names:
        forms = lv_forms(name) if lang == "lv" else [name]
        for form in forms:
            yield Entry(form, label, name, source)


def load_entries(lexicon_dir: str | Path, lang: str) -> list[Entry]:
    """All gazetteer entries for `lang` (countries, cities, Latvian towns, organisations)."""
    d = Path(lexicon_dir)
    entries: list[Entry] = []
    for row in _rows(d / "countries.tsv"):
        names = _names(row, lang, ("name", "aliases"))
        entries += _emit(names, "GPE", lang, "countries")
        if names:  # genitive forms given by the lexicon map to the main name
            entries += [
                Entry(f, "GPE", names[0], "countries") for f in _split(row.get(f"forms_{lang}"))
            ]
    for fname in ("cities.tsv", "lv_towns_unverified.tsv"):
        if (d / fname).exists():
            for row in _rows(d / fname):
                entries += _emit(_names(row, lang, ("name", "aliases")), "GPE", lang, "cities")
    for row in _rows(d / "organisations.tsv"):
        names = _names(row, lang, ("name", "aliases"))
        entries += _emit(names, "ORG", lang, "organisations")
        acronyms = _split(row.get("acronyms")) + (
            _split(row.get("acronyms_lv")) if lang == "lv" else []
        )
        entries += [
            Entry(a, "ORG", a, "organisations") for a in acronyms if len(a) >= 3 or a == "ES"
        ]
    return [e for e in entries if e.form[:1].isupper()]


def form_table(entries: list[Entry]) -> dict[str, tuple[str, str]]:
    """form -> (label, nominative); the first entry wins (countries before cities)."""
    table: dict[str, tuple[str, str]] = {}
    for e in entries:
        table.setdefault(e.form, (e.label, e.name))
    return table
