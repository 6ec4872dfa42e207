"""Quotes: who said what, direct, indirect and mixed, in Latvian and English (docs/quotes.md).

``extract_quotes(article)`` returns rows of the ``quotes`` table (``schemas.Quote`` minus
``extractor``, ``extractor_version``, ``run_id``):

1. **Direct** quotes are outermost quotation-mark pairs (``kronika.extract.quote_marks``)
   that read as speech: attached to a cue (*"…," viņš atzina*; *norādīts: "…"*) or, floating,
   a clause of four or more words with a verb that starts a sentence or ends with sentence
   punctuation. Scare quotes and titles (*“graujošo tehnoloģiju”*, *“Nikkei Asia”*, *NATO
   "2022. gada stratēģiskās koncepcijas" dokumentā*) fail both tests. A quote split by its
   attribution gives two rows; the second links to the first (``linked_quote_id``).
2. **Indirect** quotes are complement clauses (``ccomp``) of a cue verb (*sacīja, ka …*,
   *said that …*, passive *ir atzīts, ka …*), *kā norāda X* / *as X said*, and the phrases
   *according to X* / *pēc X teiktā|vārdiem|domām*. One holding a quoted fragment is
   **mixed**.
3. Speakers come from ``kronika.extract.quote_speaker``; a floating direct quote takes the
   speaker of the nearest attributed quote in its paragraph or the one before (``context``).

Unbalanced quotation marks are counted (``STATS["unbalanced_marks"]``, per process) and
skipped. Rows never overlap: direct and mixed quotes win over indirect ones.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from kronika.extract.base import AnnotatedArticle, Extractor
from kronika.extract.quote_marks import QUOTE_CHARS, MarkPair, QuotePairs, find_quote_pairs
from kronika.extract.quote_speaker import Speaker, SpeakerResolver

NAME = "quotes.rules.v1"
VERSION = "1.0.0"
# per process: articles, articles_without_parse, unbalanced_marks, quotes
STATS: Counter[str] = Counter()

COMPLEMENTIZERS = {"ka", "that"}
WH_WORDS = {"what", "where", "how", "why", "whether", "if", "who", "when", "which"}
AS_MARKERS = {"kā", "as"}
CLAUSE_OPENERS = {"un", "bet", "lai", "ja", "jo", "kad", "and", "but", "if", "when", "because"}
RELATIVE_PRONOUNS = {"who", "which", "that", "kas", "kurš", "kura", "kuri", "kuras"}
CONTENT_DEPS = ("ccomp",)
MIN_FLOATING_WORDS = 4
MIN_CUED_WORDS = 2
MIN_CLIPPED_WORDS = 4  # a reported clause cut back before a quote keeps at least this much
CUE_AFTER_TOKENS = 6  # "…," ASV prezidents Donalds Tramps sacīja: cue within this many tokens
CUE_BEFORE_TOKENS = 10
INVERTED_TAIL_TOKENS = 8  # ", laikrakstam "Dziennik Gazeta" norādīja politologs."
COMPLEMENTIZER_WINDOW = 8  # told LA Weekly in a statement that …
ZERO_THAT_WINDOW = 6
# English cues whose bare object is rarely a clause (*describe it*, *read the book*); *find,
# show, observe, report* left this list, chosen on the training-side GUM documents
# fmt: off
NO_ZERO_THAT = frozenset((
    "describe", "write", "see", "hear", "read", "quote", "mention", "notice", "discover",
    "determine", "establish", "demonstrate",
))
# endings after a cue stem (sacī|ja, atzīmē|juši, norādī|ts): not uzstā|dīja
LV_VERB_ENDINGS = frozenset((
    "", "ja", "ju", "jām", "jāt", "jis", "jusi", "juši", "jušas", "jot", "joties", "ts",
    "ta", "ti", "tas", "tā", "tie", "s", "šu", "si", "sim", "siet", "sot", "t", "m",
    "jam", "jat", "ji", "ties", "jies", "jās", "jas",
))
# fmt: on
MIN_STEM = 5  # shortest Latvian cue stem matched by form (sacī-, vaicā-, ziņo-)
_WORD = re.compile(r"\w+")
_SENT_END = re.compile(r"[.!?…]\s*$")
_ACCORDING = {
    "en": re.compile(r"\b[Aa]ccording to\b"),
    "lv": re.compile(r"\b[Pp]ēc\b"),
}
_LV_PEC_NOUNS = {"teiktā", "sacītā", "vārdiem", "domām", "paustā", "stāstītā", "rakstītā"}


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]
    documents: frozenset[str]
    adjectives: frozenset[str] = frozenset()


# irregular English forms of cue verbs the lemmatizer may leave alone
_EN_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "thought": "think", "knew": "know",
    "known": "know", "found": "find", "wrote": "write", "written": "write", "felt": "feel",
    "understood": "understand", "heard": "hear", "saw": "see", "seen": "see",
    "meant": "mean", "taught": "teach", "swore": "swear", "sworn": "swear",
    "spoke": "speak", "spoken": "speak", "forecast": "forecast", "foresaw": "foresee",
}  # fmt: skip


def en_lemma_candidates(form: str) -> list[str]:
    """Possible lemmas of an English verb form (admitted -> admit, declaring -> declare,
    implies -> imply), for when the lemmatizer returns a stem that is not a word."""
    f = form.lower()
    out = [f]
    if f in _EN_IRREGULAR:
        out.append(_EN_IRREGULAR[f])
    for suffix in ("ed", "ing"):
        if f.endswith(suffix) and len(f) > len(suffix) + 2:
            base = f[: -len(suffix)]
            out += [base, base + "e"]
            if base[-1] == base[-2]:  # admitt-ed, stopp-ing
                out.append(base[:-1])
            if suffix == "ed" and base.endswith("i"):  # impli-ed
                out.append(base[:-1] + "y")
    if f.endswith("ies"):
        out.append(f[:-3] + "y")
    elif f.endswith("es"):
        out += [f[:-2], f[:-1]]
    elif f.endswith("s") and not f.endswith("ss"):
        out.append(f[:-1])
    return out


@lru_cache(maxsize=4)
def load_lexicon(lang: str) -> Lexicon:
    """Cue verbs and document nouns of `lang` (kronika/extract/data/quote_cues_<lang>.tsv)."""
    path = resources.files("kronika.extract").joinpath(f"data/quote_cues_{lang}.tsv")
    by_kind: dict[str, set[str]] = {"verb": set(), "document": set(), "adjective": set()}
    if not path.is_file():
        return Lexicon(frozenset(), frozenset())
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("lemma\t"):
            continue
        lemma, kind, *_ = line.split("\t")
        by_kind.get(kind.strip(), by_kind["verb"]).add(lemma.strip().lower())
    return Lexicon(*(frozenset(by_kind[k]) for k in ("verb", "document", "adjective")))


def quote_id(article_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"quote:{article_id}:{start}:{end}".encode()).hexdigest()[:16]


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    cue: Any = None  # spaCy token
    cue_span: tuple[int, int] | None = None
    pair: MarkPair | None = None
    speaker: Speaker = field(default_factory=Speaker)
    detect_confidence: float = 0.9
    linked_to: Candidate | None = None
    phrase: tuple[list[Any], Any] | None = None  # (tokens, head) for pattern speakers

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


class _Article:
    """One article's text, tokens, sentences and paragraphs, with offset look-ups."""

    def __init__(self, art: AnnotatedArticle, lex: Lexicon):
        self.art = art
        self.text = art.text
        self.doc = art.doc
        self.lex = lex
        self.tok_starts = [t.idx for t in art.doc]
        self.newlines = [i for i, ch in enumerate(art.text) if ch == "\n"]
        self.pairs: list[MarkPair] = []  # quotation-mark pairs, set by extract_quotes
        self.resolver = SpeakerResolver(art.doc, art.text, art.mentions, set(lex.documents))

    def token_at(self, offset: int) -> Any | None:
        i = bisect.bisect_right(self.tok_starts, offset) - 1
        if i < 0:
            return None
        tok = self.doc[i]
        return tok if tok.idx <= offset < tok.idx + len(tok.text) else None

    def tokens_between(self, start: int, end: int) -> list[Any]:
        lo = bisect.bisect_left(self.tok_starts, start)
        hi = bisect.bisect_left(self.tok_starts, end)
        return [t for t in self.doc[lo:hi] if t.idx + len(t.text) <= end]

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset)

    def sentence(self, offset: int) -> tuple[int, int]:
        sents = self.art.sentences or [(0, len(self.text))]
        return sents[self.art.sentence_index(offset)]

    def is_cue(self, tok: Any) -> bool:
        return self.cue_lemma(tok) is not None

    def cue_lemma(self, tok: Any) -> str | None:
        """The lexicon lemma `tok` is a cue for, or None."""
        if tok.pos_ not in ("VERB", "AUX") and not self._verb_tagged_noun(tok):
            return self._attitude_adjective(tok)
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in ("as", "kā") and nxt.dep_ != "mark":
            return None  # *known as*, *described as*, *saukts kā*: naming, not reporting
        if tok.lemma_.lower() in self.lex.verbs:
            return tok.lemma_.lower()
        if self.art.lang == "en":  # lemmatizer slips: admitted -> admitt, declaring -> declar
            return next((c for c in en_lemma_candidates(tok.lower_) if c in self.lex.verbs), None)
        # Latvian lemmatizer slips (vaicā -> vaicā): the form starts with a cue's stem
        stem = _stem_of(tok.lower_, self.lex) if self.art.lang == "lv" else None
        return stem + "t" if stem is not None else None

    def _verb_tagged_noun(self, tok: Any) -> bool:
        """*The Department notes, "…"*, *staff claim that …*: a cue form tagged NOUN that
        has a subject is a verb the tagger misread."""
        if self.art.lang != "en" or tok.pos_ not in ("NOUN", "ADJ"):
            return False
        lemmas = en_lemma_candidates(tok.lower_)
        if not any(c in self.lex.verbs for c in lemmas):
            return False
        if tok.pos_ == "NOUN" and any(c.dep_ in ("nsubj", "nsubj:pass") for c in tok.children):
            return True
        # *misleading people into thinking that …*, *The city reasoned, "…"*: a verb form
        # (-ed, -ing) tagged as noun or adjective, with no determiner or adjective before it
        prev = tok.doc[tok.i - 1] if tok.i else None
        return (
            tok.lower_.endswith(("ed", "ing"))
            and any(c in self.lex.verbs for c in lemmas[1:])
            and (prev is None or prev.pos_ not in ("DET", "ADJ", "PRON", "NUM"))
            and not (prev is not None and prev.dep_ == "case" and prev.lower_ == "'s")
        )

    def _attitude_adjective(self, tok: Any) -> str | None:
        """*I am sure (that) …*, *she was so happy we …*: an attitude adjective (lexicon
        type ``adjective``) with a subject and a clause after it."""
        if tok.pos_ != "ADJ" or tok.lower_ not in self.lex.adjectives:
            return None
        if not any(c.dep_ in ("nsubj", "nsubj:pass") for c in tok.children):
            return None  # *it is clear that*, *make sure that* (no experiencer)
        return tok.lower_


