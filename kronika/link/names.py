"""Base form (lemma) of a whole name mention, Latvian or English, with role nouns split off.

``name_lemma`` is what goes into ``mentions.lemma``:
- the lexicon's base name when the surface is a known (possibly inflected) name
  (*Tokijā* -> *Tokija*, *Apvienoto Nāciju Organizācijā* -> *Apvienoto Nāciju Organizācija*);
- otherwise the word-by-word Latvian lemma (``kronika.link.lemma.lemmatize_name``) or, in
  English, the surface without *the* and possessive *'s*;
- for persons, without the role in front (*NATO ģenerālsekretārs Jenss Stoltenbergs* ->
  *Jenss Stoltenbergs*, *U.S. President Donald Trump* -> *Donald Trump*).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kronika.link.lemma import lemmatize_name
from kronika.link.lexicon import LexMatch, load_lexicon

# Capitalised titles that precede a person's name (English; Latvian titles are lowercase).
_EN_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "general",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "chancellor",
    "ambassador",
    "judge",
    "justice",
    "chairman",
    "chairwoman",
    "ceo",
    "director",
    "captain",
    "capt",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "sergeant",
    "sgt",
    "officer",
    "detective",
    "saint",
    "st",
    "reverend",
    "rev",
    "father",
    "bishop",
    "archbishop",
    "emperor",
    "empress",
    "chief",
    "commissioner",
    "coach",
    "agent",
    "pres",
    "former",
    "late",
}
_LV_TITLES = {"kungs", "kundze", "dr", "prof"}

_TOKEN_RE = re.compile(r"\S+")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|['’])$")
_EDGE_PUNCT = "\"'“”„«»()[]{},;:!?"


@dataclass(frozen=True)
class NameParts:
    """A mention split into an optional role prefix and the name proper (offsets relative
    to the mention's surface)."""

    role: str
    role_end: int  # name starts at or after this offset in the surface
    name_start: int


def _word_spans(surface: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(surface)]


def _is_role_word(word: str, lang: str) -> bool:
    bare = word.strip(_EDGE_PUNCT).rstrip(".").casefold()
    if not bare:
        return True
    if lang == "lv":
        # Latvian role nouns and adjectives are lowercase (ģenerālsekretārs, vēstnieks);
        # short lowercase words are name particles (fon der Leiena).
        return (word[:1].islower() and len(bare) >= 4) or bare in _LV_TITLES
    return bare in _EN_TITLES


def split_role(surface: str, lang: str) -> NameParts:
    """Split a person mention into role and name: the name is what follows the last role
    word, as long as at least one word is left (a bare title stays the name) and the name
    is capitalised words only ('President of Russia' is not split: 'of' is no name)."""
    spans = _word_spans(surface)
    last_role = -1
    for i, (_, _, w) in enumerate(spans):
        if _is_role_word(w, lang):
            last_role = i
    if last_role < 0 or last_role >= len(spans) - 1:
        return NameParts("", 0, 0)
    rest = [w for _, _, w in spans[last_role + 1 :]]
    particles = {"de", "van", "von", "der", "den", "al", "bin", "fon", "da", "di", "du", "la", "le"}
    if not all(w[:1].isupper() or w.casefold() in particles for w in rest):
        return NameParts("", 0, 0)
    name_start = spans[last_role + 1][0]
    role_end = spans[last_role][1]
    return NameParts(surface[:role_end], role_end, name_start)


def strip_en(surface: str) -> str:
    s = re.sub(r"^(?:the|The|THE)\s+", "", surface.strip())
    return _POSSESSIVE_RE.sub("", s).strip()


def lexicon_match(surface: str, lang: str) -> LexMatch | None:
    lex = load_lexicon()
    m = lex.lookup(surface, lang)
    if m is None and lang != "lv":
        m = lex.lookup(strip_en(surface), lang)
    if m is None and re.match(r"^(?:St\.?|Ste\.?) ", surface):  # St Petersburg
        m = lex.lookup(re.sub(r"^St\.? ", "Saint ", surface), lang)
    if m is None and ", " in surface:  # "Paris, France", "Austin, Texas": the first part
        m = lex.lookup(surface.split(", ", 1)[0], lang)
    return m


def name_lemma(
    surface: str,
    label: str,
    lang: str,
    *,
    morphs: list[dict[str, str]] | None = None,
    spacy_lemmas: list[str] | None = None,
    match: LexMatch | None = None,
) -> str:
    """Base form of the whole name in ``surface`` (see module docstring).

    ``morphs``/``spacy_lemmas`` are per whitespace-separated word of the surface, when a
    trained pipeline provides them.
    """
    if match is not None and label in ("GPE", "LOC", "ORG"):
        return match.base
    words = surface.split()
    if lang != "lv":
        return strip_en(surface) or surface
    if not words:
        return surface
    return lemmatize_name(words, label=label, morphs=morphs, spacy_lemmas=spacy_lemmas)
