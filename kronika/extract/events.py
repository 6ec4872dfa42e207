"""PLOVER-coded events: who did what to whom, where and when, with evidence offsets.

One row per event mention (``schemas.events``). A trigger is a token whose lemma is in the
language's trigger lexicon (``data/event_triggers_<lang>.tsv``: verbs and event nouns with
their PLOVER type and mode); roles come from the dependency parse of the shipped pipeline.
A role's evidence is a mention of ``article.mentions`` (its entity id and offsets) or, for a
pronoun or common noun, that token's offsets with a null entity id:

- actor: the subject of the trigger's clause (through control verbs and coordinated verbs:
  *NATO gatavojas atvērt*), the agent of a passive, the genitive/possessive of an event noun
  (*Stoltenberga vizīte*) or the subject of the light verb an event noun is the object of
  (*imposed sanctions*); when the parse gives none, the nearest nominative name before the
  trigger in the same clause. Never taken from another sentence: no actor stays null.
- target: the object, a dative or a prepositional recipient (*ar Japānu*, *Japānai*,
  *against Russia*), a name preferred to a nominal theme, or the coordinated partner of the
  actor for symmetric types (*NATO un Japāna parakstīs*); for an office opened in a city, the
  city's country (the host).
- location: a locative (lv) or *in/at* (en) place name attached to the trigger or right after it.
- modality: negated > hypothetical > reported (inside a direct quote) > planned (future tense,
  plan/expect verbs, a date after publication) > reported (clause of a speech verb or an
  attribution such as *, vēsta X*) > asserted.
- date: the nearest date expression in the sentence (``event_dates``), else the publication
  date with the note ``publication_date`` (not for planned events).

Design, crosswalks and limits: docs/events.md; numbers: docs/quality-events.md."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from kronika import __version__
from kronika.extract.base import AnnotatedArticle, Extractor
from kronika.extract.event_dates import DateExpr, find_dates, nearest_date

NAME = "events.rules.v1"
VERSION = __version__
ACTOR_LABELS = {"PER", "ORG", "GPE", "LOC", "MISC"}
PLACE_LABELS = {"GPE", "LOC"}
NOMINAL_POS = {"NOUN", "PRON", "PROPN", "X"}
# Types whose two sides act together: a coordinated partner of the actor is the target.
SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
# Types that need a participant (a name, a pronoun or a person/organisation noun) on one side;
# without one the word is taken as figurative (*vīruss uzbrūk šūnām*, *rust attacks metal*).
NEEDS_PARTICIPANT = {"ASSAULT", "THREATEN"}
# Nouns for people and bodies that may stand as a participant without being a name.
AGENT_NOUNS = {
    "lv": {
        "policija", "armija", "karavīrs", "valdība", "ministrs", "prezidents", "premjerministrs",
        "protestētājs", "demonstrants", "cilvēks", "iedzīvotājs", "opozīcija", "partija",
        "tiesa", "prokuratūra", "dienests", "spēks", "kaujinieks", "teroristi", "terorists",
        "amatpersona", "deputāts", "vēstnieks", "valsts", "sabiedrotais", "puse", "līderis",
        "vadītājs", "policists", "uzbrucējs", "nemiernieks", "strādnieks", "arodbiedrība",
        "banka", "uzņēmums", "kompānija", "organizācija", "iestāde", "ministrija", "padome",
        "pašvaldība", "persona", "vīrietis", "sieviete", "jaunietis", "bērns", "students",
        "sportists", "komanda", "izlase", "tauta", "pilsonis", "personas", "fans", "dome",
        "prokurors", "karaspēks", "grupējums",
    },
    "en": {
        "police", "army", "soldier", "troop", "government", "minister", "president", "people",
        "protester", "demonstrator", "opposition", "party", "court", "prosecutor", "force",
        "militant", "rebel", "official", "leader", "country", "state", "ally", "side", "worker",
        "union", "insurgent", "gunman", "attacker", "terrorist", "student", "crowd",
    },
}  # fmt: skip
# Endings of nouns for people (protestētājs, nemiernieks, jaunietis, aktīvists; protester).
PERSON_SUFFIXES = {
    "lv": ("tājs", "tāja", "nieks", "niece", "ietis", "iete", "ists", "iste", "ējs", "ants",
           "ente", "ietis", "lieks"),
    "en": ("er", "or", "ist", "ian", "ant", "ent"),
}  # fmt: skip
# Verbs through which an infinitive trigger inherits the subject, and which make it planned.
PLAN_VERBS = {
    "gatavoties", "plānot", "grasīties", "iecerēt", "paredzēt", "cerēt", "gaidīt", "solīt",
    "apņemties", "nolemt", "gribēt", "vēlēties", "plan", "intend", "prepare", "expect", "hope",
    "aim", "seek", "want", "propose", "schedule", "decide", "promise", "pledge", "vow",
}  # fmt: skip
CONTROL_VERBS = PLAN_VERBS | {
    "mēģināt", "censties", "turpināt", "sākt", "spēt", "varēt", "drīkstēt", "vajadzēt",
    "atteikties", "try", "continue", "begin", "start", "agree", "refuse", "threaten",
    "ask", "urge", "fail", "manage", "need", "have",
}  # fmt: skip
SPEECH_VERBS = {
    "sacīt", "teikt", "paziņot", "norādīt", "uzsvērt", "apgalvot", "ziņot", "vēstīt", "stāstīt",
    "piebilst", "atzīt", "atzīmēt", "rakstīt", "skaidrot", "informēt", "pavēstīt", "uzskatīt",
    "minēt", "pastāstīt", "izteikties", "say", "tell", "report", "claim", "state", "announce",
    "add", "note", "write", "allege", "insist", "argue", "believe", "told",
}  # fmt: skip
NEG_WORDS = {"ne", "nav", "nevis", "not", "n't", "never", "no"}
HYPO_WORDS = {"ja", "if", "whether", "unless", "iespējams", "varbūt", "might", "could", "would"}
FUTURE_AUX = {"will", "shall", "'ll"}
# ", vēsta Āzijas laikraksts ..." / ", said the minister." at the end of a sentence.
ATTRIBUTION = re.compile(
    r",\s*(vēsta|ziņo|raksta|teikts|norāda|sacīja|teica|paziņoja|norādīja|uzsver|atzina|"
    r"said|says|reported|told|according to)\b[^,]*[.!?]?\s*$",
    re.IGNORECASE,
)
# Words that open another clause: a name after them is not the trigger's.
CLAUSE_WORDS = {"that", "which", "who", "whom", "because", "while", "ka", "kas", "kurš", "jo"}
# Time words the parse may make an object (*agreed on Wednesday*).
TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tomorrow", "week", "month", "year", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december", "day",
    "pirmdien", "otrdien", "trešdien", "ceturtdien", "piektdien", "sestdien", "svētdien",
    "vakar", "šodien", "rīt", "gads", "gadā", "gadu", "nedēļā", "mēnesī", "dienā",
}  # fmt: skip
# Prepositions that put an event noun into another event's content (draudēt ar sankcijām).
CONTENT_PREPS = {"ar", "par", "with", "of", "for", "about"}
_QUOTE_PAIRS = {"“": "”", "„": "“", "«": "»", '"': '"', "‘": "’"}
_QUOTE_MIN_WORDS = 3  # shorter quoted runs are names or scare quotes (“Nikkei Asia”)


# -- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriggerEntry:
    lemma: str
    pos: str  # VERB or NOUN (ADV for a few evaluative adverbs)
    plover_type: str
    plover_mode: str | None
    cue: str | None


def _read_data(name: str) -> str:
    return resources.files("kronika.extract").joinpath("data", name).read_text(encoding="utf-8")


def _read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a TSV in kronika/extract/data (lines starting with '#' are the header note)."""
    raw = _read_data(name)
    body = "\n".join(line for line in raw.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body), delimiter="\t"))