@lru_cache(maxsize=20000)
def _stem_match(form: str, stems: frozenset[str]) -> str | None:
    for k in range(len(form), MIN_STEM - 1, -1):
        if form[:k] in stems:
            return form[:k] if form[k:] in LV_VERB_ENDINGS else None
    return None


def _stem_of(form: str, lex: Lexicon) -> str | None:
    """Stem (lemma minus the infinitive -t) of a Latvian cue verb that `form` starts with."""
    return _stem_match(form, _lv_stems(lex))


@lru_cache(maxsize=4)
def _lv_stems(lex: Lexicon) -> frozenset[str]:
    return frozenset(v[:-1] for v in lex.verbs if v.endswith("t") and len(v) - 1 >= MIN_STEM)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
        end -= 1
    return start, end


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _name_like(text: str) -> bool:
    """A title or name in quotation marks: every word capitalised or a number."""
    words = _WORD.findall(text)
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


# -- indirect speech -------------------------------------------------------------------------


def _complement_span(a: _Article, cue: Any) -> tuple[int, int, float] | None:
    """Content of a cue's complement clause (without the complementizer)."""
    for child in cue.children:
        if child.dep_ not in CONTENT_DEPS:
            continue
        toks = [t for t in child.subtree if _in_sentence(t, cue)]
        start = min(t.idx for t in toks)
        end = min(max(t.idx + len(t.text) for t in toks), _coordinated_report(a, child))
        if start <= cue.idx < end:  # non-projective: keep the side after the cue
            start = cue.idx + len(cue.text)
        first = a.token_at(_trim(a.text, start, end)[0])
        if first is not None and first.lower_ in COMPLEMENTIZERS:
            if first.dep_ != "mark" and a.art.lang == "en" and first.i > cue.i + 1:
                continue  # *When I wrote …, that was …*: a pronoun, not a complementizer
            start = first.idx + len(first.text)
        start, end = _trim(a.text, start, end)
        end = _strip_final_punct(a.text, start, end)
        if _words(a.text[start:end]) >= 2:
            return start, end, 0.85
    return _ka_fallback(a, cue)


