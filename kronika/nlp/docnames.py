"""``kronika_doc_names``: one document, one reading of each name (English pipeline).

A news story names a person in full once (*Sarah Montalvo*) and then by surname
(*Montalvo said*); the NER, which sees a few words around each token, finds the full name
and misses many of the later bare surnames, or labels the same string differently in two
places. This component, run after ``kronika_ent_fix``, makes the document consistent:

* ``propagate``: a capitalised word sequence that is not inside an entity and equals a name
  the document already tagged (or the surname of a tagged multi-word person) becomes an
  entity with that name's label;
* ``consistency``: an entity whose exact text carries another label more often elsewhere in
  the same document takes that majority label;
* ``titled`` (before ``propagate``): capitalised proper nouns right after a person's title
  (*Secretary General Jens Stoltenberg*, *President Joe Biden*, *Dr. Liau*) that no entity
  covers are a person (the name only, not the title);
* ``regions``: a place after a compass adjective is that region, not the place itself
  (*southern Russia*, *northern Syria*): the adjective joins the span, so the mention is
  not linked to the country (GUM marks these as their own places);
* ``join`` (first and last): two persons with nothing but a space between them are one person
  (*Frank* + *Messina*, *Zaha* + *Hadid*: the NER sometimes starts a new name at the
  surname, and later steps would label the halves apart);
* ``dangling``: a name cannot end in a lowercase connective (*Apollinaris of*, *Peter
  the*, *Emperor of*): the span runs on over the capitalised words after it (taking in a
  name found there: *Apollinaris of Laodicea*, *Peter the Great*), or, when none follows,
  loses the connective;
* ``place_heads``: a name whose last word is a geographic or built-place noun (*Ross Sea*,
  *Yucatán Peninsula*, *Neiafu Harbour*, *Volgograd Arena*) is a place, whatever the NER
  said (ORG, PER);
* ``places`` (last): a "person" that is where something is, is a place: right after *in*,
  *at*, *near*, *across*, *throughout* (not followed by a possessive: *in Smith's view*),
  after a direction and *of* (*north of Tongatapu*, *the border of Dalmatia*), or after a
  place and a comma when punctuation follows (*Exeter, Devon.*; not *In Rome, Jerome
  studied*). Organisations stay (*in Congress*, *at Google*):
  only PER is changed;
* ``teams``: in a sports report (several sports words and a score such as *3 – 0*), a place
  that is not the object of *in/at/near/from* is a team, so ORG (*Belgium defeated Panama
  3 – 0*; but *the Fisht Stadium in Sochi* stays a place). The NER reads these as
  countries; GUM, UniversalNER and OntoNotes all label national teams ORG.

Each step is a setting (``component.settings``), measured in docs/quality.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

COMPONENT = "kronika_doc_names"
MAX_WORDS = 5
POSSESSIVE = {"'s", "’s", "'", "’"}
SPORT_WORDS = re.compile(
    r"\b(?:match|goals?|scored|striker|midfielder|goalkeeper|defender|penalty|half-time|"
    r"world cup|league|tournament|championship|coach|squad|stadium|kick-off|semi-final|"
    r"quarter-final|group stage|injury time|yellow card|red card|equali[sz]e[rd]?)\b",
    re.IGNORECASE,
)
SCORE = re.compile(r"(?<![\d–-])\d{1,2} ?[–-] ?\d{1,2}(?![\d–-])")
MIN_SPORT_WORDS = 5
PLACE_PREPOSITIONS = {"in", "at", "near", "from", "across", "around", "inside", "outside"}
COMPASS = {
    "northern", "southern", "eastern", "western", "central",
    "north-eastern", "north-western", "south-eastern", "south-western",
    "northeastern", "northwestern", "southeastern", "southwestern",
}  # fmt: skip
TITLES = {
    "President", "Vice", "Secretary", "General", "Minister", "Chancellor", "Premier",
    "Governor", "Senator", "Sen.", "Rep.", "Representative", "Mayor", "King", "Queen",
    "Prince", "Princess", "Pope", "Sheikh", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr",
    "Dr.", "Sir", "Dame", "Lord", "Lady", "Judge", "Justice", "Ambassador", "Commissioner",
    "Chairman", "Chairwoman", "Chief", "Director", "Professor", "Prof.", "Coach", "Captain",
    "Gen.", "Col.", "Lt.", "Sgt.", "Adm.", "Rev.", "Father", "Bishop", "Archbishop",
    "Cardinal", "Deputy", "Speaker", "Spokesman", "Spokeswoman", "CEO", "Chair",
}  # fmt: skip
# Narrower than PLACE_PREPOSITIONS: after *from* or *around* a person is common (a letter
# from Jerome), so those do not make a "person" a place.
PERSON_NOT_AFTER = {"in", "at", "near", "across", "throughout"}
DIRECTIONS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "border", "borders", "outskirts", "coast",
}  # fmt: skip
FACILITY_WORDS = {"Stadium", "Arena", "Park", "Ground", "Field", "Hall", "Centre", "Center"}
PLACE_HEADS = {
    "Peninsula", "Sea", "Ocean", "Harbour", "Harbor", "Bay", "Island", "Islands", "Isle",
    "River", "Lake", "Mountain", "Mountains", "Mount", "Valley", "Desert", "Coast", "Gulf",
    "Strait", "Arena", "Stadium", "Square", "Street", "Avenue", "Road", "Bridge", "Airport",
    "Station", "Cemetery", "Quarter", "Plaza", "Boulevard", "Canal", "Falls", "Beach",
    "Forest", "Hill", "Hills", "Reef", "Cape", "Glacier", "Lagoon", "Volcano", "Highway",
}  # fmt: skip
CONNECTIVES = {"of", "the", "de", "del", "da", "di", "von", "van", "der", "and", "&", "al-"}


def _words(span: Span) -> tuple[str, ...]:
    toks = [t.text for t in span]
    while toks and toks[-1] in POSSESSIVE:
        toks.pop()
    return tuple(toks)


def _is_name_word(token) -> bool:
    text = token.text
    return text[:1].isupper() and not token.is_stop and any(c.isalpha() for c in text)


def name_table(ents: list[Span]) -> dict[tuple[str, ...], Counter]:
    """Word tuple -> label counts: each entity, and the last word of multi-word persons."""
    table: dict[tuple[str, ...], Counter] = {}
    for ent in ents:
        words = _words(ent)
        if not words:
            continue
        table.setdefault(words, Counter())[ent.label_] += 1
        if ent.label_ == "PER" and len(words) > 1 and words[-1][:1].isupper():
            table.setdefault(words[-1:], Counter())["PER"] += 1
    return table


def propagate(doc: Doc, ents: list[Span], table: dict[tuple[str, ...], Counter]) -> list[Span]:
    """Add entities for untagged repeats of names in `table` (longest match first)."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    firsts = {words[0] for words in table}
    longest = max((len(words) for words in table), default=0)
    texts = [t.text for t in doc]
    added: list[Span] = []
    i = 0
    while i < len(doc):
        hit = None
        if texts[i] in firsts:  # cheap filter: most tokens start no known name
            for n in range(min(longest, MAX_WORDS, len(doc) - i), 0, -1):
                words = tuple(texts[i : i + n])
                if words in table and all(_is_name_word(t) for t in doc[i : i + n] if t.is_alpha):
                    if not any(j in taken for j in range(i, i + n)):
                        hit = Span(doc, i, i + n, label=table[words].most_common(1)[0][0])
                    break
        if hit is not None:
            added.append(hit)
            i = hit.end
        else:
            i += 1
    return ents + added