@cache
def load_triggers(lang: str) -> dict[str, list[TriggerEntry]]:
    """lemma -> lexicon entries of `lang` (empty when the language has no lexicon)."""
    try:
        rows = _read_tsv(f"event_triggers_{lang}.tsv")
    except FileNotFoundError:
        return {}
    table: dict[str, list[TriggerEntry]] = {}
    for row in rows:
        entry = TriggerEntry(
            lemma=row["lemma"].strip(),
            pos=row["pos"].strip(),
            plover_type=row["plover_type"].strip(),
            plover_mode=(row.get("plover_mode") or "").strip() or None,
            cue=(row.get("cue") or "").strip() or None,
        )
        table.setdefault(entry.lemma, []).append(entry)
    return table


@cache
def cameo_roots() -> dict[str, str]:
    return {r["plover_type"]: r["cameo_root"] for r in _read_tsv("plover_cameo.tsv")}


@cache
def host_country() -> dict[str, str]:
    """City QID -> country QID, from the linking lexicon's city table."""
    raw = resources.files("kronika.link").joinpath("data", "cities.tsv").read_text("utf-8")
    return {
        r["qid"]: r["country_qid"]
        for r in csv.DictReader(io.StringIO(raw), delimiter="\t")
        if r.get("country_qid")
    }


# -- lemmas and trigger matching ---------------------------------------------------------------


@lru_cache(maxsize=50_000)
def _simplemma(word: str, lang: str) -> str:
    try:
        import simplemma

        return simplemma.lemmatize(word, lang=lang)
    except (ImportError, ValueError):
        return word


# Latvian finite endings -> infinitive ending, for verb forms neither lemmatiser knows
# (konsultēs -> konsultēt, tiksies -> tikties, apsūdzēja -> apsūdzēt).
LV_VERB_ENDINGS = (
    ("sies", "ties"), ("sim", "t"), ("siet", "t"), ("ēja", "ēt"), ("īja", "īt"), ("āja", "āt"),
    ("oja", "ot"), ("ēs", "ēt"), ("īs", "īt"), ("ās", "āt"), ("os", "ot"), ("ojas", "oties"),
    ("ējas", "ēties"), ("ījās", "īties"), ("ējās", "ēties"), ("ājās", "āties"), ("ojās", "oties"),
    ("āmies", "ties"), ("ās", "ties"),
)  # fmt: skip
# Endings of any verb form or participle (lūg|usi, apsūdz|, piepras|ot, uzaicin|u): stripped,
# then each infinitive ending is tried; only guesses found in the trigger lexicon count.
LV_FORM_SUFFIXES = (
    "ojaties", "ējaties", "ījaties", "usies", "ušies", "jies", "ies", "usi", "uši", "ušas",
    "ušais", "tajiem", "tais", "tā", "tās", "tie", "tas", "ts", "ta", "ti", "to", "tu", "ot",
    "oties", "ošs", "ošā", "ams", "ama", "am", "at", "iet", "ām", "as", "ās", "os", "u", "a",
    "i", "",
)  # fmt: skip
LV_INFINITIVE = ("t", "ēt", "īt", "āt", "ot", "ties", "ēties", "īties", "āties", "oties")