def _coordinated_report(a: _Article, clause: Any) -> int:
    """Where a report coordinated inside a complement starts (*know that A, and know that
    B*; *observe that A – and we propose that B*): the content stops before its conjunction,
    and the second cue makes its own quote. No such report: the end of the text."""
    for d in clause.subtree:
        if d is clause or d.dep_ != "conj" or not a.is_cue(d):
            continue
        if not any(c.dep_ in CONTENT_DEPS for c in d.children):
            continue
        first = min(d.subtree, key=lambda t: t.i)
        cc = [c for c in d.children if c.dep_ == "cc" and c.i < d.i]
        return min([first.idx] + [c.idx for c in cc])
    return len(a.text)


def _strip_final_punct(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".!?…":
        end -= 1
    return _trim(text, start, end)[1]


def _ka_fallback(a: _Article, cue: Any) -> tuple[int, int, float] | None:
    """When the parse gave no complement: `<cue> [to X], ka|that …` (the complementizer
    within a few tokens, no finite verb before it) runs to the end of the sentence; in
    English also the zero-that clause `<cue> [X] <subject> <finite verb> …`."""
    s_end = a.sentence(cue.idx)[1]
    window = COMPLEMENTIZER_WINDOW if a.art.lang == "en" else 2  # lv: `sacīja, ka`
    after = [t for t in a.doc[cue.i + 1 : cue.i + 1 + window] if t.idx < s_end]
    for n, tok in enumerate(after):
        if tok.lower_ in COMPLEMENTIZERS and (n == 0 or _marker(tok)):
            start, end = _trim(a.text, tok.idx + len(tok.text), s_end)
            end = _strip_final_punct(a.text, start, end)
            return (start, end, 0.7) if _words(a.text[start:end]) >= 2 else None
        if n <= 1 and a.art.lang == "en" and tok.lower_ in WH_WORDS and not _relative_use(tok):
            # *explained how …*, *know exactly what …*, *asked whether …*: an embedded question
            start, end = _trim(a.text, tok.idx, s_end)
            end = _strip_final_punct(a.text, start, end)
            return (start, end, 0.65) if _words(a.text[start:end]) >= 3 else None
        if _finite(tok) or (tok.is_punct and tok.text not in ",-") or tok.text in ".!?;":
            break
        if (
            n == 0
            and a.art.lang == "en"
            and tok.pos_ in ("PRON", "PROPN", "NOUN", "DET")
            and a.cue_lemma(cue) not in NO_ZERO_THAT
        ):
            zero = _zero_that(a, cue, s_end)
            if zero:
                return zero
    return None


def _marker(tok: Any) -> bool:
    """*that* / *ka* introducing a clause, not a pronoun (*When I wrote …, that was …*)."""
    return tok.dep_ == "mark" or tok.pos_ == "SCONJ" or tok.doc.lang_ != "en"


def _relative_use(tok: Any) -> bool:
    """*what* / *which* heading a relative clause on a noun (*the one which …*) or a
    question word used as a noun's determiner is not an embedded question."""
    return tok.dep_ in ("relcl", "acl:relcl") or (
        tok.i > 0 and tok.doc[tok.i - 1].pos_ in ("NOUN", "PROPN")
    )


def _colon_span(a: _Article, cue: Any) -> tuple[int, int, float] | None:
    """Speech without quotation marks after a colon or dash: *pateica: Es šito gribu*,
    *Visi man teica – Indra, turies …*; the content runs to the end of the sentence."""
    j = cue.idx + len(cue.text)
    k = j
    while k < len(a.text) and a.text[k] in " \t\u00a0":
        k += 1
    if k >= len(a.text) or a.text[k] not in ":–—-" or (a.text[k] == "-" and k == j):
        return None
    s_end = a.sentence(cue.idx)[1]
    start, end = _trim(a.text, k + 1, s_end)
    end = _strip_final_punct(a.text, start, end)
    if start >= end or a.text[start] in QUOTE_CHARS or _words(a.text[start:end]) < 2:
        return None  # a marked quote is handled as a direct quote
    return start, end, 0.7


def _finite(tok: Any) -> bool:
    return tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm")


def _zero_that(a: _Article, cue: Any, s_end: int) -> tuple[int, int, float] | None:
    """`stated Montalvo left …`, `I realize baseball is …`: a subject and a finite verb
    right after the cue, with no punctuation between."""
    for tok in a.doc[cue.i + 1 : cue.i + 1 + ZERO_THAT_WINDOW]:
        if tok.idx >= s_end or (tok.is_punct and tok.text != "-" and tok.text not in QUOTE_CHARS):
            return None  # *said a "more general reflection" is needed*: marks may sit inside
        if _finite(tok) and tok.i > cue.i + 1:
            start = a.doc[cue.i + 1].idx
            start, end = _trim(a.text, start, s_end)
            end = _strip_final_punct(a.text, start, end)
            return (start, end, 0.65) if _words(a.text[start:end]) >= 3 else None
    return None


def _as_clause_span(a: _Article, cue: Any) -> tuple[int, int, float] | None:
    """`…, kā norāda X.` / `As X said, …`: the content is the clause the cue comments on."""
    if not any(c.lower_ in AS_MARKERS for c in cue.children) or cue.head is cue:
        return None
    own = {t.i for t in cue.subtree}
    sent = cue.sent
    before = [t for t in sent if t.i < min(own) and not t.is_punct]
    after = [t for t in sent if t.i > max(own) and not t.is_punct]
    side = before if len(before) >= len(after) else after
    if len(side) < 2:
        return None
    start, end = side[0].idx, side[-1].idx + len(side[-1].text)
    start, end = _trim(a.text, start, end)
    return start, end, 0.75


def _kā_prefix_span(a: _Article, cue: Any) -> tuple[int, int, float] | None:
    """`Kā norāda X, …` with the parse missing the link: the clause after X's comma."""
    if cue.i == 0 or a.doc[cue.i - 1].lower_ not in AS_MARKERS:
        return None
    s_end = a.sentence(cue.idx)[1]
    pos = cue.idx + len(cue.text)
    while (comma := a.text.find(",", pos, s_end)) != -1:
        start, end = _trim(a.text, comma + 1, s_end)
        end = _strip_final_punct(a.text, start, end)
        if _words(a.text[start:end]) >= 3:
            return start, end, 0.75
        pos = comma + 1
    return None


def _inverted_span(a: _Article, cue: Any) -> tuple[int, int, float] | None:
    """`Saturs …, sacīja Zudijeva.` / `…, he said.`: the reporting clause after the last
    comma of the sentence (a few tokens holding the cue); the content is all before it."""
    s_start, s_end = a.sentence(cue.idx)
    if any(p.open < cue.idx < p.close for p in a.pairs):
        return None  # *…, "Poet says We Know"*: a cue quoted is no reporting clause
    comma = a.text.rfind(",", s_start, cue.idx)
    if comma == -1 or a.text.find(",", cue.idx, s_end) != -1:
        return None
    if not (_finite(cue) or (_passive(cue) and a.art.lang == "lv")):
        return None  # *…, apliecinot …* is a gerund; *…, as shown in [3]* a reduced clause

    tail = [t for t in a.tokens_between(comma + 1, s_end) if not t.is_punct]
    if len(tail) > INVERTED_TAIL_TOKENS or any(
        t.lower_ in COMPLEMENTIZERS | CLAUSE_OPENERS or _relative(t) for t in tail
    ):  # *…, kas informēs …* is a relative clause
        return None
    start, end = _trim(a.text, s_start, comma)
    if _words(a.text[start:end]) < 3:
        return None
    if any(start <= c.idx < end for c in cue.children if c.dep_ in ("nsubj", "nsubj:pass")):
        return None  # *Walt Whitman, the poet, wrote about …*: the writer is not the content
    return start, end, 0.75


def indirect_candidates(a: _Article) -> list[Candidate]:
    out = []
    for tok in a.doc:
        if not a.is_cue(tok):
            continue
        span = (
            _complement_span(a, tok)
            or _as_clause_span(a, tok)
            or _kā_prefix_span(a, tok)
            or _colon_span(a, tok)
            or _inverted_span(a, tok)
        )
        if span:
            s, e, conf = span
            out.append(Candidate(s, e, "indirect", tok, (tok.idx, tok.idx + len(tok.text))))
            out[-1].detect_confidence = conf
    return out + _according_candidates(a)


def _according_candidates(a: _Article) -> list[Candidate]:
    """*according to X, …* / *pēc X teiktā, …*: the clause on the other side of the phrase."""
    pattern = _ACCORDING.get(a.art.lang)
    out: list[Candidate] = []
    if pattern is None:
        return out
    for m in pattern.finditer(a.text):
        s_start, s_end = a.sentence(m.start())
        comma = a.text.find(",", m.end(), s_end)
        phrase_end = comma if comma != -1 else _strip_final_punct(a.text, m.end(), s_end)
        cue_span = (m.start(), m.end())
        who_start = m.end()
        if a.art.lang == "en" and (comma == -1 or _words(a.text[m.end() : comma]) > 12):
            comma = _name_run_end(a, m.end(), s_end)  # "According to Rathbun the …"
            phrase_end = comma if comma != -1 else phrase_end
        if a.art.lang == "lv":
            words = list(re.finditer(r"\w+", a.text[m.end() : phrase_end]))
            if not words or words[-1].group() not in _LV_PEC_NOUNS or len(words) > 8:
                continue
            last = words[-1]
            cue_span = (m.end() + last.start(), m.end() + last.end())
            phrase_end = m.end() + last.start()
        who = [t for t in a.tokens_between(who_start, phrase_end) if not t.is_punct]
        if not who:
            continue
        side = _according_side(a, s_start, m.start(), comma, s_end)
        if side is None:
            continue
        start, end = side
        if _words(a.text[start:end]) < 2:
            continue
        head = next((t for t in who if t.head not in who or t.head is t), who[-1])
        cand = Candidate(start, end, "indirect", None, cue_span, detect_confidence=0.8)
        cand.phrase = (who, head)
        out.append(cand)
    return out


def _according_side(
    a: _Article, s_start: int, phrase_start: int, comma: int, s_end: int
) -> tuple[int, int] | None:
    """The clause an *according to X* / *pēc X teiktā* phrase comments on: the one its comma
    faces. *According to X, C.* and *… learned that according to X, C.* -> C; *C, according
    to X.* -> C; in the middle of a sentence with no comma (*organised according to the
    West European system*) it is a manner phrase, not a source."""
    before = a.text[s_start:phrase_start]
    lead = before.rstrip()
    comma_before = lead.endswith((",", "(", "–", "—"))
    opener = not lead or _words(lead) <= 3 or lead.split()[-1].lower() in COMPLEMENTIZERS
    after: tuple[int, int] | None = None
    if comma != -1:
        s, e = _trim(a.text, comma + 1, s_end)
        e = _strip_final_punct(a.text, s, e)
        after = (s, e) if _words(a.text[s:e]) >= 2 else None
    prior = _trim(a.text, s_start, phrase_start)
    prior = prior if _words(a.text[prior[0] : prior[1]]) >= 2 else None
    if after and (opener or not comma_before or prior is None):
        if not opener and not comma_before and a.art.lang == "en":
            return None  # *organised his army according to the system, and …*
        return after
    if prior and (comma_before or a.art.lang == "lv"):
        return prior
    return None


def _name_run_end(a: _Article, start: int, s_end: int) -> int:
    """End of the capitalised name right after `start` (*Rathbun*, *the Ministry of X*)."""
    end = -1
    for n, tok in enumerate(a.tokens_between(start, s_end)):
        if n >= 6 or not (tok.text[:1].isupper() or tok.lower_ in ("the", "of", "'s")):
            break
        end = tok.idx + len(tok.text)
    return end


# -- direct speech ---------------------------------------------------------------------------


def _cue_after(a: _Article, pair: MarkPair) -> Any | None:
    """A cue verb right after the closing mark: `"…," viņš atzina` / `"…", teikts koncepcijā`."""
    limit = a.sentence(pair.close)[1]
    nxt_para = a.text.find("\n", pair.close)
    if nxt_para != -1:
        limit = min(limit, nxt_para)
    limit = max(limit, pair.close + 1)
    after = a.text[pair.close + 1 : pair.close + 3].lstrip()
    if _SENT_END.search(a.text[pair.open + 1 : pair.close]) and after[:1].isupper():
        return None  # "… beidzās." Nākamais teikums: a new sentence, not an attribution
    toks = [t for t in a.tokens_between(pair.close + 1, limit + 40) if t.idx < limit + 40]
    for n, tok in enumerate(toks[: CUE_AFTER_TOKENS + 1]):
        if tok.text in ".!?" or tok.text in '“”„"«»':
            return None
        if a.is_cue(tok):
            return tok
        if n and tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm"):
            return None
    return None


def _cue_before(a: _Article, pair: MarkPair) -> Any | None:
    """A cue verb before a colon (or comma) introducing the quote: `norādīts: "…"`."""
    j = pair.open
    while j > 0 and a.text[j - 1] in " \t\u00a0\n\r":  # "Rathbun stated,\n\n"…"
        j -= 1
    if j == 0:
        return None
    if a.text[j - 1] not in ":,":  # *A letter seen by Sky News says "…"*: the cue just before,
        tok = a.token_at(j - 1)  # and the quote reads as a clause (not *recommending "tools"*)
        start, end = _trim(a.text, *pair.content)
        clause = _words(a.text[start:end]) >= MIN_FLOATING_WORDS and _has_verb(a, start, end)
        return tok if tok is not None and clause and a.is_cue(tok) else None
    start = j - 1
    while start > 0 and a.text[start - 1] not in '.!?\n"”“»':
        start -= 1
    toks = a.tokens_between(start, j - 1)[-CUE_BEFORE_TOKENS:]
    for tok in reversed(toks):
        if a.is_cue(tok):
            return tok
    return None


def _single_quote_pairs(a: _Article, pairs: list[MarkPair]) -> list[MarkPair]:
    """Speech in straight single quotes right after a cue (*and say, 'Hey Frank, my name is
    John,' I say*). `'` is mostly an apostrophe, so it is paired only here: it opens at the
    start of a word after a cue and its comma or colon, and closes at the first `'` in the
    paragraph that ends a word and is not followed by a letter (*Frank's* does not)."""
    text, out = a.text, []
    for m in re.finditer("'", text):
        k = m.start()
        if k + 1 >= len(text) or not text[k + 1].isalnum() or (k and not text[k - 1].isspace()):
            continue
        if any(p.open < k < p.close for p in pairs + out):
            continue
        para_end = text.find("\n", k)
        para_end = len(text) if para_end == -1 else para_end
        close = next(
            (
                j
                for j in range(k + 2, para_end)
                if text[j] == "'"
                and not text[j - 1].isspace()
                and (j + 1 >= len(text) or not text[j + 1].isalnum())
            ),
            None,
        )
        if close is not None and _cue_before(a, MarkPair(k, close)) is not None:
            out.append(MarkPair(k, close))
    return out


def _starts_sentence(a: _Article, offset: int) -> bool:
    j = offset
    while j > 0 and a.text[j - 1] in " \t\u00a0":
        j -= 1
    return j == 0 or a.text[j - 1] in "\n.!?…"


def _has_verb(a: _Article, start: int, end: int) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in a.tokens_between(start, end))


