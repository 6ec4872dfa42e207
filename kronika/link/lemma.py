"""Latvian name morphology: generate inflected forms of a name and guess base forms.

Names are mostly out of simplemma's dictionary (it lowercases unknown words), so this
module carries its own ending table for the noun declensions that names use (1st -s/-š,
2nd -is, 3rd -us, 4th -a, 5th -e, 6th -s; singular and plural) plus definite adjectives
(``Apvienotā``, ``Starptautiskais``), which agree with the head noun of a multi-word name.

Two directions:
- ``latvian_forms(name)``: every case form of a known base name (for lexicon lookup);
- ``base_candidates(word)``: every (base, case, number, gender) that could produce ``word``;
  ``lemmatize_word`` / ``lemmatize_name`` pick one, using morphology when a pipeline gives it.

Choosing among candidates (issue 12): a name-lemma lexicon of the training documents' gold
name forms (``kronika.link.lv_words.name_lemmas``) answers first for forms it has seen;
otherwise the morphologizer's case, number and gender select the candidates, a form that is
already a valid nominative of the predicted gender is kept (*Evika*, *Siliņa* feminine),
candidates whose base is a known name lemma come first, and the words of a person's name
share one gender (the first name decides when the lexicon knows it).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc", "Voc")


# Paradigm: nominative ending -> endings per case, singular then plural. "~" marks the
# consonant alternation of the 2nd/5th/6th declensions (brālis -> brāļa, Kārlis -> Kārļa).
# Gender, number, and whether the nominative ending alone identifies it.
@dataclass(frozen=True)
class Paradigm:
    name: str
    nom: str  # nominative ending
    gender: str  # Masc / Fem
    number: str  # Sing / Plur (the number of the nominative base)
    forms: tuple[tuple[str, str, str], ...]  # (case, number, ending)


def _p(name: str, nom: str, gender: str, number: str, sg: str, pl: str | None) -> Paradigm:
    forms = [(c, "Sing", e) for c, e in zip(CASES, sg.split(), strict=True)]
    if pl:
        forms += [(c, "Plur", e) for c, e in zip(CASES, pl.split(), strict=True)]
    return Paradigm(name, nom, gender, number, tuple(forms))


# Voc is listed as the nominative ending where names keep it (Jenss!, Anna!).
NOUN_PARADIGMS: tuple[Paradigm, ...] = (
    _p("m1", "s", "Masc", "Sing", "s a am u u ā s", "i u iem us iem os i"),
    _p("m1š", "š", "Masc", "Sing", "š a am u u ā š", "i u iem us iem os i"),
    _p("m2", "is", "Masc", "Sing", "is ~a im i i ī i", "~i ~u ~iem ~us ~iem ~os ~i"),
    _p("m3", "us", "Masc", "Sing", "us us um u u ū u", "i u iem us iem os i"),
    _p("f4", "a", "Fem", "Sing", "a as ai u u ā a", "as u ām as ām ās as"),
    _p("m4", "a", "Masc", "Sing", "a as am u u ā a", "as u ām as ām ās as"),
    _p("f5", "e", "Fem", "Sing", "e es ei i i ē e", "es ~u ēm es ēm ēs es"),
    _p("f6", "s", "Fem", "Sing", "s s ij i i ī s", "is ~u īm is īm īs is"),
    # plural-only names: Filipīnas, Amerikas Savienotās Valstis, Apvienotie Arābu Emirāti
    _p("f4pl", "as", "Fem", "Plur", "as u ām as ām ās as", None),
    _p("f5pl", "es", "Fem", "Plur", "es ~u ēm es ēm ēs es", None),
    _p("f6pl", "is", "Fem", "Plur", "is ~u īm is īm īs is", None),
    _p("m1pl", "i", "Masc", "Plur", "i u iem us iem os i", None),
)

# Definite adjectives inside names agree with the head noun (Apvienotā Karaliste).
ADJ_PARADIGMS: tuple[Paradigm, ...] = (
    _p("adj_m", "ais", "Masc", "Sing", "ais ā ajam o o ajā ais", "ie o ajiem os ajiem ajos ie"),
    _p("adj_f", "ā", "Fem", "Sing", "ā ās ajai o o ajā ā", "ās o ajām ās ajām ajās ās"),
    _p("adj_fpl", "ās", "Fem", "Plur", "ās o ajām ās ajām ajās ās", None),
    _p("adj_mpl", "ie", "Masc", "Plur", "ie o ajiem os ajiem ajos ie", None),
)

# Consonant alternation before the ending (2nd, 5th, 6th declension genitive etc.).
_ALTERNATION = {
    "l": "ļ",
    "n": "ņ",
    "s": "š",
    "t": "š",
    "d": "ž",
    "z": "ž",
    "c": "č",
    "b": "bj",
    "p": "pj",
    "m": "mj",
    "v": "vj",
    "f": "fj",
}
_REVERSE_ALTERNATION: dict[str, list[str]] = {}
for _plain, _alt in _ALTERNATION.items():
    _REVERSE_ALTERNATION.setdefault(_alt, []).append(_plain)
# -tis is the usual source of -ša in names (Ēzelīša -> Ēzelītis, diminutives in -ītis).
_REVERSE_ALTERNATION["š"] = ["t", "s"]
_VOWELS = set("aeiouāēīūAEIOUĀĒĪŪ")

# Words that never inflect inside names, and the conjunctions that join two names.
_CONJUNCTIONS = {"un", "and", "&"}


def _alternate(stem: str) -> list[str]:
    """Stems after the consonant alternation; the plain stem too (foreign names skip it)."""
    out = [stem]
    for plain, alt in _ALTERNATION.items():
        if stem.endswith(plain) and not stem.endswith(alt):
            out.append(stem[: -len(plain)] + alt)
            break
    return out


def _apply(stem: str, ending: str) -> list[str]:
    if ending.startswith("~"):
        return [s + ending[1:] for s in _alternate(stem)]
    return [stem + ending]


def is_indeclinable(word: str) -> bool:
    """Acronyms, numbers, and words without a Latvian nominative ending stay as written."""
    if not word or not any(ch.isalpha() for ch in word):
        return True
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return True  # NATO, ASV, IPSP
    return not word.endswith(("s", "š", "a", "e", "i", "ā", "u", "m", "ī", "ū", "ē"))


def paradigms_for(word: str, *, adjective: bool = False) -> list[Paradigm]:
    """Paradigms whose nominative ending matches ``word`` (longest ending first)."""
    table = ADJ_PARADIGMS if adjective else NOUN_PARADIGMS
    found = [p for p in table if word.endswith(p.nom) and len(word) > len(p.nom) + 1]
    return sorted(found, key=lambda p: -len(p.nom))


# Rare paradigms (masculine -a, feminine -s) are left out when generating forms: mixing
# them in doubles every form for little gain. base_candidates still knows them.
_RARE = {"m4", "f6"}


def word_forms(
    word: str, *, adjective: bool = False, plural: bool = False
) -> dict[tuple[str, str], set[str]]:
    """(case, number) -> forms of a nominative ``word``; {} when it does not inflect.

    ``plural`` says the name is plural (Savienotās Valstis): -is is then 6th-declension
    plural, not 2nd-declension singular.
    """
    if is_indeclinable(word) and not adjective:
        return {}
    out: dict[tuple[str, str], set[str]] = {}
    pars = [p for p in paradigms_for(word, adjective=adjective) if p.name not in _RARE]
    if pars and any(p.number == "Plur" for p in pars) and any(p.number == "Sing" for p in pars):
        pars = [p for p in pars if (p.number == "Plur") == plural]
    # A longer matching ending wins (-is over -s, -as over -s): "Valstis" is not "Valsti-s".
    if pars:
        longest = len(pars[0].nom)
        pars = [p for p in pars if len(p.nom) == longest]
    for par in pars:
        stem = word[: -len(par.nom)]
        for case, number, ending in par.forms:
            out.setdefault((case, number), set()).update(_apply(stem, ending))
    return out


def looks_adjective(word: str) -> bool:
    """Definite adjective endings used in names (Apvienotā, Starptautiskais, Savienotās)."""
    low = word.lower()
    return low.endswith(("ais", "ā", "ie")) or (low.endswith("ās") and len(low) > 4)


def _looks_nominative(word: str) -> bool:
    return not word.endswith(("as", "es", "u", "o", "ā", "ē", "ī")) or word.endswith("us")


def _split_hyphen(word: str) -> tuple[str, str]:
    """Only the last part of a hyphenated surname inflects here (Taksoe-Jensena)."""
    if "-" in word:
        head, _, tail = word.rpartition("-")
        return head + "-", tail
    return "", word


def _agreeing_words(words: list[str]) -> list[bool]:
    """Which words of a multi-word nominative name inflect with the head.

    The last word is the head. Definite adjectives agree. Before ``un`` the word is the
    head of a coordinated name when it looks nominative (Bosnija un Hercegovina) and a
    frozen genitive otherwise (Eiropas Drošības un sadarbības organizācija).
    """
    flags = [False] * len(words)
    if not words:
        return flags
    flags[-1] = True
    for i, w in enumerate(words[:-1]):
        nxt = words[i + 1].lower()
        if (looks_adjective(w) and w[:1].isupper()) or (
            nxt in _CONJUNCTIONS and _looks_nominative(w) and not is_indeclinable(w)
        ):
            flags[i] = True
    return flags


@lru_cache(maxsize=65536)
def latvian_forms(name: str) -> frozenset[str]:
    """All case forms (singular and plural) of a Latvian base name, the name included.

    Multi-word names inflect word by word: the head and agreeing adjectives change,
    genitive modifiers stay (Apvienoto Nāciju Organizācijā). Person names, where every
    word agrees (Jensa Stoltenberga), are covered because their words all look nominative.
    """
    words = name.split()
    if not words:
        return frozenset()
    flags = _agreeing_words(words)
    # Person-like names: every word nominative and capitalised -> all words agree.
    if len(words) > 1 and all(w[:1].isupper() and _looks_nominative(w) for w in words):
        flags = [not is_indeclinable(w) for w in words]
    # A plural adjective before the head makes the head plural (Savienotās Valstis).
    plural = len(words) > 1 and words[-2].endswith(("ās", "ie")) and flags[-2]
    per_word: list[dict[tuple[str, str], set[str]]] = []
    for i, (w, agree) in enumerate(zip(words, flags, strict=True)):
        if not agree:
            per_word.append({})
            continue
        prefix, tail = _split_hyphen(w)
        is_head = i == len(words) - 1
        forms = word_forms(tail, adjective=looks_adjective(tail) and not is_head, plural=plural)
        per_word.append({k: {prefix + f for f in v} for k, v in forms.items()})
    keys = set().union(*(d.keys() for d in per_word))
    out = {name}
    for key in keys:
        combos = [""]
        for w, forms in zip(words, per_word, strict=True):
            options = forms.get(key, {w}) if forms else {w}
            combos = [(c + " " + o).strip() for c in combos for o in sorted(options)]
            if len(combos) > 16:  # alternation doubles forms; cap the product
                combos = combos[:16]
        out.update(combos)
    return frozenset(out)


@dataclass(frozen=True)
class BaseCandidate:
    base: str
    case: str
    number: str
    gender: str
    paradigm: str


def base_candidates(word: str) -> list[BaseCandidate]:
    """Every base form (nominative) that has ``word`` among its case forms."""
    prefix, tail = _split_hyphen(word)
    out: list[BaseCandidate] = []
    seen: set[tuple[str, str, str, str]] = set()
    for par in NOUN_PARADIGMS + ADJ_PARADIGMS:
        for case, number, ending in par.forms:
            plain = ending.lstrip("~")
            if not tail.endswith(plain) or len(tail) - len(plain) < 2:
                continue
            stem = tail[: len(tail) - len(plain)] if plain else tail
            stems = [stem]
            if ending.startswith("~"):
                for alt, plains in _REVERSE_ALTERNATION.items():
                    if stem.endswith(alt):
                        stems = [stem[: -len(alt)] + p for p in plains] + [stem]
                        break
            for s in stems:
                base = prefix + s + par.nom
                key = (base, case, number, par.gender)
                if key not in seen:
                    seen.add(key)
                    out.append(BaseCandidate(base, case, number, par.gender, par.name))
    return out


# Default reading of an ending on a name when nothing else is known, most frequent
# first (news names: feminine place names, masculine person names).
_DEFAULT_ENDING_RULES: tuple[tuple[str, str], ...] = (
    ("ajā", "ā"),
    ("ijā", "ija"),
    ("ijas", "ija"),
    ("ijai", "ija"),
    ("iju", "ija"),
    ("ām", "as"),
    ("ās", "as"),
    ("ā", "a"),
    ("ai", "a"),
    ("as", "a"),
    ("ei", "e"),
    ("ē", "e"),
    ("es", "e"),
    ("am", "s"),
    ("um", "us"),
    ("ū", "us"),
    ("im", "is"),
)
_PER_ENDING_RULES: tuple[tuple[str, str], ...] = (
    ("am", "s"),
    ("u", "s"),
    # "-a" stays: a feminine nominative (Anna Bērziņa) or a masculine genitive (Jensa);
    # morphology or the article's other mentions decide (kronika.link.coref).
    ("ā", "s"),
    ("im", "is"),
    ("um", "us"),
    ("ai", "a"),
    ("as", "a"),
    ("ei", "e"),
    ("es", "e"),
)

_MORPH_TARGET = {  # (gender) -> preferred paradigms for a base form from morphology
    "Masc": ("m1", "m1š", "m2", "m3", "m4", "adj_m", "m1pl", "adj_mpl"),
    "Fem": ("f4", "f5", "f6", "adj_f", "f4pl", "f5pl", "f6pl", "adj_fpl"),
}


def _prefer_soft_stem(word: str, cands: list[BaseCandidate]) -> list[BaseCandidate]:
    """Order equally good readings: a soft consonant before the ending points to -iņš
    surnames (Kariņa -> Kariņš) or to a 2nd-declension alternation (Krišjāņa ->
    Krišjānis), never to a plain -s (Kariņs); otherwise the table order stands."""

    def rank(c: BaseCandidate) -> float:
        nom = "is" if c.paradigm == "m2" else c.base[-1:]
        stem = c.base[: -len(nom)]
        if c.paradigm == "m1š":
            return 0 if stem.endswith("iņ") else 3
        if c.paradigm == "m2" and not word.startswith(stem):
            # the form has the alternated consonant: ļ/ņ point to -lis/-nis (Krišjāņa ->
            # Krišjānis); č/š/ž are mostly the stem's own (Rinkēviča -> Rinkēvičs)
            return 1 if word[len(stem) - 1 : len(stem)] in "ļņ" else 2.7
        if c.paradigm == "m1" and stem[-1:] in "ļņšž":
            return 3  # Kariņs, Ēzelīšs: a soft or hushing stem does not take -s
        if c.paradigm == "m1" and len(stem) > 2 and stem[-1] in "rl" and stem[-2] not in _VOWELS:
            return 3  # Andrs, Kūtrs: a consonant cluster before -s is -is (Andris, Kūtris)
        if c.paradigm in ("m3", "m4"):
            return 2.5  # -us and masculine -a names are rarer than -s (Rinkēviču -> -čs)
        return 2

    return sorted(cands, key=rank)


# A form answers from the lexicon when this share of its training occurrences agree.
LEXICON_MIN_SHARE = 0.75


def lexicon_lemma(word: str) -> str | None:
    """The gold lemma of ``word`` in the training documents' names, when (nearly) unique."""
    from kronika.link.lv_words import name_lemmas

    counts = name_lemmas().get(word)
    if not counts:
        return None
    lemma, n = max(counts.items(), key=lambda kv: (kv[1], kv[0] == word))
    if n == 1 and lemma == word:
        return None  # one "unchanged" sighting says little (Annas: a plural, or a typo)
    if lemma.endswith(("ņs", "ļs")):
        return None  # not a Latvian nominative (gold typo Bērziņs for Bērziņš)
    return lemma if n / sum(counts.values()) >= LEXICON_MIN_SHARE else None