def _lv_verb_guesses(word: str) -> list[str]:
    return [word[: -len(end)] + inf for end, inf in LV_VERB_ENDINGS if word.endswith(end)]


def _lv_stem_guesses(word: str, lexicon: dict) -> list[str]:
    """Infinitives in the lexicon that `word` can be a form of (*apsūdz* -> *apsūdzēt*),
    also under the debitive prefix *jā-* (*jākonsultējas*)."""
    out = []
    forms = [word] + ([word[2:]] if word.startswith("jā") and len(word) > 6 else [])
    for form in forms:
        for suffix in LV_FORM_SUFFIXES:
            if not form.endswith(suffix) or len(form) - len(suffix) < 4:
                continue
            stem = form[: len(form) - len(suffix)] if suffix else form
            out.extend(stem + inf for inf in LV_INFINITIVE if stem + inf in lexicon)
    return out


def lemma_candidates(tok: Any, lang: str) -> list[str]:
    """The model lemma, simplemma's (Latvian verb forms the model gets wrong), guesses from
    Latvian verb endings, and all of them without the negation prefix *ne-* (*neparakstīja*)."""
    verbal_or_adj = lang == "lv" and (_is_verbal(tok) or tok.pos_ == "ADJ")
    return list(_word_candidates(tok.lemma_.lower(), tok.text.lower(), lang, verbal_or_adj))


@lru_cache(maxsize=200_000)
def _word_candidates(lemma: str, word: str, lang: str, verbal_or_adj: bool) -> tuple[str, ...]:
    """lemma_candidates of a token from its strings alone (every token of every article asks:
    cached, since the same words recur; the guesses were most of the extraction time)."""
    out = [lemma, _simplemma(word, lang).lower()]
    if lang == "lv":
        out.extend(_lv_verb_guesses(word))
        if verbal_or_adj:
            out.extend(_lv_stem_guesses(word, load_triggers(lang)))
    for candidate in list(out):
        if lang == "lv" and candidate.startswith("ne") and len(candidate) > 5:
            out.append(candidate[2:])
    return tuple(dict.fromkeys(out))


def _is_verbal(tok: Any) -> bool:
    return tok.pos_ in ("VERB", "AUX") or bool(tok.morph.get("VerbForm"))


def _is_nominalisation(tok: Any, lang: str) -> bool:
    """A Latvian -šana noun (*parakstīšana*) or an English -ing noun (*bombing*)."""
    low = tok.text.lower()
    return tok.pos_ in ("NOUN", "PROPN") and ("šan" in low if lang == "lv" else low.endswith("ing"))


NOMINAL_DEPS = ("obj", "dobj", "nsubj", "obl", "nmod", "conj", "pobj", "iobj")


def _heads_clause(tok: Any) -> bool:
    return any(c.dep_.startswith("nsubj") for c in tok.children)


def _cue_ok(entry: TriggerEntry, tok: Any) -> bool:
    if not entry.cue or entry.cue == "name":  # "name" is checked once the roles are known
        return True
    kind, _, value = entry.cue.partition(":")
    doc = tok.doc
    if kind == "ar":  # runāt ar X
        return any(c.lower_ == "ar" for c in tok.subtree) or (
            tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "ar"
        )
    words = set(value.split("|"))
    if kind == "prt":  # call on / call for
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        return any(c.lower_ in words for c in tok.children if c.i > tok.i) or (
            nxt is not None and nxt.lower_ in words
        )
    if kind == "near":  # atvērt biroju, gave the Ivory Coast 5.1 million dollars
        window = doc[tok.i + 1 : min(len(doc), tok.i + 7)]
        return any(w.lemma_.lower() in words or _simplemma(w.lower_, "lv") in words for w in window)
    return False


Hits = tuple[tuple[str, tuple[TriggerEntry, ...]], ...]  # (candidate lemma, its entries)


@lru_cache(maxsize=100_000)
def _trigger_hits(lemma: str, word: str, lang: str) -> tuple[Hits, Hits]:
    """The lemma candidates of a token with these strings that are in the trigger lexicon,
    with their entries, in candidate order: (if not verbal or adjective, if it is). Most
    tokens have none, and then match_trigger reads nothing else of the token."""
    table = load_triggers(lang)
    return tuple(  # type: ignore[return-value]
        tuple(
            (c, tuple(table[c])) for c in _word_candidates(lemma, word, lang, verbal) if c in table
        )
        for verbal in (False, lang == "lv")
    )


