"""Entity mentions from NER output: one row per name, with offsets, lemma and entity id.

``extract_mentions(doc, article_id, text, lang, sentence_starts)`` reads ``doc.ents`` (Kronika
labels) and returns dicts with the columns of ``schemas.Mention`` minus ``run_id``.

Offsets are code-point offsets into ``text``; spans are only ever *trimmed* (edge spaces,
quotes, brackets, sentence punctuation) so ``text[start:end] == surface`` holds by
construction. A person span that starts with a role (*NATO ģenerālsekretārs Jenss
Stoltenbergs*) is trimmed to the name; a lexicon-linked organisation or place inside the
role (*NATO*) becomes its own mention.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from kronika import __version__
from kronika.extract.base import AnnotatedArticle, Extractor, model_of
from kronika.link.coref import assign_entities
from kronika.link.ids import mention_id
from kronika.link.lemma import base_candidates, is_indeclinable
from kronika.link.lv_words import common_nouns, name_heads
from kronika.link.names import lexicon_match, name_lemma, split_role

EXTRACTOR = "mentions.ner.v1"
MENTION_LABELS = ("PER", "ORG", "GPE", "LOC", "EVENT", "PRODUCT", "MISC")

# Confidence when the NER component gives no score: a model span, raised when the lexicon
# confirms the name, lowered for spans we had to trim or split.
BASE_CONFIDENCE = 0.8
LEXICON_BONUS = 0.15
ROLE_SPLIT_CONFIDENCE = 0.7

_LEAD_TRIM = " \t\r\n\u00a0\"'“”„«»‘’()[]{},;:!?–—-"
_TAIL_TRIM = " \t\r\n\u00a0\"'“”„«»‘’()[]{},;:!?–—-"
_WORD_RE = re.compile(r"\S+")

# Post-NER span corrections (docs/entities.md, measured in kronika.evaluate.e2e), applied
# in this order; the evaluation switches them one by one.
POST_NER_RULES: dict[str, bool] = {
    "word_edges": True,  # a name never stops inside a word: Taksoe|-Jensens
    "coordination": True,  # Bosnijā | un | Hercegovinā -> one lexicon name
    "place_prefix": True,  # Japānā Pīters Taksoe-Jensens -> place + person
    "paren_person": True,  # Pīters Taksoe-Jensens (Peter Taksoe-Jensen): both PER
    "acronym_expansion": True,  # words before (IPSP) whose initials spell it
    "common_head": True,  # Krievijas sadarbības -> Krievijas (lowercase non-name head)
    "common_initial": True,  # Amatpersonas (sentence start, a common noun) -> dropped
}
_COORD = {" un ", " and ", " & "}
_FUNCTION = {"un", "and", "of", "the", "for", "in", "on", "de", "&", "und", "des"}
_LOC_ENDINGS = ("ā", "ē", "ī", "ū", "ās", "ēs", "os", "īs")
Span = tuple[int, int, str]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past edge whitespace/punctuation. A final '.' is kept when it
    ends an abbreviation (U.S., Inc.) and dropped when it ends a sentence."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start] in _LEAD_TRIM:
        start += 1
    while start < end:
        ch = text[end - 1]
        if ch in _TAIL_TRIM or (ch == "." and not _abbreviation_dot(text[start:end])):
            end -= 1
        else:
            break
    # Keep brackets balanced: "Taksoe-Jensens (Peter" -> drop the unclosed bracket part.
    return start, end


def _abbreviation_dot(surface: str) -> bool:
    last = surface.split()[-1] if surface.split() else ""
    core = last[:-1]
    # U.S. / Inc. / Jr. keep the dot; an acronym before a full stop (ASV.) does not.
    return "." in core or (0 < len(core) <= 3 and core[:1].isupper() and not core.isupper())


def sentence_index(sentence_starts: list[int], start: int) -> int:
    """Index of the last sentence start <= start (0 before the first)."""
    return max(0, bisect.bisect_right(sentence_starts, start) - 1)


def _word_features(doc: Any, start: int, end: int, surface: str) -> tuple[list, list]:
    """Per whitespace word of the surface: the token morphology and lemma of its last token
    (the inflected part of a hyphenated name)."""
    morphs: list[dict[str, str]] = []
    lemmas: list[str] = []
    for m in _WORD_RE.finditer(surface):
        w_end = start + m.end()
        tok = None
        try:
            span = doc.char_span(start + m.start(), w_end, alignment_mode="expand")
            tok = span[-1] if span is not None and len(span) else None
        except (AttributeError, IndexError, ValueError):
            tok = None
        morph = tok.morph.to_dict() if tok is not None and tok.has_morph() else {}
        lemma = tok.lemma_ if tok is not None and tok.lemma_ and tok.lemma_ != tok.text else ""
        if tok is not None and tok.text != m.group().split("-")[-1] and lemma:
            lemma = ""  # the token is only part of the word: its lemma is not the word's
        morphs.append({k: str(v) for k, v in morph.items()})
        lemmas.append(lemma)
    return morphs, lemmas


def _model_version(doc: Any) -> str:
    model = model_of(doc)
    return f"{__version__}+{model}" if model else __version__


def _row(
    *,
    article_id: str,
    text: str,
    start: int,
    end: int,
    label: str,
    lemma: str,
    confidence: float,
    sentence_starts: list[int],
    version: str,
) -> dict:
    return {
        "mention_id": mention_id(article_id, start, end),
        "article_id": article_id,
        "sentence_idx": sentence_index(sentence_starts, start),
        "start": start,
        "end": end,
        "surface": text[start:end],
        "lemma": lemma,
        "label": label,
        "entity_id": None,
        "confidence": round(min(1.0, max(0.0, confidence)), 4),
        "extractor": EXTRACTOR,
        "extractor_version": version,
    }


def span_rows(
    doc: Any, text: str, start: int, end: int, label: str, lang: str
) -> list[tuple[int, int, str, str, float]]:
    """(start, end, label, lemma, confidence) for one NER span: the name, plus an
    organisation/place found in a person's role prefix."""
    start, end = trim_span(text, start, end)
    if start >= end:
        return []
    surface = text[start:end]
    out: list[tuple[int, int, str, str, float]] = []
    if label == "PER":
        parts = split_role(surface, lang)
        if parts.name_start:
            out += _role_rows(text, start, start + parts.role_end, lang)
            start, end = trim_span(text, start + parts.name_start, end)
            surface = text[start:end]
    if label == "EVENT":  # the place in a named event: Viļņas samits, Tokyo Olympics
        out += _role_rows(text, start, end, lang, only=("GPE", "LOC"))
    match = lexicon_match(surface, lang) if label in ("GPE", "LOC", "ORG") else None
    morphs, lemmas = _word_features(doc, start, end, surface)
    lemma = name_lemma(surface, label, lang, morphs=morphs, spacy_lemmas=lemmas, match=match)
    conf = BASE_CONFIDENCE + (LEXICON_BONUS if match else 0.0)
    out.append((start, end, label, lemma, conf))
    return out


