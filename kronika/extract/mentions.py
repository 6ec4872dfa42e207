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
from kronika.link.coref import assign_entities
from kronika.link.ids import mention_id
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
    meta = getattr(doc, "user_data", {}) or {}
    model = meta.get("kronika_model") if isinstance(meta, dict) else None
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


def extract_mentions(
    doc: Any, article_id: str, text: str, lang: str, sentence_starts: list[int]
) -> list[dict]:
    """Mention rows (schemas.Mention minus run_id) for one article, entity ids assigned."""
    version = _model_version(doc)
    spans: dict[tuple[int, int], tuple[str, str, float]] = {}
    for ent in doc.ents:
        if ent.label_ not in MENTION_LABELS:
            continue
        for s, e, label, lemma, conf in span_rows(
            doc, text, ent.start_char, ent.end_char, ent.label_, lang
        ):
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