def match_trigger(tok: Any, lang: str) -> tuple[TriggerEntry, str] | None:
    """(lexicon entry, 'verb' or 'noun') when `tok` is a trigger."""
    plain, verbal = _trigger_hits(tok.lemma_.lower(), tok.text.lower(), lang)
    if not plain and not verbal:
        return None
    if tok.is_punct or tok.is_space or not tok.text[:1].isalpha():
        return None
    if tok.pos_ == "AUX" or tok.dep_.split(":")[0] in ("aux", "cop"):
        return None  # tika (passive auxiliary), būs: never an event
    if plain != verbal and lang == "lv" and (_is_verbal(tok) or tok.pos_ == "ADJ"):
        plain = verbal  # lemma_candidates: stem guesses for verbs and adjectives only
    for lemma, entries in plain:
        for entry in entries:
            if entry.pos == "VERB" and _is_verbal(tok) and tok.pos_ not in ("NOUN", "PROPN"):
                kind = "verb"
            elif entry.pos == "VERB" and _is_nominalisation(tok, lang):
                kind = "noun"
            elif entry.pos == "VERB" and lang == "lv" and tok.pos_ == "NOUN":
                # a verb form the tagger took for a noun (konsultēs): trust the form, not the tag
                if not (
                    tok.lemma_.lower() == lemma
                    or _simplemma(tok.lower_, lang) == lemma
                    or lemma in _lv_verb_guesses(tok.lower_)
                ):
                    continue
                kind = "verb"
            elif entry.pos == "VERB" and tok.pos_ in ("NOUN", "ADJ") and _heads_clause(tok):
                kind = "verb"  # the tagger's noun with a subject of its own: a verb (vetoed)
            elif entry.pos == "NOUN" and (
                tok.pos_ in ("NOUN", "PROPN")
                or (tok.pos_ in ("ADJ", "X") and tok.dep_.split(":")[0] in NOMINAL_DEPS)
            ):
                kind = "noun"
            elif entry.pos == "ADV" and tok.pos_ == "ADV":
                kind = "verb"
            else:
                continue
            if _cue_ok(entry, tok):
                return entry, kind
    return None


# -- mentions ----------------------------------------------------------------------------------


class MentionIndex:
    """Find the mention a token belongs to, or the best one inside a token's subtree."""

    def __init__(self, mentions: list[dict]) -> None:
        self.mentions = [m for m in mentions if m.get("label") in ACTOR_LABELS]

    def at(self, tok: Any) -> dict | None:
        start, end = tok.idx, tok.idx + len(tok.text)
        for m in self.mentions:
            if m["start"] <= start and end <= m["end"] + 1 and start < m["end"]:
                return m
        return None

    def in_subtree(self, tok: Any, skip: set[int] | None = None) -> dict | None:
        """The token's own mention, else the best mention among its dependents (a person
        before an organisation before a place; the nearest first)."""
        own = self.at(tok)
        if own is not None:
            return own
        best: tuple[tuple[int, int, int], dict] | None = None
        rank = {"PER": 0, "ORG": 1, "GPE": 2, "LOC": 3, "MISC": 4}
        for t in tok.subtree:
            if t.i == tok.i or (skip and t.i in skip) or _in_other_clause(t, tok):
                continue
            m = self.at(t)
            if m is not None and not _is_place_phrase(t, m):
                key = (_depth(t, tok), rank.get(m["label"], 9), abs(t.i - tok.i))
                if best is None or key < best[0]:
                    best = (key, m)
        return best[1] if best else None

    def evidence(self, tok: Any) -> dict | None:
        """The name for a role token, else the token itself when it is a nominal (a pronoun
        or a common noun: *viņš*, *policija*) — its offsets are the evidence and its entity
        id stays null."""
        named = self.in_subtree(tok)
        if named is not None:
            return named
        if tok.pos_ not in NOMINAL_POS:
            return None
        return {
            "start": tok.idx,
            "end": tok.idx + len(tok.text),
            "entity_id": None,
            "label": None,
            "mention_id": f"token:{tok.i}",
            "token": tok.i,
        }


_CLAUSE_DEPS = ("conj", "acl", "xcomp", "ccomp", "advcl", "parataxis")


def _depth(t: Any, root: Any) -> int:
    depth = 0
    while t.i != root.i and t.head.i != t.i and depth < 50:
        t, depth = t.head, depth + 1
    return depth


def _in_other_clause(t: Any, root: Any) -> bool:
    """Is `t` inside a coordinated or subordinate clause/phrase below `root`?"""
    while t.i != root.i and t.head.i != t.i:
        if t.dep_.split(":")[0] in _CLAUSE_DEPS:
            return True
        t = t.head
    return False


def _is_place_phrase(tok: Any, mention: dict) -> bool:
    """*in Tokyo*, *Tokijā*: a place said as a place, not a participant."""
    return mention["label"] in PLACE_LABELS and (
        _case(tok) == "Loc" or bool(_preps(tok) & {"in", "at", "near"})
    )


def _case(tok: Any) -> str:
    values = tok.morph.get("Case")
    return values[0] if values else ""


def _preps(tok: Any) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("case", "mark")}


# -- roles -------------------------------------------------------------------------------------


def _children(tok: Any, *deps: str) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps or c.dep_.split(":")[0] in deps]


def _is_passive(verb: Any) -> bool:
    return any(c.dep_ in ("nsubj:pass", "aux:pass", "nsubjpass", "auxpass") for c in verb.children)


def _control_head(verb: Any) -> Any | None:
    """The verb an infinitive/xcomp trigger depends on (*gatavojas atvērt*)."""
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return verb.head
    return None


def clause_subject(verb: Any, depth: int = 0) -> Any | None:
    """The grammatical subject of `verb`, inherited through control and coordination."""
    if depth > 3:
        return None
    if _is_passive(verb):
        agents = [
            c
            for c in verb.children
            if c.dep_ == "obl:agent" or (c.dep_ == "obl" and "by" in _preps(c))
        ]
        return agents[0] if agents else None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        subj = subjects[0]
        if "Rel" in subj.morph.get("PronType") and verb.dep_.startswith("acl"):
            return verb.head  # the noun the relative clause modifies
        return subj
    head = _control_head(verb)
    return clause_subject(head, depth + 1) if head is not None else None


