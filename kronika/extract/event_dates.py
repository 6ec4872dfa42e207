"""Date expressions of events: find them in a sentence and resolve them against a publication date.

Latvian and English patterns, from the most specific to the least: full dates (*2014. gada
12. martā*, *12 March 2014*), day + month (*12. martā*, *March 12*), month (+ year), year
(*2014. gadā*, *in 2014*), decades (*1990. gados*, *the 1990s*), and relative expressions
(*vakar*, *pagājušajā gadā*, *tuvāko nedēļu laikā*, *last Tuesday*, *next week*) that need
the publication date. A date anchored on another event (*pirms Viļņas samita*, *after the
summit*) keeps its raw text and stays unresolved. ``resolved`` is the first day of the period
the expression names; ``precision`` says which period (day, week, month, quarter, year,
decade); ``note`` says why a date is approximate or unresolved (the notes are listed in
``schemas.events``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

LV_MONTHS = {
    "janvār": 1, "februār": 2, "mart": 3, "aprīl": 4, "maij": 5, "jūnij": 6, "jūlij": 7,
    "august": 8, "septembr": 9, "oktobr": 10, "novembr": 11, "decembr": 12,
}  # fmt: skip
EN_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
LV_WEEKDAYS = {
    "pirmdien": 0, "otrdien": 1, "trešdien": 2, "ceturtdien": 3, "piektdien": 4,
    "sestdien": 5, "svētdien": 6,
}  # fmt: skip
EN_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}

_LV_MONTH = (
    r"(janvār|februār|mart|aprīl|maij|jūnij|jūlij|august|septembr|oktobr|novembr|decembr)"
    r"(?:ī|ā|a|is|s|u)"
)
_EN_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
)
_LV_WD = r"(pirmdien|otrdien|trešdien|ceturtdien|piektdien|sestdien|svētdien)(?:a|ā|u)?"
_EN_WD = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    raw: str
    resolved: dt.date | None
    precision: str | None
    note: str | None = None


# (pattern, kind); kinds are resolved by `_resolve`. Order matters: earlier patterns win
# over later ones that overlap them.
LV_PATTERNS: list[tuple[str, str]] = [
    (r"\b(\d{4})\. gada (\d{1,2})\. " + _LV_MONTH, "ymd_lv"),
    (r"\b(\d{1,2})\. " + _LV_MONTH + r"(?: \(?(\d{4})\.? ?(?:gadā|g\.)?\)?)?", "dmy_lv"),
    (r"\b(\d{4})\. gada " + _LV_MONTH, "ym_lv"),
    (r"\b(\d{4})\. gada (pirmajā|otrajā|trešajā|ceturtajā) ceturksnī", "yq_lv"),
    (r"\b(\d{3}0)\. gados", "decade"),
    (r"\b(\d{4})\. (?:gadā|gada|g\.)", "y"),
    (r"\b(pagājušā|pagājušajā|šā|šajā|nākamā|nākamajā) (gadā|mēnesī|nedēļā|gada)", "rel_lv"),
    (r"\b(pērn|šogad|nākamgad|šomēnes|šonedēļ|nākamnedēļ|aizvakar|vakar|šodien|rīt|parīt)\b",
     "word_lv"),
    (r"\b(pagājušajā|šajā|nākamajā)? ?" + _LV_WD, "wd_lv"),
    (r"\b(tuvāko|tuvākajās|nākamo|nākamajās) (dienu|nedēļu|mēnešu|dienās|nedēļās|mēnešos)"
     r"(?: laikā)?", "soon"),
    (r"\bpirms (\d+) (dien|nedēļ|mēneš|gad)\w*", "ago_lv"),
    (r"\b" + _LV_MONTH + r"\b", "m_lv"),
]  # fmt: skip
EN_PATTERNS: list[tuple[str, str]] = [
    (_EN_MONTH + r" (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", "mdy_en"),
    (r"\b(\d{1,2}) " + _EN_MONTH + r",? (\d{4})", "dmy_en"),
    (_EN_MONTH + r" (\d{1,2})(?:st|nd|rd|th)?\b", "md_en"),
    (r"\b(\d{1,2}) " + _EN_MONTH, "dm_en"),
    (_EN_MONTH + r",? (\d{4})", "my_en"),
    (r"\b(?:the )?(\d{3}0)s\b", "decade"),
    (r"\b(?:in|since|by|until) (\d{4})\b", "y_en"),
    (r"\b(last|this|next) (year|month|week)\b", "rel_en"),
    (r"\b(yesterday|today|tomorrow)\b", "word_en"),
    (r"\b(?:(last|this|next) |on )?" + _EN_WD, "wd_en"),
    (r"\b(?:in )?the (coming|next) (days|weeks|months)\b", "soon"),
    (r"\b(\d+) (day|week|month|year)s? ago\b", "ago_en"),
    (r"\b(?:in )" + _EN_MONTH + r"\b", "m_en"),
]
# A date anchored on another event: "pirms Viļņas samita", "after the summit".
LV_ANCHOR = re.compile(
    r"\b(pirms|pēc|līdz) ((?:[A-ZĀČĒĢĪĶĻŅŠŪŽa-zāčēģīķļņšūž-]+ ){0,2}"
    r"(?:samita|sanāksmes|vēlēšanām|vēlēšanu|vizītes|tikšanās|sarunām|kara|konferences|"
    r"sēdes|referenduma|olimpiādes|svētkiem|kongresa|foruma))"
)
EN_ANCHOR = re.compile(
    r"\b(before|after|ahead of|until) (?:the |a |an )?(?:[A-Z]\w+ ){0,2}"
    r"(summit|meeting|elections?|visit|talks|war|conference|vote|referendum|games|congress)\b"
)
_COMPILED = {
    "lv": [(re.compile(p, re.IGNORECASE), k) for p, k in LV_PATTERNS],
    "en": [(re.compile(p, re.IGNORECASE), k) for p, k in EN_PATTERNS],
}
_ANCHORS = {"lv": LV_ANCHOR, "en": EN_ANCHOR}


def _safe_date(year: int, month: int = 1, day: int = 1) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_lv(stem: str) -> int:
    return LV_MONTHS[stem.lower()]


def _month_en(name: str) -> int:
    return EN_MONTHS[name.lower()]


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekday(pub: dt.date, weekday: int, direction: str) -> dt.date:
    """The `weekday` nearest to `pub` in the past ('last', 'past': a bare weekday, which is
    the publication day itself when they coincide), the future ('next') or this week."""
    if direction == "this":
        return _week_start(pub) + dt.timedelta(days=weekday)
    if direction == "next":
        ahead = (weekday - pub.weekday()) % 7 or 7
        return pub + dt.timedelta(days=ahead)
    back = (pub.weekday() - weekday) % 7
    if direction == "last":  # "last Tuesday" on a Tuesday is a week ago
        back = back or 7
    return pub - dt.timedelta(days=back)


def _relative(pub: dt.date, unit: str, step: int) -> tuple[dt.date, str]:
    if unit == "year":
        return dt.date(pub.year + step, 1, 1), "year"
    if unit == "month":
        return _shift_month(pub, step), "month"
    if unit == "week":
        return _week_start(pub) + dt.timedelta(weeks=step), "week"
    return pub + dt.timedelta(days=step), "day"


_LV_UNIT = {"gad": "year", "mēnes": "month", "nedēļ": "week", "dien": "day", "mēneš": "month"}
_LV_STEP = {"pagājušā": -1, "pagājušajā": -1, "šā": 0, "šajā": 0, "nākamā": 1, "nākamajā": 1}
_LV_WORDS = {
    "pērn": ("year", -1), "šogad": ("year", 0), "nākamgad": ("year", 1),
    "šomēnes": ("month", 0), "šonedēļ": ("week", 0), "nākamnedēļ": ("week", 1),
    "aizvakar": ("day", -2), "vakar": ("day", -1), "šodien": ("day", 0), "rīt": ("day", 1),
    "parīt": ("day", 2),
}  # fmt: skip
_EN_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_EN_STEP = {"last": -1, "this": 0, "next": 1}
_NEEDS_PUB = {
    "rel_lv", "word_lv", "wd_lv", "soon", "ago_lv", "rel_en", "word_en", "wd_en", "ago_en",
    "dm_en", "md_en", "m_lv", "m_en",
}  # fmt: skip


def _unit_lv(word: str) -> str:
    for stem, unit in _LV_UNIT.items():
        if word.startswith(stem):
            return unit
    return "day"


def _resolve(kind: str, g: tuple, pub: dt.date | None, future: bool) -> tuple[dt.date | None, str]:
    """(resolved date, precision) of one match; pub is None only for absolute kinds."""
    if kind == "ymd_lv":
        return _safe_date(int(g[0]), _month_lv(g[2]), int(g[1])), "day"
    if kind == "dmy_lv":
        year = int(g[2]) if g[2] else pub.year  # type: ignore[union-attr]
        return _safe_date(year, _month_lv(g[1]), int(g[0])), "day"
    if kind == "ym_lv":
        return _safe_date(int(g[0]), _month_lv(g[1])), "month"
    if kind == "yq_lv":
        quarter = ["pirmajā", "otrajā", "trešajā", "ceturtajā"].index(g[1])
        return _safe_date(int(g[0]), quarter * 3 + 1), "quarter"
    if kind == "decade":
        return _safe_date(int(g[0])), "decade"
    if kind in ("y", "y_en"):
        return _safe_date(int(g[0])), "year"
    if kind == "mdy_en":
        return _safe_date(int(g[2]), _month_en(g[0]), int(g[1])), "day"
    if kind == "dmy_en":
        return _safe_date(int(g[2]), _month_en(g[1]), int(g[0])), "day"
    if kind == "my_en":
        return _safe_date(int(g[1]), _month_en(g[0])), "month"
    assert pub is not None
    if kind == "md_en":
        return _safe_date(pub.year, _month_en(g[0]), int(g[1])), "day"
    if kind == "dm_en":
        return _safe_date(pub.year, _month_en(g[1]), int(g[0])), "day"
    if kind in ("m_lv", "m_en"):
        month = _month_lv(g[0]) if kind == "m_lv" else _month_en(g[0])
        return _safe_date(pub.year, month), "month"
    if kind == "rel_lv":
        return _relative(pub, _unit_lv(g[1]), _LV_STEP[g[0].lower()])
    if kind == "word_lv":
        unit, step = _LV_WORDS[g[0].lower()]
        return _relative(pub, unit, step)
    if kind == "rel_en":
        return _relative(pub, g[1].lower(), _EN_STEP[g[0].lower()])
    if kind == "word_en":
        return _relative(pub, "day", _EN_WORDS[g[0].lower()])
    if kind in ("wd_lv", "wd_en"):
        word = (g[0] or "").lower()
        direction = {"pagājušajā": "last", "šajā": "this", "nākamajā": "next"}.get(word, word)
        if direction not in ("last", "this", "next"):
            direction = "next" if future else "past"
        table = LV_WEEKDAYS if kind == "wd_lv" else EN_WEEKDAYS
        return _weekday(pub, table[g[1].lower()], direction), "day"
    if kind == "soon":
        return _week_start(pub) + dt.timedelta(weeks=1), "week"
    if kind in ("ago_lv", "ago_en"):
        unit = _unit_lv(g[1]) if kind == "ago_lv" else g[1].lower()
        return _relative(pub, unit, -int(g[0]))
    raise ValueError(f"unknown date kind {kind!r}")


def _is_relative(kind: str, groups: tuple) -> bool:
    return kind in _NEEDS_PUB or (kind == "dmy_lv" and not groups[2])


def find_dates(
    text: str, start: int, end: int, lang: str, published: dt.date | None, future: bool = False
) -> list[DateExpr]:
    """Date expressions in text[start:end] (a sentence), in text order, without overlaps.

    `future` chooses the direction of a bare weekday (*otrdien*: last or next Tuesday)."""
    if lang not in _COMPILED:
        return []
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    segment = text[start:end]
    for match in _ANCHORS[lang].finditer(segment):
        s, e = start + match.start(), start + match.end()
        taken.append((s, e))
        found.append(DateExpr(s, e, text[s:e], None, None, "anchored_on_event"))
    for pattern, kind in _COMPILED[lang]:
        for match in pattern.finditer(segment):
            s, e = start + match.start(), start + match.end()
            while s < e and text[s].isspace():
                s += 1
            if s == e or not free(s, e):
                continue
            if kind == "m_lv" and text[s].isupper():
                continue  # Maija, Marta: a name, not a month
            taken.append((s, e))
            groups = match.groups()
            if _is_relative(kind, groups) and published is None:
                found.append(DateExpr(s, e, text[s:e], None, None, "no_publication_date"))
                continue
            resolved, precision = _resolve(kind, groups, published, future)
            note = "approximate" if kind == "soon" else None
            if resolved is None:
                precision, note = None, "unparsed"
            found.append(DateExpr(s, e, text[s:e], resolved, precision, note))
    return sorted(found, key=lambda d: d.start)


def nearest_date(dates: list[DateExpr], start: int, end: int) -> DateExpr | None:
    """The date expression closest to the trigger [start, end)."""

    def distance(d: DateExpr) -> int:
        return max(0, d.start - end, start - d.end)

    return min(dates, key=distance, default=None)
