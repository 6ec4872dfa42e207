"""Speaker attribution for the quotes extractor (docs/quotes.md, "Speakers").

Given the cue token of a quote, find the evidence next to it (the subject of the cue, the
agent of *according to X* / *pēc X teiktā*, or the locative document of a passive cue such as
*teikts koncepcijā*) and resolve it:

- a person or organisation mention in the evidence -> ``explicit``;
- a personal pronoun -> ``pronoun``: the nearest earlier person mention whose gender and
  number (from the morphology of its last word) agree; the next one is the runner-up;
- a document noun (lexicon type ``document``) -> ``document``, with the organisation
  mention inside the phrase as entity when there is one (*NATO koncepcija* -> NATO);
- another common noun -> ``role_noun``: the nearest earlier person named with the same role
  word next to the name (*Dānijas vēstnieks … Pīters Taksoe-Jensens* … *Vēstnieks
  piebilst*); a role never named stays a role with no entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRONOUN_FEATURES = {
    # lemma/form -> (gender, number); None = any
    "viņš": ("Masc", "Sing"),
    "viņa": ("Fem", "Sing"),
    "viņi": ("Masc", "Plur"),
    "viņas": ("Fem", "Plur"),
    "tā": ("Fem", "Sing"),
    "tas": ("Masc", "Sing"),
    "he": ("Masc", "Sing"),
    "she": ("Fem", "Sing"),
    "they": (None, "Plur"),
    "i": (None, "Sing"),
    "we": (None, "Plur"),
    "es": (None, "Sing"),
    "mēs": (None, "Plur"),
}
THIRD_PERSON = {"viņš", "viņa", "viņi", "viņas", "he", "she", "they"}
SUBJECT_DEPS = ("nsubj", "nsubj:pass", "csubj")
PERSON_LABELS = ("PER",)
SOURCE_LABELS = ("PER", "ORG", "GPE")
# How far back (characters) a pronoun or role noun looks for its antecedent.
ANTECEDENT_WINDOW = 2500
ROLE_WINDOW_TOKENS = 4  # role word within this many tokens before/after the name


@dataclass
class Speaker:
    attribution: str = "none"
    start: int | None = None  # evidence span
    end: int | None = None
    mention: dict | None = None  # mention naming the speaker (resolved antecedent included)
    runner_up: dict | None = None
    confidence: float = 0.5

    @property
    def entity_id(self) -> str | None:
        return self.mention.get("entity_id") if self.mention else None


class SpeakerResolver:
    """Speaker resolution over one article (its doc, mentions and document nouns)."""

    def __init__(self, doc: Any, text: str, mentions: list[dict], documents: set[str]):
        self.doc = doc
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: (m["start"], m["end"]))
        self.documents = documents

    # -- helpers -----------------------------------------------------------------------------

    def mentions_in(self, start: int, end: int, labels: tuple[str, ...]) -> list[dict]:
        return [
            m
            for m in self.mentions
            if m["label"] in labels and m["start"] >= start and m["end"] <= end
        ]

    def mention_at(self, token: Any, labels: tuple[str, ...]) -> dict | None:
        for m in self.mentions:
            if m["label"] in labels and m["start"] <= token.idx < m["end"]:
                return m
        return None

    def _gender_number(self, mention: dict) -> tuple[str | None, str | None]:
        """Gender and number of a person mention. Latvian: the ending of the nominative lemma
        (-a/-e feminine, -s/-š masculine; the tagger often reads a feminine surname such as
        *Kalniņa* as a masculine genitive), else the morphology of its first word."""
        span = self.doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
        words = [t for t in span if t.is_alpha] if span is not None else []
        lemma = (mention.get("lemma") or "").split()
        if self.doc.lang_ == "lv" and lemma:
            # the given name first: the name lemmatizer may turn Kalniņa into Kalniņš
            for word in (lemma[0], lemma[-1]) if len(lemma) > 1 else (lemma[-1],):
                word = word.lower()
                if word.endswith(("a", "e")):
                    return "Fem", "Sing"
                if word.endswith(("s", "š")):
                    return "Masc", "Sing"
        if not words:
            return None, None
        morph = words[0].morph
        return (morph.get("Gender") or [None])[0], (morph.get("Number") or [None])[0]

    def is_document(self, tok: Any) -> bool:
        """A document noun, also through a slipped lemma (*Ziņojumā* -> *Ziņojumā*)."""
        low = tok.lemma_.lower()
        if low in self.documents:
            return True
        form = tok.lower_
        return tok.pos_ in ("NOUN", "PROPN") and any(
            len(d) > 5 and form.startswith(d[:-1]) and len(form) - len(d) <= 2
            for d in self.documents
        )

    # -- evidence ----------------------------------------------------------------------------

    def from_phrase(self, tokens: list[Any], head: Any, avoid: tuple[int, int]) -> Speaker:
        """Resolve a speaker phrase (tokens outside the quote content `avoid`)."""
        tokens = [
            t
            for t in tokens
            if not (avoid[0] <= t.idx < avoid[1]) and not t.is_punct and t.text.strip()
        ]
        if not tokens:
            return Speaker()
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        low = head.lemma_.lower()
        if head.pos_ == "PRON" or low in PRONOUN_FEATURES:
            return self.pronoun(head)
        people = self.mentions_in(start, end, PERSON_LABELS)
        if people:
            m = min(people, key=lambda m: abs(m["start"] - head.idx))
            return Speaker("explicit", m["start"], m["end"], m, confidence=0.9)
        orgs = self.mentions_in(start, end, SOURCE_LABELS)
        if self.is_document(head):
            m = orgs[0] if orgs else self._owner_before(start)
            if m is not None and not orgs:
                start = m["start"]
            return Speaker("document", start, end, m, confidence=0.85)
        head_org = self.mention_at(head, SOURCE_LABELS)
        if head_org:
            return Speaker(
                "explicit", head_org["start"], head_org["end"], head_org, confidence=0.85
            )
        if head.pos_ == "PROPN" or (head.pos_ != "NOUN" and head.text[:1].isupper()):
            return Speaker("explicit", start, end, None, confidence=0.7)
        # a common noun phrase (or a noun the tagger missed): a role, resolved if named
        return self.role_noun(head, start, end)

    def _owner_before(self, start: int) -> dict | None:
        """An organisation named right before a document phrase: *NATO "…" dokumentā*."""
        for m in self.mentions:
            if m["label"] not in ("ORG", "GPE") or not 0 <= start - m["end"] <= 3:
                continue
            if not self.text[m["end"] : start].strip(' "“”„«»'):
                return m
        return None

    def pronoun(self, token: Any) -> Speaker:
        low = token.text.lower()
        gender, number = PRONOUN_FEATURES.get(low, (None, None))
        morph_gender = (token.morph.get("Gender") or [None])[0]
        morph_number = (token.morph.get("Number") or [None])[0]
        if low not in PRONOUN_FEATURES:
            gender, number = morph_gender, morph_number
        span = (token.idx, token.idx + len(token.text))
        if low not in THIRD_PERSON or number == "Plur":
            return Speaker("pronoun", *span, None, confidence=0.6)
        cands = self.antecedents(token.idx, gender)
        best = cands[0] if cands else None
        runner = cands[1] if len(cands) > 1 else None
        conf = 0.85 if best and not runner else 0.7 if best else 0.5
        return Speaker("pronoun", *span, best, runner, conf)

    def antecedents(self, before: int, gender: str | None) -> list[dict]:
        """Person mentions before `before`, one per entity, gender-compatible: sentence by
        sentence backwards, subjects first within a sentence, then the nearest."""
        seen: set[str] = set()
        found: list[tuple[int, int, int, dict]] = []
        for m in reversed(self.mentions):
            if m["label"] not in PERSON_LABELS or m["end"] > before:
                continue
            if before - m["end"] > ANTECEDENT_WINDOW:
                break
            key = m.get("entity_id") or m["mention_id"]
            if key in seen:
                continue
            g, _ = self._gender_number(m)
            if gender and g and g != gender:
                continue
            seen.add(key)
            sent, is_subject = self._sentence_and_role(m)
            found.append((-sent, 0 if is_subject else 1, -m["start"], m))
        return [m for *_, m in sorted(found, key=lambda f: f[:3])]

    def _sentence_and_role(self, mention: dict) -> tuple[int, bool]:
        span = self.doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
        if span is None or not len(span):
            return 0, False
        return span.sent.start, span.root.dep_.startswith("nsubj")

    def role_noun(self, head: Any, start: int, end: int) -> Speaker:
        role = head.lemma_.lower()
        named: set[str] = set()
        for m in self.mentions:
            if (
                m["label"] in PERSON_LABELS
                and 0 <= head.idx - m["end"] <= ANTECEDENT_WINDOW
                and self._named_with(m, role)
            ):
                named.add(m.get("entity_id") or m["mention_id"])
        cands = [
            m
            for m in self.antecedents(head.idx, None)
            if (m.get("entity_id") or m["mention_id"]) in named
        ]
        if cands:
            runner = cands[1] if len(cands) > 1 else None
            return Speaker("role_noun", start, end, cands[0], runner, 0.75)
        return Speaker("role_noun", start, end, None, confidence=0.6)

    def _named_with(self, mention: dict, role: str) -> bool:
        """True when the role word stands next to the name (before it or in apposition)."""
        span = self.doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
        if span is None:
            return False
        lo = max(span.sent.start, span.start - ROLE_WINDOW_TOKENS)
        hi = min(span.sent.end, span.end + ROLE_WINDOW_TOKENS)
        window = list(self.doc[lo : span.start]) + list(span) + list(self.doc[span.end : hi])
        return any(t.lemma_.lower() == role or t.text.lower() == role for t in window)