def _target_tokens(tok: Any, lang: str) -> list[Any]:
    """Objects, datives and prepositional recipients of a trigger, in order of preference."""
    out = _children(tok, "obj", "iobj", "dobj")
    if _is_passive(tok):  # the patient of a passive, whichever label the parser gave it
        patients = ("nsubj:pass", "nsubjpass", "nsubj")
        out = [c for c in tok.children if c.dep_ in patients] + out
    recipients = {"ar", "pret", "pie", "uz", "with", "against", "on", "to", "for", "from"}
    for c in tok.children:
        if c.dep_.split(":")[0] not in ("obl", "nmod", "prep", "pobj"):
            continue
        if (
            lang == "lv" and (_case(c) == "Dat" or _preps(c) & recipients) and _case(c) != "Loc"
        ) or (lang == "en" and _preps(c) & recipients):
            out.append(c)
    return out


def _place_tokens(tok: Any, lang: str) -> list[Any]:
    out = []
    for c in tok.children:
        if c.dep_.split(":")[0] not in ("obl", "nmod", "advmod", "prep"):
            continue
        if (lang == "lv" and _case(c) == "Loc" and not _preps(c)) or (
            lang == "en" and _preps(c) & {"in", "at"}
        ):
            out.append(c)
    return out


def _nearby_place(tok: Any, index: MentionIndex, lang: str) -> dict | None:
    """A place name in the four words after the trigger, in the same clause (the parse often
    attaches *Tokijā* elsewhere)."""
    doc = tok.doc
    for t in doc[tok.i + 1 : min(len(doc), tok.i + 5)]:
        if t.is_punct or (t.pos_ in ("VERB", "AUX") and t.i != tok.i) or t.is_sent_start:
            return None
        m = index.at(t)
        if m is not None and m["label"] in PLACE_LABELS:
            if lang == "lv" and _case(t) == "Loc":
                return m
            if lang == "en" and t.i > 0 and doc[t.i - 1].lower_ in ("in", "at"):
                return m
    return None


def _following_target(tok: Any, index: MentionIndex, lang: str, exclude: set[str]) -> dict | None:
    """A name after a verb trigger, in its clause, that reads as its object or recipient:
    accusative/dative or after *ar, pret* within five words (lv; the parse often attaches
    *ar Somiju* to the wrong word), or (en) the first name of the clause that is not a place
    said as a place, through infinitives (*agreed to provide aid to Romania*)."""
    doc = tok.doc
    preps = {"ar", "pret", "with", "against", "on"}
    window = 6 if lang == "lv" else 10
    for t in doc[tok.i + 1 : min(len(doc), tok.i + window)]:
        if t.is_punct or t.is_sent_start or t.lower_ in CLAUSE_WORDS:
            return None
        if lang == "lv" and _is_verbal(t) and t.pos_ == "VERB":
            return None
        m = index.at(t)
        if m is None or m["mention_id"] in exclude or _is_place_phrase(t, m):
            continue
        before = doc[t.i - 1].lower_ if t.i > 0 else ""
        if lang == "en" and before not in ("in", "at", "near", "of"):
            return m
        if (
            (lang == "lv" and _case(t) in ("Acc", "Dat"))
            or before in preps
            or (lang == "lv" and doc[max(tok.i, t.i - 2)].lower_ in preps)
        ):
            return m
    return None


def _preceding_subject(tok: Any, index: MentionIndex, lang: str) -> Any | None:
    """The nearest name before the trigger in its clause that can be a subject: nominative or
    uninflected (lv), not after a preposition; the parse found no subject."""
    doc = tok.doc
    for t in reversed(doc[tok.sent.start : tok.i]):
        if t.is_punct and t.text in ',;:()–—"“”„':
            return None
        if t.pos_ == "SCONJ" or t.lower_ in ("ka", "kas", "that", "which", "who"):
            return None
        if _is_verbal(t) and t.pos_ != "NOUN":
            lemmas = set(lemma_candidates(t, lang))
            if not lemmas & CONTROL_VERBS and t.pos_ != "AUX":
                return None
        m = index.at(t)
        if m is None or t.pos_ not in ("PROPN", "NOUN", "X", "ADJ"):
            continue
        if lang == "lv" and _case(t) not in ("", "Nom"):
            continue
        if _preps(t) or (t.head.i != t.i and _preps(t.head) and t.dep_ != "nsubj"):
            continue
        return t
    return None


@dataclass
class Roles:
    actor: dict | None = None
    actor_how: str = ""  # syntax | fallback
    target: dict | None = None
    location: dict | None = None


def _first_mention(tokens: list[Any], index: MentionIndex, exclude: set[str]) -> dict | None:
    """The first named role among `tokens` (a recipient *to Great Britain* before a theme
    *two nationals*), else the first nominal one; time words are never roles."""
    found = [
        m
        for t in tokens
        if not _is_time_word(t)
        for m in [index.evidence(t)]
        if m is not None and m["mention_id"] not in exclude
    ]
    named = [m for m in found if m.get("entity_id")]
    return (named or found or [None])[0]