def direct_candidates(a: _Article, pairs: list[MarkPair]) -> list[Candidate]:
    out: list[Candidate] = []
    for pair in pairs:
        start, end = _trim(a.text, *pair.content)
        content = a.text[start:end]
        if start >= end:
            continue
        cue = _cue_after(a, pair) or _cue_before(a, pair)
        words = _words(content)
        if _name_like(content) and not (cue and _SENT_END.search(content)):
            continue
        if cue is not None and words >= MIN_CUED_WORDS:
            cand = Candidate(start, end, "direct", cue, (cue.idx, cue.idx + len(cue.text)), pair)
            out.append(cand)
            continue
        floating = (
            words >= MIN_FLOATING_WORDS
            and _has_verb(a, start, end)
            and (_starts_sentence(a, pair.open) or _SENT_END.search(content) is not None)
        )
        if floating:
            out.append(Candidate(start, end, "direct", pair=pair, detect_confidence=0.8))
    _link_split_quotes(a, out)
    return out


def _link_split_quotes(a: _Article, cands: list[Candidate]) -> None:
    """`"A," viņš sacīja, "B."`: B takes A's cue and links to A."""
    for first, second in pairwise(cands):
        if first.cue is None or first.pair is None:
            continue
        if second.cue is not None and second.cue.i != first.cue.i:
            continue
        if second.pair is None or first.cue.idx < first.pair.close:
            continue
        gap = a.text[first.pair.close + 1 : second.pair.open]
        if re.search(r"[.!?\n]", gap) or not re.search(r"[,:–—]\s*$", gap):
            continue
        second.cue, second.cue_span, second.linked_to = first.cue, first.cue_span, first