def _role_rows(
    text: str, start: int, end: int, lang: str, only: tuple[str, ...] = ("GPE", "LOC", "ORG")
) -> list[tuple]:
    """Lexicon names inside a role prefix (the NATO of 'NATO ģenerālsekretārs') or an
    event name; single capitalised words only."""
    out = []
    for m in _WORD_RE.finditer(text[start:end]):
        s, e = trim_span(text, start + m.start(), start + m.end())
        if s >= e or not text[s : s + 1].isupper():
            continue
        match = lexicon_match(text[s:e], lang)
        if match is not None and match.entry.label in only:
            out.append((s, e, match.entry.label, match.base, ROLE_SPLIT_CONFIDENCE))
    return out


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD_RE.finditer(text[start:end])]


def _tokens(doc: Any, start: int, end: int) -> list[Any]:
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except (AttributeError, ValueError):
        return []
    return list(span) if span is not None else []


def _word_edges(text: str, spans: list[Span]) -> list[Span]:
    """Extend a span that starts or stops inside a whitespace word joined by a hyphen
    (the tokenizer splits *Taksoe-Jensens* and the NER may stop at *Taksoe*)."""
    out = []
    for s, e, lab in spans:
        while e + 1 < len(text) and text[e] == "-" and text[e + 1].isalpha():
            e += 1
            while e < len(text) and text[e].isalpha():
                e += 1
        while s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha():
            s -= 1
            while s > 0 and text[s - 1].isalpha():
                s -= 1
        out.append((s, e, lab))
    return out