def _is_time_word(tok: Any) -> bool:
    low = tok.lower_
    return (
        tok.pos_ == "NUM"
        or tok.ent_type_ in ("DATE", "TIME")
        or low in TIME_WORDS
        or any(low.startswith(stem) for stem in ("janvār", "februār", "mart", "aprīl", "septembr"))
    )


def _unnamed(role: dict | None) -> bool:
    return role is None or role.get("entity_id") is None


def _coordinated_partner(tok: Any, index: MentionIndex) -> dict | None:
    for c in tok.children:
        if c.dep_ == "conj":
            m = index.in_subtree(c)
            if m is not None:
                return m
    return None


def _governing_verb(noun: Any) -> Any | None:
    """The verb an event noun is the object/subject of (*imposed sanctions*, *notiks*)."""
    head = noun.head
    if (
        head.i != noun.i
        and _is_verbal(head)
        and noun.dep_.split(":")[0] in ("obj", "nsubj", "dobj")
    ):
        return head
    return None


def _light_verb_before(noun: Any, lang: str) -> Any | None:
    """*noteica sankcijas*, *rīkoja protestu*: the verb right before the event noun, when the
    parse did not make the noun its object."""
    if noun.i == 0:
        return None
    prev = noun.doc[noun.i - 1]
    if prev.pos_ == "VERB" and match_trigger(prev, lang) is None:
        return prev
    return None


def _during_verb(noun: Any) -> Any | None:
    """The verb of a *vizītes laikā* / *during the visit* phrase the noun is in."""
    head = noun.head
    if head.lemma_.lower() == "laiks" and head.head.i != head.i and _is_verbal(head.head):
        return head.head
    if "during" in _preps(noun) and _is_verbal(head):
        return head
    return None


def _noun_roles(tok: Any, index: MentionIndex, lang: str, ptype: str) -> tuple[Roles, Any | None]:
    """Roles of an event noun, and the verb that carries its modality."""
    roles = Roles()
    left = [t for t in tok.subtree if t.i < tok.i and t.dep_ not in ("case", "det", "amod")]
    possessors = [
        t
        for t in left
        if index.at(t) is not None
        and (lang == "en" or _case(t) in ("Gen", "") or t.pos_ == "PROPN")
        and not _preps(t)
    ]
    verb = _governing_verb(tok) or _during_verb(tok) or _light_verb_before(tok, lang)
    actor_tok = possessors[0] if possessors else None
    light = verb is not None and verb.i == tok.i - 1
    if (
        actor_tok is None
        and verb is not None
        and (light or tok.dep_.split(":")[0] in ("obj", "dobj", "obl"))
    ):
        actor_tok = clause_subject(verb)
    during = _during_verb(tok)
    if actor_tok is None and during is not None and during.i == verb.i:
        actor_tok = clause_subject(verb)
    if actor_tok is not None:
        roles.actor, roles.actor_how = index.evidence(actor_tok), "syntax"
    used = {roles.actor["mention_id"]} if roles.actor else set()
    targets = _target_tokens(tok, lang)
    if verb is not None and (light or tok.dep_.split(":")[0] in ("obj", "dobj")):
        targets += [t for t in _target_tokens(verb, lang) if t.i != tok.i]
    roles.target = _first_mention(targets, index, used)
    if _unnamed(roles.target) and actor_tok is not None and ptype in SYMMETRIC:
        roles.target = _coordinated_partner(actor_tok, index) or roles.target
    if roles.target is None and len(possessors) > 1 and ptype in SYMMETRIC:
        roles.target = index.at(possessors[1])
    places = _place_tokens(tok, lang) + (_place_tokens(verb, lang) if verb is not None else [])
    roles.location = _place(places, index) or _nearby_place(tok, index, lang)
    return roles, verb


def _place(tokens: list[Any], index: MentionIndex) -> dict | None:
    for t in tokens:
        m = index.at(t)
        if m is not None and m["label"] in PLACE_LABELS:
            return m
    return None


def _verb_roles(tok: Any, index: MentionIndex, lang: str, ptype: str) -> Roles:
    roles = Roles()
    subj = clause_subject(tok)
    if subj is not None:
        roles.actor = index.evidence(subj)
        roles.actor_how = "syntax"
    if roles.actor is None:
        subj = _preceding_subject(tok, index, lang)
        if subj is not None:
            roles.actor, roles.actor_how = index.at(subj), "fallback"
    used = {roles.actor["mention_id"]} if roles.actor else set()
    roles.target = _first_mention(_target_tokens(tok, lang), index, used)
    if _unnamed(roles.target) and subj is not None and ptype in SYMMETRIC:
        roles.target = _coordinated_partner(subj, index) or roles.target
    if _unnamed(roles.target):  # a name after the verb beats a nominal theme (granted asylum to X)
        roles.target = _following_target(tok, index, lang, used) or roles.target
    roles.location = _place(_place_tokens(tok, lang), index) or _nearby_place(tok, index, lang)
    return roles