# -- merging, speakers, rows -----------------------------------------------------------------


def merge(direct: list[Candidate], indirect: list[Candidate]) -> list[Candidate]:
    """Direct quotes inside reported speech make it mixed; an indirect clause that is just a
    quote gives the quote its cue (partial overlaps are clipped in `_resolve_overlaps`)."""
    kept: list[Candidate] = []
    for ind in indirect:
        inside = [
            d
            for d in direct
            if d.pair and d.pair.open >= ind.start - 1 and d.pair.close <= ind.end + 2
        ]
        if inside:
            marked = sum(d.pair.close + 1 - d.pair.open for d in inside)
            outside = max(ind.end, inside[-1].pair.close + 1) - ind.start - marked
            if outside > 12:
                ind.kind = "mixed"
                for d in inside:
                    direct.remove(d)
                kept.append(ind)
            else:
                for d in inside:
                    if d.cue is None:
                        d.cue, d.cue_span = ind.cue, ind.cue_span
            continue
        kept.append(ind)
    return kept


def _stray_mark(text: str, cand: Candidate, found: QuotePairs) -> bool:
    """Reported speech holding an unbalanced quotation mark is a broken direct quote: skipped
    (counted as unbalanced already), never guessed into a quote."""
    paired = {p.open for p in found.pairs + found.inner} | {
        p.close for p in found.pairs + found.inner
    }
    return any(
        text[i] in QUOTE_CHARS and i not in paired
        for i in range(cand.start - 1, cand.end + 1)
        if 0 <= i < len(text)
    )