@lru_cache(maxsize=1)
def known_lemmas() -> frozenset[str]:
    """Every gold lemma of a name word in the training documents (to rank candidates)."""
    from kronika.link.lv_words import name_lemmas

    return frozenset(lem for counts in name_lemmas().values() for lem in counts)


def _single_known_reading(word: str, number: str | None) -> str | None:
    """The one base among the word's readings that is a training name lemma, when the word
    itself is not one (Aināra -> Ainārs, which the tagger called a feminine nominative)."""
    known = known_lemmas()
    bases = {
        c.base for c in base_candidates(word) if c.base in known and number in (None, c.number)
    }
    bases.discard(word)
    if word in known:
        # A known name that no other known name inflects to stays (Lauma, tagged as a
        # masculine genitive); Māra (also Māris's genitive) is left to the morphology.
        return word if not bases else None
    return bases.pop() if len(bases) == 1 else None


def common_noun_lemma(word: str) -> str | None:
    """A lowercase noun inside a name (*lidostu*, *krastmalu*, *pili*): the tagger's gender
    on such words is often wrong, so: the one reading that is a training name word's lemma
    (pili -> pils, not pile), else the dictionary's lemma, else simplemma's guess when it is
    one of our readings of the word (krastmalu -> krastmala)."""
    cands = {c.base for c in base_candidates(word)}
    in_names = {b for b in cands if b in known_lemmas()}
    if len(in_names) == 1:
        return in_names.pop()
    known = _simplemma(word)
    if known:
        return known
    try:
        import simplemma
    except ImportError:  # pragma: no cover - declared dependency
        return None
    guess = simplemma.lemmatize(word, lang="lv")
    if guess == word and LEMMA_RULES["noun_echo"]:
        return None  # simplemma echoes words it cannot place (dzirnavnieka)
    return guess if guess in cands else None