# -- modality ----------------------------------------------------------------------------------


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Direct-speech spans in text[start:end]: paired quotation marks around at least three
    words (shorter quoted runs are names or scare quotes)."""
    spans = []
    i = start
    while i < end:
        ch = text[i]
        close = _QUOTE_PAIRS.get(ch)
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1, end)
        if j < 0:
            i += 1
            continue
        if len(text[i + 1 : j].split()) >= _QUOTE_MIN_WORDS:
            spans.append((i, j + 1))
        i = j + 1
    return spans


def _chain(tok: Any, verb: Any | None) -> list[Any]:
    """The trigger and the verbs above it that carry its tense and mood (control verbs, the
    light verb of an event noun), up to the clause."""
    chain = [tok] + ([verb] if verb is not None else [])
    cur = chain[-1]
    for _ in range(3):
        if cur.dep_ in ("xcomp",) and cur.head.i != cur.i:
            cur = cur.head
            chain.append(cur)
        else:
            break
    return chain


def _lemmas(tok: Any, lang: str) -> set[str]:
    return set(lemma_candidates(tok, lang))


def _lv_negative_form(tok: Any, lang: str) -> bool:
    """*neparakstīja*: the trigger matched only once its prefix *ne-* was dropped."""
    if lang != "lv" or not tok.lower_.startswith("ne") or not _is_verbal(tok):
        return False
    table = load_triggers(lang)
    return not any(c in table for c in lemma_candidates(tok, lang) if c.startswith("ne"))


def _lv_future_form(tok: Any, lang: str) -> bool:
    """A Latvian future form the tagger missed (*konsultēs*, tagged as a noun)."""
    return (
        lang == "lv"
        and not tok.morph.get("Tense")
        and tok.lower_.endswith(("ēs", "īs", "ās", "sies", "sim", "siet"))
        and any(g in load_triggers(lang) for g in _lv_verb_guesses(tok.lower_))
    )


def _after_plan_verb(tok: Any, lang: str) -> bool:
    """*gatavojas atvērt*, *plans to sign*: a plan verb right before the trigger, whatever
    the parse made of it."""
    doc = tok.doc
    for t in reversed(doc[max(tok.sent.start, tok.i - 3) : tok.i]):
        if t.is_punct:
            return False
        if t.lower_ != "to" and _lemmas(t, lang) & PLAN_VERBS:
            return True
    return False


def modality(
    tok: Any, verb: Any | None, lang: str, quotes: list[tuple[int, int]], sent_text: str
) -> str:
    chain = _chain(tok, verb)
    deps = [c for t in chain for c in t.children]
    if (
        _lv_negative_form(tok, lang)
        or any("Neg" in t.morph.get("Polarity") for t in chain)
        or any(
            (c.lower_ in NEG_WORDS and c.dep_ in ("advmod", "neg", "aux", "part", "discourse"))
            or (c.dep_.startswith("aux") and "Neg" in c.morph.get("Polarity"))
            for c in deps
        )
    ):
        return "negated"
    if any("Cnd" in t.morph.get("Mood") for t in chain + deps) or any(
        c.lower_ in HYPO_WORDS and c.dep_ in ("mark", "aux", "advmod", "discourse") for c in deps
    ):
        return "hypothetical"
    if any(a <= tok.idx < b for a, b in quotes):
        return "reported"
    top = chain[-1]
    if (
        any("Fut" in t.morph.get("Tense") for t in chain + deps if _is_verbal(t))
        or _lv_future_form(tok, lang)
        or _after_plan_verb(tok, lang)
        or any(c.lower_ in FUTURE_AUX for c in deps)
        or any(_lemmas(t, lang) & PLAN_VERBS for t in chain[1:])
        or (top.dep_ in ("ccomp", "csubj") and _lemmas(top.head, lang) & PLAN_VERBS)
        or any(
            _lemmas(c, lang) & {"paredzēt", "paredzams"} and c.dep_ != "conj" for c in top.children
        )
        or (top.dep_ in ("ccomp", "csubj") and top.head.lemma_.lower().startswith("paredz"))
    ):
        return "planned"
    if top.dep_ in ("ccomp", "parataxis") and _lemmas(top.head, lang) & SPEECH_VERBS:
        return "reported"
    if ATTRIBUTION.search(sent_text):
        return "reported"
    return "asserted"


# -- rows --------------------------------------------------------------------------------------


def event_id(article_id: str, start: int, end: int, plover_type: str) -> str:
    key = f"{article_id}:{start}:{end}:{plover_type}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _has_verb(sent: Any) -> bool:
    return any(
        t.pos_ in ("VERB", "AUX") or "Fin" in t.morph.get("VerbForm") for t in sent if t.is_alpha
    )


def _published(article: AnnotatedArticle) -> dt.date | None:
    return article.published_at.date() if article.published_at else None


def _date_fields(date: DateExpr | None, mod: str, published: dt.date | None) -> dict:
    if date is not None:
        return {
            "date_raw": date.raw,
            "date_start": date.start,
            "date_end": date.end,
            "date_resolved": date.resolved,
            "date_precision": date.precision,
            "date_note": date.note,
        }
    fallback = published is not None and mod != "planned"
    return {
        "date_raw": None,
        "date_start": None,
        "date_end": None,
        "date_resolved": published if fallback else None,
        "date_precision": "day" if fallback else None,
        "date_note": "publication_date" if fallback else None,
    }


def _span_fields(prefix: str, mention: dict | None, entity: str | None = None) -> dict:
    return {
        f"{prefix}_entity_id": entity or (mention["entity_id"] if mention else None),
        f"{prefix}_start": mention["start"] if mention else None,
        f"{prefix}_end": mention["end"] if mention else None,
    }


def _confidence(kind: str, roles: Roles) -> float:
    score = 0.5 + (0.1 if kind == "verb" else 0.0)
    if roles.actor is not None:
        named = roles.actor.get("entity_id") is not None
        score += {"syntax": 0.2 if named else 0.1, "fallback": 0.1}.get(roles.actor_how, 0.0)
    score += 0.1 if roles.target is not None else 0.0
    score += 0.05 if roles.location is not None else 0.0
    return round(min(score, 0.95), 2)


def _host_target(entry: TriggerEntry, roles: Roles) -> str | None:
    """Opening an office/embassy in a city: the target is the host country."""
    if entry.plover_type != "COOPERATE" or not entry.cue or roles.target or not roles.location:
        return None
    return host_country().get(roles.location["entity_id"]) or (
        roles.location["entity_id"] if roles.location["label"] == "GPE" else None
    )


def _role_is_participant(role: dict | None, doc: Any, lang: str) -> bool:
    """A name, a pronoun, a number of people, or a noun for a person or a body."""
    if role is None:
        return False
    if role.get("entity_id"):
        return True
    tok = doc[role["token"]]
    if tok.pos_ in ("PRON", "NUM"):
        return True
    if tok.pos_ == "PROPN" and tok.i > tok.sent.start:
        return True  # a name the NER missed (a capital at the sentence start proves nothing)
    lemmas = set(lemma_candidates(tok, lang))
    return bool(lemmas & AGENT_NOUNS.get(lang, set())) or any(
        lemma.endswith(PERSON_SUFFIXES[lang]) for lemma in lemmas if lang in PERSON_SUFFIXES
    )


def _figurative(tok: Any, roles: Roles, lang: str) -> bool:
    """Neither side is a name, a pronoun or a person/organisation noun: *vīruss uzbrūk
    šūnām*, *rust attacks the metal*."""
    return not (
        _role_is_participant(roles.actor, tok.doc, lang)
        or _role_is_participant(roles.target, tok.doc, lang)
    )


def _skip_noun(tok: Any, kind: str, lang: str) -> bool:
    """An event noun that is the object of a verb trigger (*signed an agreement*) is the
    same event, and one in its oblique (*threatened with sanctions*, *accused of the attack*)
    is that event's content; in a verbless headline it is a topic, not an event."""
    if kind != "noun":
        return False
    if not _has_verb(tok.sent):
        return True
    head = tok.head
    if (
        head.i != tok.i
        and tok.dep_.split(":")[0] in ("obj", "dobj", "obl", "nmod", "pobj")
        and _is_verbal(head)
        and match_trigger(head, lang) is not None
    ):
        return True
    return bool(_preps(tok) & CONTENT_PREPS) and _verb_trigger_before(tok, lang)