def make_consistent(ents: list[Span], table: dict[tuple[str, ...], Counter]) -> list[Span]:
    out = []
    for ent in ents:
        counts = table.get(_words(ent))
        label = ent.label_
        if counts:
            best, n = counts.most_common(1)[0]
            if best != label and n > counts[label]:
                label = best
        out.append(Span(ent.doc, ent.start, ent.end, label=label) if label != ent.label_ else ent)
    return out


def is_sports_report(text: str) -> bool:
    return bool(SCORE.search(text)) and len(SPORT_WORDS.findall(text)) >= MIN_SPORT_WORDS


def teams(doc: Doc, ents: list[Span]) -> list[Span]:
    """Places acting as teams in a sports report become ORG (see module docstring)."""
    if not is_sports_report(doc.text):
        return ents
    out = []
    for ent in ents:
        before = doc[ent.start - 1].lower_ if ent.start else ""
        words = _words(ent)
        if (
            ent.label_ in ("GPE", "LOC")
            and before not in PLACE_PREPOSITIONS
            and not (words and words[-1] in FACILITY_WORDS)
        ):
            ent = Span(doc, ent.start, ent.end, label="ORG")
        out.append(ent)
    return out


def titled(doc: Doc, ents: list[Span]) -> list[Span]:
    """Untagged proper nouns after a title become a person (see module docstring)."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    added = []
    i = 1
    while i < len(doc):
        if doc[i - 1].text in TITLES and i not in taken:
            j = i
            while (
                j < len(doc)
                and j not in taken
                and doc[j].pos_ == "PROPN"
                and _is_name_word(doc[j])
                and doc[j].text not in TITLES
            ):
                j += 1
            if j > i:
                added.append(Span(doc, i, j, label="PER"))
                i = j
                continue
        i += 1
    return ents + added


def regions(doc: Doc, ents: list[Span]) -> list[Span]:
    """Places after a compass adjective take it into their span (see module docstring)."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for ent in ents:
        k = ent.start - 1
        if ent.label_ in ("GPE", "LOC") and k >= 0 and k not in taken and doc[k].lower_ in COMPASS:
            ent = Span(doc, k, ent.end, label="LOC")
        out.append(ent)
    return out


