"""Capitalisation + gazetteer baseline (no trained model), for the report's baseline row.

Tokens come from the language's rule tokenizer. A gazetteer name (inflected forms
included) gets the gazetteer's label. Any other run of capitalised tokens becomes PER, or ORG
when it is all upper case (acronyms); a single capitalised word that starts a sentence
is not taken.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kronika.nlp.components import customise_tokenizer
from kronika.nlp.lexicon import Entry

SENT_END = {".", "!", "?", "…", ":"}


class Baseline:
    def __init__(self, lang: str, entries: list[Entry]) -> None:
        self.nlp: Language = spacy.blank(lang)
        customise_tokenizer(self.nlp)
        self.labels = {}
        for e in entries:
            self.labels.setdefault(e.form, e.label)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.matcher.add("GAZ", list(self.nlp.tokenizer.pipe(sorted(self.labels))))

    @staticmethod
    def _starts_sentence(doc: Doc, i: int) -> bool:
        j = i - 1
        while j >= 0 and doc[j].text in {'"', "“", "„", "(", "«"}:
            j -= 1
        return j < 0 or doc[j].text in SENT_END

    def _caps_runs(self, doc: Doc) -> list[Span]:
        spans, i = [], 0
        while i < len(doc):
            tok = doc[i]
            if tok.text[:1].isupper() and tok.is_alpha:
                j = i
                while j + 1 < len(doc) and doc[j + 1].text[:1].isupper() and doc[j + 1].is_alpha:
                    j += 1
                run = doc[i : j + 1]
                acronym = all(t.text.isupper() and len(t) > 1 for t in run)
                # A sentence-initial capital is only a cue for runs or acronyms.
                if not self._starts_sentence(doc, i) or len(run) > 1 or acronym:
                    spans.append(Span(doc, i, j + 1, "ORG" if acronym else "PER"))
                i = j + 1
            else:
                i += 1
        return spans

    def __call__(self, text: str) -> Doc:
        doc = self.nlp(text)
        gaz = [Span(doc, s, e, self.labels[doc[s:e].text]) for _, s, e in self.matcher(doc)]
        gaz = filter_spans(gaz)
        taken = {i for s in gaz for i in range(s.start, s.end)}
        caps = [s for s in self._caps_runs(doc) if not taken.intersection(range(s.start, s.end))]
        doc.ents = filter_spans(gaz + caps)
        return doc