def _coordination(text: str, spans: list[Span], lang: str) -> list[Span]:
    """Two adjacent names joined by 'un'/'and' that together are one lexicon name
    (*Bosnijā un Hercegovinā*, *Trinidad and Tobago*) become that one name."""
    out: list[Span] = []
    for s, e, lab in spans:
        if out and text[out[-1][1] : s] in _COORD:
            ps, _pe, _plab = out[-1]
            match = lexicon_match(text[ps:e], lang)
            if match is not None:
                out[-1] = (ps, e, match.entry.label)
                continue
        out.append((s, e, lab))
    return out


def _is_locative_place(doc: Any, text: str, s: int, e: int, lang: str) -> bool:
    match = lexicon_match(text[s:e], lang)
    if match is None or match.entry.label not in ("GPE", "LOC"):
        return False
    toks = _tokens(doc, s, e)
    case = toks[-1].morph.get("Case") if toks else []
    return "Loc" in case if case else text[s:e].endswith(_LOC_ENDINGS)


def _person_like(doc: Any, text: str, words: list[tuple[int, int]], lang: str) -> bool:
    """2-4 capitalised words, none a lexicon name or acronym, tagged as proper nouns or
    foreign words: the shape of a person's name."""
    if not 2 <= len(words) <= 4:
        return False
    for s, e in words:
        w = text[s:e]
        if not w[:1].isupper() or (len(w) > 1 and w.isupper()) or lexicon_match(w, lang):
            return False
        if any(t.pos_ not in ("PROPN", "X", "PUNCT") for t in _tokens(doc, s, e)):
            return False
    return True


def _place_prefix(doc: Any, text: str, spans: list[Span], lang: str) -> list[Span]:
    """A Latvian span that starts with a lexicon place in the locative and goes on with
    capitalised words (*Japānā Pīters Taksoe-Jensens*): a locative is never part of a
    name, so the place becomes its own mention and the rest is a person when it looks
    like one (else it keeps the NER label)."""
    if lang != "lv":
        return spans
    out: list[Span] = []
    for s, e, lab in spans:
        words = _words(text, s, e)
        first = words[0] if words else None
        if len(words) >= 2 and _is_locative_place(doc, text, first[0], first[1], lang):
            rest = words[1:]
            if all(text[a : a + 1].isupper() for a, _ in rest):
                place = lexicon_match(text[first[0] : first[1]], lang)
                out.append((first[0], first[1], place.entry.label))  # type: ignore[union-attr]
                new_lab = "PER" if _person_like(doc, text, rest, lang) else lab
                out.append((rest[0][0], rest[-1][1], new_lab))
                continue
        out.append((s, e, lab))
    return out


def _paren_person(text: str, spans: list[Span]) -> list[Span]:
    """``X (Y)`` with X a person and Y capitalised words but no acronym: Y is the same
    person in another spelling (*Pīters Taksoe-Jensens (Peter Taksoe-Jensen)*)."""
    out = list(spans)
    for i in range(len(out) - 1):
        (_s1, e1, l1), (s2, e2, l2) = out[i], out[i + 1]
        if l1 != "PER" or l2 == "PER" or text[e1:s2].strip() != "(":
            continue
        if text[e2 : e2 + 1] != ")":
            continue
        words = text[s2:e2].split()
        if len(words) >= 2 and all(w[:1].isupper() and not w.isupper() for w in words):
            out[i + 1] = (s2, e2, "PER")
    return out


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.casefold() not in _FUNCTION and w[:1].isalpha())