def _is_known_base(base: str) -> bool:
    """A training-data name lemma, or a lowercase word whose lemma the dictionary confirms
    (simplemma guesses *krastmala* for *krastmalu* without knowing either)."""
    if base in known_lemmas():
        return True
    if not base[:1].islower():
        return False
    try:
        import simplemma
    except ImportError:  # pragma: no cover - declared dependency
        return False
    return simplemma.is_known(base, lang="lv") or False


def gender_of_base(base: str) -> str | None:
    """Gender a nominative name base implies (-a/-e feminine, -s/-š/-is/-us masculine)."""
    if base.endswith(("as", "es", "ās")) or not base[-1:].isalpha():
        return None  # plural or not a Latvian ending
    if base.endswith(("a", "e", "ā")):
        return "Fem"
    if base.endswith(("s", "š")):
        return "Masc"
    return None


def is_nominative_of(word: str, gender: str) -> bool:
    """``word`` is a singular nominative of a name of ``gender`` (Evika, Siliņa: Fem)."""
    return any(
        p.gender == gender and p.number == "Sing" and p.name not in _RARE
        for p in paradigms_for(word)
    )


def restore_case(lemma: str, surface: str) -> str:
    """simplemma lowercases; give the lemma the capitalisation pattern of the surface."""
    if surface.isupper() and len(surface) > 1:
        return lemma.upper()
    if surface[:1].isupper():
        return lemma[:1].upper() + lemma[1:]
    return lemma