def join_persons(doc: Doc, ents: list[Span]) -> list[Span]:
    """Adjacent PER spans (no token between) become one PER (see module docstring)."""
    out: list[Span] = []
    for ent in sorted(ents, key=lambda e: e.start):
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == ent.label_ == "PER" and prev.end == ent.start:
            out[-1] = Span(doc, prev.start, ent.end, label="PER")
        else:
            out.append(ent)
    return out


def fix_dangling(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names ending in a connective run on or lose it (see module docstring)."""
    ents = sorted(ents, key=lambda e: e.start)
    out: list[Span] = []
    absorbed_until = -1
    for ent in ents:
        if ent.start < absorbed_until:
            continue
        if ent[-1].lower_ not in CONNECTIVES or ent[-1].text[:1].isupper():
            out.append(ent)
            continue
        end = ent.end
        while end < len(doc) and _is_name_word(doc[end]):
            end += 1
        if end > ent.end:
            inside = [e for e in ents if ent.end <= e.start < end and e.end > end]
            end = max([end] + [e.end for e in inside])
            out.append(Span(doc, ent.start, end, label=ent.label_))
            absorbed_until = end
        elif len(ent) > 1:
            out.append(Span(doc, ent.start, ent.end - 1, label=ent.label_))
    return out


def place_heads(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names headed by a place noun are places (see module docstring)."""
    out = []
    for ent in ents:
        words = _words(ent)
        if ent.label_ in ("ORG", "PER") and len(words) > 1 and words[-1] in PLACE_HEADS:
            ent = Span(doc, ent.start, ent.end, label="LOC")
        out.append(ent)
    return out


def places(doc: Doc, ents: list[Span]) -> list[Span]:
    """Persons after a place preposition become places (see module docstring)."""
    place_ends = {e.end for e in ents if e.label_ in ("GPE", "LOC")}
    out = []
    for ent in ents:
        if ent.label_ == "PER" and _is_located(doc, ent, place_ends):
            ent = Span(doc, ent.start, ent.end, label="LOC")
        out.append(ent)
    return out


def _is_located(doc: Doc, ent: Span, place_ends: set[int]) -> bool:
    after = doc[ent.end].text if ent.end < len(doc) else ""
    if after in POSSESSIVE:
        return False
    before = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    if before[-1:] and before[-1] in PERSON_NOT_AFTER:
        return True
    if len(before) == 2 and before[1] == "of" and before[0] in DIRECTIONS:
        return True
    # "Exeter, Devon." but not a fronted place: "In Rome, Jerome studied".
    closed = after in {",", ".", ";", ")", ""} or after.startswith("[")
    return len(before) == 2 and before[1] == "," and ent.start - 1 in place_ends and closed


class DocNames:
    def __init__(self, name: str) -> None:
        self.name = name
        self.settings = {
            "join": True,
            "consistency": True,
            "propagate": True,
            "teams": True,
            "titled": True,
            "regions": True,
            "dangling": True,
            "place_heads": True,
            "places": True,
        }

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        if self.settings["join"]:
            ents = join_persons(doc, ents)
        table = name_table(ents)
        if self.settings["consistency"]:
            ents = make_consistent(ents, table)
        if self.settings["titled"]:
            ents = titled(doc, ents)
            table = name_table(ents)  # titled persons' surnames propagate too
        if self.settings["propagate"]:
            ents = propagate(doc, ents, table)
        if self.settings["teams"]:
            ents = teams(doc, ents)
        if self.settings["regions"]:
            ents = regions(doc, ents)
        if self.settings["dangling"]:
            ents = fix_dangling(doc, ents)
        if self.settings["place_heads"]:
            ents = place_heads(doc, ents)
        if self.settings["places"]:
            ents = places(doc, ents)
        if self.settings["join"]:  # again: propagated surnames can touch a first name
            ents = join_persons(doc, ents)
        doc.ents = filter_spans(ents)
        return doc

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "settings.json").write_text(json.dumps(self.settings), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> DocNames:
        data = json.loads((Path(path) / "settings.json").read_text(encoding="utf-8"))
        self.settings.update(data)
        return self


@Language.factory(COMPONENT, assigns=["doc.ents"], requires=["doc.ents"])
def make_doc_names(nlp: Language, name: str) -> DocNames:
    return DocNames(name)