def _acronym_expansion(text: str, spans: list[Span], lang: str) -> list[Span]:
    """A name the NER cut short before a bracketed acronym (*Individuālās partnerības* |
    *un sadarbības programmas (IPSP)*): the words before '(' whose initials spell the
    acronym, starting with a capital, replace the spans inside them."""
    out = list(spans)
    for m in re.finditer(r"\(([A-ZĀČĒĢĪĶĻŅŠŪŽ]{2,8})\)", text):
        acr = m.group(1)
        before = _words(text, max(0, m.start() - 200), m.start())[-(len(acr) + 3) :]
        for k in range(len(acr), len(before) + 1):
            cand = before[-k:]
            ws = [text[a:b].strip(",;:") for a, b in cand]
            if _initials(ws).upper() != acr or not ws[0][:1].isupper():
                continue
            if ws[0].casefold() in _FUNCTION:
                continue
            s, e = cand[0][0], cand[-1][1]
            inside = [sp for sp in out if s <= sp[0] and sp[1] <= e]
            if not inside or any(sp[0] < e and sp[1] > s and sp not in inside for sp in out):
                break  # only extend what the NER started; never cut through another span
            lab = next((sp[2] for sp in inside if sp[2] not in ("GPE", "LOC", "PER")), "ORG")
            out = sorted([sp for sp in out if sp not in inside] + [(s, e, lab)])
            break
    return out


def _head_lemmas(doc: Any, text: str, s: int, e: int) -> set[str]:
    """Possible lemmas of a word: the pipeline's, and every base our ending table allows
    (a blank or wrong lemmatizer must not turn a name into a non-name)."""
    word = text[s:e]
    toks = _tokens(doc, s, e)
    out = {word.casefold()}
    if toks and toks[-1].lemma_:
        out.add(toks[-1].lemma_.casefold())
    out |= {c.base.casefold() for c in base_candidates(word)}
    return out


def _not_a_name_head(
    doc: Any, text: str, s: int, e: int, *, capitalised_modifiers: bool = False
) -> bool:
    """A lowercase last word that cannot head a name: a verb, adjective or adverb; a
    deverbal noun (*parakstīšana*); or a noun seen lowercase in the training data
    ``HEAD_MIN_COUNT`` times and never as the head of a gold name (*sadarbība*). Rare
    or unseen nouns (*kinostudija*) get the benefit of the doubt."""
    toks = _tokens(doc, s, e)
    if toks and toks[-1].pos_ in ("VERB", "ADJ", "ADV", "AUX"):
        return True
    lemmas = _head_lemmas(doc, text, s, e)
    if lemmas & name_heads():
        return False
    if any(lm.endswith(("šana", "šanās")) for lm in lemmas):
        return True
    if capitalised_modifiers:  # Rīgas Tehniskajai universitātei: a compound name
        return False
    lemma = toks[-1].lemma_.casefold() if toks and toks[-1].lemma_ else ""
    return lemma in common_nouns(HEAD_MIN_COUNT)


HEAD_MIN_COUNT = 3


def _proper_parts(doc: Any, text: str, words: list[tuple[int, int]], lang: str) -> list[Span]:
    """The lexicon names and acronyms among capitalised words (*Japānas*, *IPPP*)."""
    out = []
    for s, e in words:
        w = text[s:e]
        match = lexicon_match(w, lang) if w[:1].isupper() else None
        if match is not None:
            out.append((s, e, match.entry.label))
        elif len(w) > 1 and w.isupper() and w.isalpha():
            out.append((s, e, "ORG"))
    return out


def _inner_caps(text: str, words: list[tuple[int, int]]) -> bool:
    """A capitalised word after the first, before the head, that is not an acronym."""
    inner = [text[a:b] for a, b in words[1:-1]]
    return any(w[:1].isupper() and not w.isupper() for w in inner)


def _common_head(doc: Any, text: str, spans: list[Span], lang: str) -> list[Span]:
    """A Latvian span whose last word is lowercase and cannot head a name
    (*Krievijas sadarbības*, *Japānas IPPP parakstīšana*) is not a name: keep only the
    lexicon names and acronyms inside it."""
    if lang != "lv" or not name_heads():
        return spans
    out: list[Span] = []
    for s, e, lab in spans:
        words = _words(text, s, e)
        last = text[words[-1][0] : words[-1][1]] if words else ""
        common = len(words) >= 2 and last[:1].islower() and not is_indeclinable(last)
        if (
            common
            and _not_a_name_head(
                doc, text, *words[-1], capitalised_modifiers=_inner_caps(text, words)
            )
            and not lexicon_match(text[s:e], lang)
        ):
            out += _proper_parts(doc, text, words[:-1], lang)
            continue
        out.append((s, e, lab))
    return out