def _simplemma(word: str) -> str | None:
    try:
        import simplemma
    except ImportError:  # pragma: no cover - declared dependency
        return None
    if not simplemma.is_known(word, lang="lv"):
        return None
    lemma = simplemma.lemmatize(word, lang="lv")
    return restore_case(lemma, word) if lemma else None


_PLURAL_PARADIGMS = {p.name for p in NOUN_PARADIGMS + ADJ_PARADIGMS if p.number == "Plur"}


def _nominative_mistagged(word: str, gender: str | None, number: str, label: str | None) -> bool:
    """Tagged nominative, but no singular nominative of the person's gender reads so
    (*Konstantīna* with the person's gender Masc): the tag is wrong, not the gender."""
    if not LEMMA_RULES["nominative"] or gender not in ("Masc", "Fem") or number != "Sing":
        return False
    if label != "PER":  # the tagger's gender on other names is too unreliable (Latvija)
        return False
    return not is_nominative_of(word, gender) and any(
        c.gender == gender and c.number == "Sing" and c.case != "Nom" for c in base_candidates(word)
    )


def _oblique_base(word: str, gender: str | None) -> str | None:
    """The base of the best singular oblique reading of ``gender`` (genitive first)."""
    order = _MORPH_TARGET.get(gender or "", ())
    for case in ("Gen", "Acc", "Dat", "Loc"):
        cands = [
            c
            for c in base_candidates(word)
            if c.case == case and c.number == "Sing" and c.paradigm in order
        ]
        if cands:
            ordered = _prefer_soft_stem(word, cands)
            ordered.sort(key=lambda c: not _is_known_base(c.base))
            return ordered[0].base
    return None