def _has_fragment(a: _Article, cand: Candidate, pairs: list[MarkPair]) -> bool:
    for p in pairs:
        if cand.start <= p.open and p.close < cand.end:
            frag = a.text[p.open + 1 : p.close]
            if frag.strip() and not _name_like(frag):
                return True
    return False


def _resolve_overlaps(text: str, cands: list[Candidate]) -> list[Candidate]:
    order = sorted(cands, key=lambda c: (c.kind == "indirect", c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for c in order:
        clash = [k for k in kept if k.overlaps(c)]
        if not clash:
            kept.append(c)
            continue
        if c.kind == "indirect":  # clip the clause to the part before the first clash
            first = min(k.start for k in clash)
            if first > c.start:
                s, e = _trim(text, c.start, first)
                if _words(text[s:e]) >= MIN_CLIPPED_WORDS and not any(
                    k.overlaps(Candidate(s, e, "x")) for k in kept
                ):
                    c.start, c.end = s, e
                    kept.append(c)
    return sorted(_drop_attribution_only(kept), key=lambda c: c.start)


def _drop_attribution_only(cands: list[Candidate]) -> list[Candidate]:
    """A reported clause that holds another quote's cue but not its content is attribution
    text, not content (*learned that [according to a posting], the site …*: the parse
    gave *learned* only the phrase)."""
    cues = [c.cue_span for c in cands if c.cue_span]
    return [
        c
        for c in cands
        if c.kind != "indirect"
        or not any(c.start <= cs < c.end and cs != c.cue_span[0] for cs, _ in cues if c.cue_span)
    ]


def _speaker_for_cue(a: _Article, cue: Any, avoid: tuple[int, int]) -> Speaker:
    r = a.resolver
    subj = _subject(cue, avoid)
    if subj is None and cue.dep_ == "conj" and cue.head.i < cue.i:
        head = cue.head
        if not (avoid[0] <= head.idx < avoid[1]):
            subj = _subject(head, avoid)
    if subj is not None and _relative(subj):
        # "the coach, who said …": the noun the relative clause describes
        # (Latvian gold marks the pronoun itself: *kuri paziņoja*; keep it there)
        noun = cue.head if cue.dep_ in ("relcl", "acl", "acl:relcl") else None
        if noun is None and a.art.lang == "en":
            noun = _noun_before(subj)
        if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
            toks = [t for t in noun.subtree if _in_sentence(t, cue) and t.i <= noun.i]
            return r.from_phrase(_contiguous(toks, noun), noun, avoid)
    if subj is not None:
        toks = _contiguous([t for t in subj.subtree if _in_sentence(t, cue)], subj)
        if a.art.lang == "en" and toks and _relative(toks[0]) and toks[0].i < subj.i:
            noun = _noun_before(toks[0])  # "genes that help …": the noun before "that"
            if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
                return r.from_phrase([noun], noun, avoid)
        found = r.from_phrase(toks, subj, avoid)
        if found.attribution in ("role_noun", "explicit") and not _is_person(found):
            named = _apposed_person(a, toks[0], avoid)  # "Gomez, Panama coach, said"
            if named is not None:
                return named
        return found
    if not _passive(cue):  # an active cue: a person named before it outranks a document
        person = _nearest_person(a, cue, avoid)
        if person is not None:
            return person
    for child in cue.children:  # passive: teikts koncepcijā, said in the report
        if child.dep_.startswith(("obl", "agent", "nmod")) and r.is_document(child):
            toks = [t for t in child.subtree if _in_sentence(t, cue)]
            return r.from_phrase(_contiguous(toks, child), child, avoid)
        if child.dep_ == "agent" or (child.dep_.startswith("obl") and _is_by(child)):
            toks = [t for t in child.subtree if not t.is_punct and t.lower_ != "by"]
            if toks:
                return r.from_phrase(_contiguous(toks, child), child, avoid)
    return _nearest_source(a, cue, avoid)


def _passive(tok: Any) -> bool:
    return "Pass" in tok.morph.get("Voice") or any(c.dep_ == "aux:pass" for c in tok.children)


def _noun_before(tok: Any) -> Any | None:
    """The word before a relative pronoun, skipping a comma: *Devocht, who told …*."""
    i = tok.i - 1
    while i >= 0 and tok.doc[i].is_punct:
        i -= 1
    return tok.doc[i] if i >= 0 else None


def _is_person(sp: Speaker) -> bool:
    return bool(sp.mention) and sp.mention["label"] == "PER"


def _apposed_person(a: _Article, first: Any, avoid: tuple[int, int]) -> Speaker | None:
    """A person named right before a role or organisation subject, set off by a comma:
    *Hernan Dario Gomez, Panama coach, said* / *Jānis Bērziņš, ministrs, sacīja*."""
    j = first.idx
    while j > 0 and a.text[j - 1] == " ":
        j -= 1
    if j == 0 or a.text[j - 1] != ",":
        return None
    for m in a.resolver.mentions:
        gap = a.text[m["end"] : j - 1]
        if m["label"] == "PER" and m["end"] <= j - 1 and not gap.strip():
            if avoid[0] <= m["start"] < avoid[1]:
                return None
            return Speaker("explicit", m["start"], m["end"], m, confidence=0.85)
    return None


def _nearest_person(a: _Article, cue: Any, avoid: tuple[int, int]) -> Speaker | None:
    """The nearest person mention before the cue in its sentence, outside the quote."""
    s_start = max(cue.sent.start_char, a.sentence(cue.idx)[0])
    before = [
        m
        for m in a.resolver.mentions
        if m["label"] == "PER"
        and s_start <= m["start"]
        and m["end"] <= cue.idx
        and not (avoid[0] <= m["start"] < avoid[1])
    ]
    if not before:
        return None
    m = before[-1]
    return Speaker("explicit", m["start"], m["end"], m, confidence=0.75)


def _in_sentence(tok: Any, cue: Any) -> bool:
    """Same sentence as the cue (token index bounds: cheaper than comparing Span objects)."""
    sent = cue.sent
    return sent.start <= tok.i < sent.end


def _relative(tok: Any) -> bool:
    return "Rel" in tok.morph.get("PronType") or tok.lower_ in RELATIVE_PRONOUNS


def _is_by(tok: Any) -> bool:
    return any(c.lower_ == "by" and c.dep_ == "case" for c in tok.children)


def _subject(tok: Any, avoid: tuple[int, int]) -> Any | None:
    """The cue's subject nearest to it, outside the quote; whitespace tokens the parser
    sometimes makes subjects (a paragraph break) are skipped."""
    subjects = [
        c
        for c in tok.children
        if c.dep_ in ("nsubj", "nsubj:pass")
        and not c.is_space
        and c.text.strip()
        and not (avoid[0] <= c.idx < avoid[1])
    ]
    return min(subjects, key=lambda c: abs(c.i - tok.i)) if subjects else None


def _contiguous(toks: list[Any], head: Any) -> list[Any]:
    """The run of consecutive token indices around `head` (a subtree cut by a quote)."""
    idx = sorted(t.i for t in toks)
    run = {head.i}
    pos = idx.index(head.i) if head.i in idx else 0
    for k in range(pos - 1, -1, -1):
        if idx[k] != idx[k + 1] - 1:
            break
        run.add(idx[k])
    for k in range(pos + 1, len(idx)):
        if idx[k] != idx[k - 1] + 1:
            break
        run.add(idx[k])
    return [t for t in toks if t.i in run]


def _nearest_source(a: _Article, cue: Any, avoid: tuple[int, int]) -> Speaker:
    """No subject in the parse: the nearest person (else organisation) before the cue in its
    sentence, outside the quote; a 3rd-person verb with none is a dropped pronoun."""
    r = a.resolver
    s_start = max(cue.sent.start_char, a.sentence(cue.idx)[0])
    for labels in (("PER",), ("ORG", "GPE")):
        before = [
            m
            for m in r.mentions
            if m["label"] in labels
            and s_start <= m["start"]
            and m["end"] <= cue.idx
            and not (avoid[0] <= m["start"] < avoid[1])
        ]
        after = [
            m
            for m in r.mentions
            if m["label"] in labels
            and cue.idx < m["start"] <= cue.idx + 40
            and m["start"] < cue.sent.end_char
            and not (avoid[0] <= m["start"] < avoid[1])
        ]
        if before or after:
            m = before[-1] if before else after[0]
            return Speaker("explicit", m["start"], m["end"], m, confidence=0.75)
    noun = _nominative_near(cue, avoid)
    if noun is not None:
        toks = [t for t in noun.subtree if _in_sentence(t, cue)]
        return r.from_phrase(_contiguous(toks, noun), noun, avoid)
    if a.art.lang == "lv" and "3" in cue.morph.get("Person") and "Fin" in cue.morph.get("VerbForm"):
        cands = r.antecedents(cue.idx, None)
        if cands:
            runner = cands[1] if len(cands) > 1 else None
            return Speaker("pronoun", None, None, cands[0], runner, confidence=0.5)
    return Speaker()


def _nominative_near(cue: Any, avoid: tuple[int, int]) -> Any | None:
    """A nominative noun right after the cue (*sacīja gids*) or the nearest before it in the
    clause (*Viena no … meitām man reiz vaicāja*), outside the quote."""

    def ok(t: Any) -> bool:
        return (
            t.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
            and "Nom" in (t.morph.get("Case") or ["Nom"])
            and not (avoid[0] <= t.idx < avoid[1])
            and t.dep_ not in ("obl", "iobj", "obj" if not t.morph.get("Case") else "iobj")
        )

    after = [t for t in cue.sent if t.i > cue.i and not t.is_punct][:2]
    for t in after:
        if ok(t) and t.pos_ != "NUM":
            return t
    for t in reversed([t for t in cue.sent if t.i < cue.i]):
        if t.is_punct and t.text in ',;:"”“„«»':
            break
        if ok(t) and t.head.i >= cue.i - 0:
            return t
    return None


def attribute(a: _Article, cands: list[Candidate]) -> None:
    for c in cands:
        avoid = (c.pair.open, c.pair.close + 1) if c.pair else (c.start, c.end)
        if c.linked_to is not None:
            continue
        if c.phrase is not None:
            toks, head = c.phrase
            c.speaker = a.resolver.from_phrase(toks, head, avoid)
        elif c.cue is not None:
            c.speaker = _speaker_for_cue(a, c.cue, avoid)
    for c in cands:
        if c.linked_to is not None:
            c.speaker = c.linked_to.speaker
    _context_speakers(a, cands)


def _context_speakers(a: _Article, cands: list[Candidate]) -> None:
    """A floating direct quote takes the speaker of the nearest attributed quote: the one
    before it in its own or the previous paragraph, or the one after it in its paragraph."""
    for i, c in enumerate(cands):
        if c.cue is not None or c.kind != "direct":
            continue
        para = a.paragraph(c.start)
        options = []
        for prev in reversed(cands[:i]):
            if prev.cue is not None and prev.speaker.attribution != "none":
                if para - a.paragraph(prev.end) <= 1:
                    options.append((c.start - prev.end, prev))
                break
        for nxt in cands[i + 1 :]:
            if nxt.cue is not None and nxt.speaker.attribution != "none":
                if a.paragraph(nxt.start) == para:
                    options.append((nxt.start - c.end, nxt))
                break
        if options:
            src = min(options, key=lambda o: o[0])[1].speaker
            c.speaker = Speaker(
                "context", src.start, src.end, src.mention, src.runner_up, min(0.6, src.confidence)
            )


def _row(a: _Article, c: Candidate, ids: dict[int, str]) -> dict:
    sp = c.speaker
    text = a.text
    conf = c.detect_confidence * (0.5 + 0.5 * sp.confidence)
    speaker_text = text[sp.start : sp.end] if sp.start is not None else None
    return {
        "quote_id": ids[id(c)],
        "article_id": a.art.article_id,
        "start": c.start,
        "end": c.end,
        "text": text[c.start : c.end],
        "kind": c.kind,
        "cue": text[c.cue_span[0] : c.cue_span[1]] if c.cue_span else None,
        "cue_start": c.cue_span[0] if c.cue_span else None,
        "cue_end": c.cue_span[1] if c.cue_span else None,
        "speaker_mention_id": sp.mention["mention_id"] if sp.mention else None,
        "speaker_entity_id": sp.entity_id,
        "speaker_text": speaker_text,
        "speaker_start": sp.start,
        "speaker_end": sp.end,
        "attribution": sp.attribution,
        "runner_up_entity_id": sp.runner_up.get("entity_id") if sp.runner_up else None,
        "runner_up_text": sp.runner_up["surface"] if sp.runner_up else None,
        "linked_quote_id": ids.get(id(c.linked_to)) if c.linked_to else None,
        "confidence": round(min(1.0, max(0.0, conf)), 3),
    }


def extract_quotes(article: AnnotatedArticle) -> list[dict]:
    """Quote rows for one article (see the module docstring)."""
    STATS["articles"] += 1
    if not hasattr(article.doc, "vocab"):  # no spaCy parse (a test double): nothing to read
        STATS["articles_without_parse"] += 1
        return []
    lex = load_lexicon(article.lang)
    a = _Article(article, lex)
    found = find_quote_pairs(article.text)
    STATS["unbalanced_marks"] += found.unbalanced
    a.pairs = found.pairs
    direct = direct_candidates(
        a, sorted(found.pairs + _single_quote_pairs(a, found.pairs), key=lambda p: p.open)
    )
    indirect = merge(direct, indirect_candidates(a))
    for ind in indirect:
        if ind.kind == "indirect" and _has_fragment(a, ind, found.pairs):
            ind.kind = "mixed"
    indirect = [c for c in indirect if not _stray_mark(article.text, c, found)]
    cands = _resolve_overlaps(article.text, direct + indirect)
    cands = [c for c in cands if c.linked_to is None or c.linked_to in cands]
    attribute(a, cands)
    ids = {id(c): quote_id(article.article_id, c.start, c.end) for c in cands}
    rows = [_row(a, c, ids) for c in cands]
    STATS["quotes"] += len(rows)
    return rows


QUOTES = Extractor(name=NAME, version=VERSION, table="quotes", extract=extract_quotes)