def _sentence_initial(doc: Any, text: str, s: int) -> bool:
    i = s - 1
    while i >= 0 and text[i] in " \t\"'“„«(":
        i -= 1
    if i < 0 or text[i] in "\n.!?":
        return True
    toks = _tokens(doc, s, s + 1)
    return bool(toks) and bool(toks[0].is_sent_start)


def _common_initial(doc: Any, text: str, spans: list[Span], lang: str) -> list[Span]:
    """A one-word Latvian span at a sentence start whose lemma is a common noun in the
    training data (*Amatpersonas cer...*) is capitalised only by position: dropped."""
    nouns = common_nouns()
    if lang != "lv" or not nouns:
        return spans
    out = []
    for s, e, lab in spans:
        w = text[s:e]
        if " " not in w and _sentence_initial(doc, text, s) and not lexicon_match(w, lang):
            toks = _tokens(doc, s, e)
            lemma = toks[-1].lemma_.casefold() if toks and toks[-1].lemma_ else ""
            if lemma in nouns:
                continue
        out.append((s, e, lab))
    return out


def correct_spans(doc: Any, text: str, spans: list[Span], lang: str) -> list[Span]:
    """NER spans (trimmed, sorted) after the enabled post-NER corrections."""
    spans = sorted((*trim_span(text, s, e), lab) for s, e, lab in spans)
    spans = [sp for sp in spans if sp[0] < sp[1]]
    on = POST_NER_RULES
    if on["word_edges"]:
        spans = _word_edges(text, spans)
    if on["coordination"]:
        spans = _coordination(text, spans, lang)
    if on["place_prefix"]:
        spans = _place_prefix(doc, text, spans, lang)
    if on["paren_person"]:
        spans = _paren_person(text, spans)
    if on["acronym_expansion"]:
        spans = _acronym_expansion(text, spans, lang)
    if on["common_head"]:
        spans = _common_head(doc, text, spans, lang)
    if on["common_initial"]:
        spans = _common_initial(doc, text, spans, lang)
    return spans


def extract_mentions(
    doc: Any, article_id: str, text: str, lang: str, sentence_starts: list[int]
) -> list[dict]:
    """Mention rows (schemas.Mention minus run_id) for one article, entity ids assigned."""
    version = _model_version(doc)
    spans: dict[tuple[int, int], tuple[str, str, float]] = {}
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in MENTION_LABELS]
    for start, end, ner_label in correct_spans(doc, text, ents, lang):
        for s, e, label, lemma, conf in span_rows(doc, text, start, end, ner_label, lang):
            spans.setdefault((s, e), (label, lemma, conf))
    rows = [
        _row(
            article_id=article_id,
            text=text,
            start=s,
            end=e,
            label=label,
            lemma=lemma or text[s:e],
            confidence=conf,
            sentence_starts=sentence_starts,
            version=version,
        )
        for (s, e), (label, lemma, conf) in sorted(spans.items())
    ]
    return assign_entities(rows, text, lang)


def rows_from_spans(
    text: str,
    spans: list[tuple[int, int, str]],
    *,
    article_id: str,
    lang: str,
    sentence_starts: list[int] | None = None,
    doc: Any = None,
) -> list[dict]:
    """Mention rows from (start, end, label) spans that may overlap (gold data, tests)."""
    rows = []
    seen: set[tuple[int, int]] = set()
    for start, end, label in spans:
        for s, e, lab, lemma, conf in span_rows(doc, text, start, end, label, lang):
            if (s, e) in seen:
                continue
            seen.add((s, e))
            rows.append(
                _row(
                    article_id=article_id,
                    text=text,
                    start=s,
                    end=e,
                    label=lab,
                    lemma=lemma or text[s:e],
                    confidence=conf,
                    sentence_starts=sentence_starts or [0],
                    version=__version__,
                )
            )
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return assign_entities(rows, text, lang)


def extract(article: AnnotatedArticle) -> list[dict]:
    """The registry's entry point: the mention rows of one annotated article."""
    starts = sorted(start for start, _ in article.sentences)
    return extract_mentions(article.doc, article.article_id, article.text, article.lang, starts)


# Registered in kronika.extract.registry; the version gains "+<model>" as _model_version does.
MENTIONS = Extractor(
    name=EXTRACTOR, version=__version__, table="mentions", extract=extract, model_dependent=True
)