def head_noun_lemma(word: str) -> str | None:
    """Token lemma (not a name's base form) of a capitalised common noun inside a name:
    LVTB lemmatises it in lower case. Either the training names' lexicon gives a lowercase
    lemma for the form (*Republikā* -> *republika*), or it is a noun that heads names
    (*Institūts*, *Pārvalde*; 94 % of such words are lowercased in the training
    sentences) and the training names do not know it as a name (*Līga*)."""
    if not LEMMA_RULES["head_nouns"] or not word[:1].isupper() or word.isupper():
        return None
    from kronika.link.lv_words import name_heads

    known = lexicon_lemma(word)
    if LEMMA_RULES["lexicon_lower"] and known and known[:1].islower():
        return known  # Republikā -> republika: training names lemmatise it in lower case
    if word in known_lemmas() or known:
        return None
    lemma = common_noun_lemma(word.lower())
    return lemma if lemma and lemma in name_heads() else None


def lemmatize_word(
    word: str,
    *,
    morph: dict[str, str] | None = None,
    label: str | None = None,
    spacy_lemma: str | None = None,
) -> str:
    """Base form of one word of a Latvian name.

    Order: indeclinable -> token morphology (Case/Gender) -> the trained pipeline's lemma
    -> simplemma when it knows the word -> the ending table (person rules for PER).
    """
    if is_indeclinable(word):
        return word
    morph = morph or {}
    if morph.get("Foreign") == "Yes" and LEMMA_RULES["backcheck"]:
        return word  # a foreign word keeps its form (Nikkei)
    if LEMMA_RULES["lexicon"]:
        known = lexicon_lemma(word)
        lex_gender = gender_of_base(known) if known else None
        if lex_gender and morph.get("Gender") and lex_gender != morph["Gender"]:
            known = None  # a surname of the other gender (Bērziņu: Bērziņš or Bērziņa)
        if known is not None:  # LVTB lowercases common nouns in names; a name key keeps case
            return restore_case(known, word) if not word.isupper() else known
    if LEMMA_RULES["lexicon"] and word[:1].islower():
        common = common_noun_lemma(word)
        if common:
            return common
    if LEMMA_RULES["lexicon"] and word[:1].isupper():
        known = _single_known_reading(word, morph.get("Number"))
        if known:
            return known
    case = morph.get("Case")
    gender = morph.get("Gender")
    number = morph.get("Number", "Sing")
    if case == "Nom" and not _nominative_mistagged(word, gender, number, label):
        return word
    if case == "Nom":
        case = None  # not a nominative of the person's gender (Konstantīna, Masc)
        oblique = _oblique_base(word, gender)
        if oblique:
            return oblique
    if case:
        readings = [c for c in base_candidates(word) if c.case == case]
        if LEMMA_RULES["ptan"] and number == "Ptan":
            # pluralia tantum keep a plural base (Ķemeros -> Ķemeri, Križiem -> Križi)
            # (their table lists the plural cases as the paradigm's own "Sing" row)
            plural_base = [c for c in readings if c.paradigm in _PLURAL_PARADIGMS]
            readings, number = (plural_base, "Sing") if plural_base else (readings, "Plur")
        cands = [c for c in readings if c.number == number]
        if not cands and LEMMA_RULES["plural"]:
            cands = readings  # plural place names tagged singular (Ķemeros -> Ķemeri)
        if gender:
            order = _MORPH_TARGET.get(gender, ())
            ranked = [c for c in cands if c.paradigm in order]
            ranked.sort(key=lambda c: order.index(c.paradigm))
            if not ranked and LEMMA_RULES["gender"] and is_nominative_of(word, gender):
                return word  # Evika (Fem) tagged Gen: no feminine genitive reads so; keep it
            cands = ranked or cands
        if cands:
            ordered = _prefer_soft_stem(word, cands)
            if LEMMA_RULES["lexicon"]:
                ordered.sort(key=lambda c: not _is_known_base(c.base))  # stable sort
            return ordered[0].base
    if spacy_lemma and spacy_lemma.strip() and spacy_lemma.lower()[:3] == word.lower()[:3]:
        lemma = restore_case(spacy_lemma, word)
        if not LEMMA_RULES["backcheck"] or _inflects_to(lemma, word):
            return lemma
    known = _simplemma(word)
    # Accept simplemma only when our own table can inflect its lemma back to the word:
    # it maps foreign names onto Latvian homographs (Asia -> asinis).
    if known and (known == word or word in latvian_forms(known)):
        return known
    rules = _PER_ENDING_RULES if label == "PER" else _DEFAULT_ENDING_RULES
    for ending, nom in rules:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            base = word[: -len(ending)] + nom
            return base[:-1] + "š" if base.endswith("iņs") else base  # Kariņa -> Kariņš
    return word