def _verb_trigger_before(tok: Any, lang: str) -> bool:
    """A verb trigger earlier in the same clause (the parse may hang *ar sankcijām* on the
    wrong word)."""
    for t in reversed(tok.doc[max(tok.sent.start, tok.i - 6) : tok.i]):
        if t.is_punct:
            return False
        if _is_verbal(t) and t.pos_ != "NOUN" and match_trigger(t, lang) is not None:
            return True
    return False


def extract_events(article: AnnotatedArticle) -> list[dict]:
    """Event rows (schemas.events minus extractor, extractor_version, run_id)."""
    doc, text, lang = article.doc, article.text, article.lang
    if doc is None or not load_triggers(lang):
        return []
    index = MentionIndex(article.mentions)
    published = _published(article)
    rows: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for tok in doc:
        found = match_trigger(tok, lang)
        if found is None:
            continue
        entry, kind = found
        if _skip_noun(tok, kind, lang):
            continue
        if kind == "noun":
            roles, verb = _noun_roles(tok, index, lang, entry.plover_type)
        else:
            roles, verb = _verb_roles(tok, index, lang, entry.plover_type), None
        if entry.plover_type in NEEDS_PARTICIPANT and _figurative(tok, roles, lang):
            continue
        if entry.cue == "name" and not (
            (roles.target and roles.target.get("entity_id")) or roles.location
        ):
            continue  # apmeklēt koncertu: attending, not a visit
        start, end = tok.idx, tok.idx + len(tok.text)
        if (start, end) in seen:
            continue
        seen.add((start, end))
        sent_idx = article.sentence_index(start)
        s0, s1 = article.sentences[sent_idx] if article.sentences else (0, len(text))
        quotes = quote_spans(text, s0, s1)
        mod = modality(tok, verb, lang, quotes, text[s0:s1])
        dates = find_dates(text, s0, s1, lang, published, future=mod == "planned")
        date = nearest_date(dates, start, end)
        if (
            mod == "asserted"
            and date is not None
            and date.resolved is not None
            and published is not None
            and date.resolved > published
        ):
            mod = "planned"
        host = _host_target(entry, roles)
        rows.append(
            {
                "event_id": event_id(article.article_id, start, end, entry.plover_type),
                "article_id": article.article_id,
                "sentence_idx": sent_idx,
                "trigger": text[start:end],
                "trigger_start": start,
                "trigger_end": end,
                "plover_type": entry.plover_type,
                "plover_mode": entry.plover_mode,
                "cameo_root": cameo_roots().get(entry.plover_type),
                "modality": mod,
                **_span_fields("actor", roles.actor),
                **_span_fields("target", roles.target or (roles.location if host else None), host),
                **_span_fields("location", roles.location),
                **_date_fields(date, mod, published),
                "confidence": _confidence(kind, roles),
            }
        )
    return rows


EVENTS = Extractor(name=NAME, version=VERSION, table="events", extract=extract_events)