# The trained lemmatizer's edit trees map unknown foreign words onto Latvian ones
# (Asia -> Asinis). Accept its lemma only when our ending table inflects it back to the
# word (measured in kronika.evaluate.e2e; the switch is for that ablation).
# ``lexicon``: the training names' form -> lemma table and known lemmas first; ``gender``:
# one gender per person name and nominatives of the predicted gender kept (issue 12).
LEMMA_RULES: dict[str, bool] = {
    "backcheck": True,
    "lexicon": True,
    "gender": True,
    # Tried: readings of the other number when the tagged number has none (Ķemeros ->
    # Ķemeri): val entity-head lemma -0.4, off.
    "plural": False,
    # Issue 12, round 3; val entity-head lemma with each switched off alone (all on: 0.906;
    # docs/quality.md). Number=Ptan readings from the plural-only paradigms: -0.3.
    "ptan": True,
    # Tried: a tagged nominative that is no nominative of the person's gender re-read as
    # an oblique case (Konstantīna, Masc): -0.1 (fixes 2, breaks 5 feminine names whose
    # person gender came out Masc), off.
    "nominative": False,
    # Capitalised name-head nouns (Institūts) get the lowercase dictionary lemma: -0.6
    # together with lexicon_lower (the training lexicon's lowercase lemma: -0.3 alone).
    "head_nouns": True,
    "lexicon_lower": True,
    # Tried: on a gender tie the first name's tag, not the last word's: -0.1, off.
    "tie_first": False,
    # kronika_lemma_fix: a genitive-tagged name that is the parse's subject or root is
    # read as a nominative (Guna, Velta tagged masculine genitives): -0.4.
    "subject_nom": True,
    # kronika_lemma_fix: a sentence-initial noun unknown to the dictionary, whose trained
    # lemma is no dictionary word either, is a name (Lauma -> not laums): -0.4.
    "start_names": True,
    # common_noun_lemma: simplemma's echo of an unknown word is no reading of it: heads
    # -0.1, all tokens -0.9.
    "noun_echo": True,
    # kronika_lemma_fix: any other lowercase word whose trained lemma is no dictionary
    # word takes the dictionary's lemma when the dictionary knows the word (biroja ->
    # birojs, not birot): heads -0.1, all tokens -0.5.
    "dictionary_words": True,
}


def _inflects_to(lemma: str, word: str) -> bool:
    if lemma.casefold() == word.casefold():
        return True
    prefix, tail = _split_hyphen(word)
    base = lemma[len(prefix) :] if prefix and lemma.startswith(prefix) else lemma
    forms = {f.casefold() for f in latvian_forms(base)}
    forms |= {f.casefold() for f in latvian_forms(base[:1].upper() + base[1:])}
    return tail.casefold() in forms


def fold(text: str) -> str:
    """Lowercase, strip diacritics: comparison key across lv/en spellings (Pīters ~ Peter)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_STEM_ENDINGS = tuple(
    sorted(
        {
            e.lstrip("~")
            for p in NOUN_PARADIGMS + ADJ_PARADIGMS
            for _, _, e in p.forms
            if e.lstrip("~")
        },
        key=len,
        reverse=True,
    )
)


def stem_key(word: str) -> str:
    """Folded word with any Latvian case ending removed: Stoltenberga ~ Stoltenbergs."""
    low = word.casefold()
    for ending in _STEM_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            low = low[: -len(ending)]
            break
    return fold(low)


def lemmatize_name(
    words: list[str],
    *,
    label: str | None = None,
    morphs: list[dict[str, str]] | None = None,
    spacy_lemmas: list[str] | None = None,
) -> str:
    """Base form of a whole Latvian name, word by word.

    Person names: every word agrees (Jensa Stoltenberga -> Jenss Stoltenbergs). Other
    names: the last word (head) and agreeing adjectives change; earlier nouns are
    genitive modifiers and stay (Apvienoto Nāciju Organizācijā).
    """
    if not words:
        return ""
    morphs = morphs or [{} for _ in words]
    spacy_lemmas = spacy_lemmas or ["" for _ in words]
    if label == "PER":
        flags = [True] * len(words)
        if LEMMA_RULES["gender"]:
            morphs = person_morphs(words, morphs)
    else:
        flags = [False] * len(words)
        flags[-1] = True
        for i, w in enumerate(words[:-1]):
            # A feminine adjective before a feminine genitive noun belongs to that noun
            # (Individuālās partnerības ... programma), not to the head.
            # Same for a masculine genitive adjective (Klusā okeāna reģions).
            owned = i + 1 < len(words) - 1 and (
                (w.endswith("ās") and words[i + 1].endswith("as"))
                or (w.endswith("ā") and words[i + 1].endswith("a"))
            )
            adjective = looks_adjective(w) and w[:1].isupper() and not w.endswith("o")
            if (adjective and not owned) or (
                words[i + 1].lower() in _CONJUNCTIONS
                and label in ("GPE", "LOC")
                and w[-1:] == words[-1][-1:]  # same case ending as the head: coordination
            ):
                flags[i] = True
    head = words[-1]
    head_base = lemmatize_word(head, morph=morphs[-1], label=label, spacy_lemma=spacy_lemmas[-1])
    # Adjectives take the head's gender: Starptautiskā Valūtas fonda -> Starptautiskais.
    head_masc = head_base.endswith(("s", "š")) and not head_base.endswith(("as", "es"))
    out = []
    for i, (w, flag, m, sl) in enumerate(zip(words, flags, morphs, spacy_lemmas, strict=True)):
        if not flag or w.lower() in _CONJUNCTIONS:
            out.append(w)
            continue
        prefix, tail = _split_hyphen(w)
        before_conj = i + 1 < len(words) and words[i + 1].lower() in _CONJUNCTIONS
        if looks_adjective(tail) and i < len(words) - 1 and label != "PER" and not before_conj:
            out.append(prefix + _adjective_base(tail, masculine=head_masc))
            continue
        out.append(prefix + lemmatize_word(tail, morph=m, label=label, spacy_lemma=sl))
    return " ".join(out)


def person_gender(words: list[str], morphs: list[dict[str, str]]) -> str | None:
    """One gender for all words of a person's name: the lexicon's lemma of the first name
    decides (surnames are ambiguous: Bērziņu is Bērziņš or Bērziņa); else the majority of
    the morphologizer's genders, the last word's on a tie."""
    if len(words) > 1 and LEMMA_RULES["lexicon"] and not is_indeclinable(words[0]):
        known = lexicon_lemma(words[0])
        gender = gender_of_base(known) if known and known[:1].isupper() else None
        if gender:
            return gender
    if LEMMA_RULES["lexicon"]:
        # Known name lemmas among the words' readings: Siliņu -> {Siliņa} says feminine;
        # Bērziņu -> {Bērziņš, Bērziņa} says nothing.
        known, seen = known_lemmas(), set()
        for w in words:
            bases = {c.base for c in base_candidates(w) if c.base in known} | (
                {w} if w in known else set()
            )
            seen |= {gender_of_base(b) for b in bases} - {None}
        if len(seen) == 1:
            return seen.pop()
    votes = [m.get("Gender") for m in morphs if m.get("Gender") in ("Masc", "Fem")]
    if not votes:
        return None
    if votes.count("Masc") != votes.count("Fem"):
        return max(("Masc", "Fem"), key=votes.count)
    # A tie: the first name's tag (foreign surnames such as Čaudhri, Bessi are tagged
    # at random), or the last word's when TIE_FIRST is off.
    tie = morphs[0] if LEMMA_RULES["tie_first"] else morphs[-1]
    return tie.get("Gender") or morphs[-1].get("Gender")


def person_morphs(words: list[str], morphs: list[dict[str, str]]) -> list[dict[str, str]]:
    """The words' morphology with the person's single gender filled in."""
    gender = person_gender(words, morphs)
    if gender is None:
        return morphs
    return [dict(m, Gender=gender) if m.get("Case") else m for m in morphs]


def _adjective_base(word: str, *, masculine: bool = False) -> str:
    """Definite adjective to its nominative singular (Apvienotajā -> Apvienotā)."""
    if masculine:
        for ending in ("ajam", "ajā", "ais", "ā", "o"):
            if word.endswith(ending):
                return word[: -len(ending)] + "ais"
    for ending, nom in (
        ("ajai", "ā"),
        ("ajā", "ā"),
        ("ajam", "ais"),
        ("ās", "ā"),
        ("ais", "ais"),
        ("ā", "ā"),
    ):
        if word.endswith(ending):
            return word[: -len(ending)] + nom
    return word
