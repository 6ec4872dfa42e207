"""``kronika_senter``: sentence starts from Kronika's rule splitter, set before the parser.

The English UD parser alone scored sentence-start F1 0.63 on GUM validation documents: it
opens sentences on the blank-line tokens between paragraphs (so the sentence starts at the
white space, not at the word) and misses headings, datelines and speaker turns that end
without punctuation. Kronika's rule splitter (kronika/text/sentences.py: a line break always
ends a sentence) gets these right, and it is also what the ``sentences`` table is made of,
so ``doc.sents`` and the table agree. spaCy's parser keeps preset boundaries: tokens marked
``is_sent_start = False`` are never made sentence starts, and those marked True always are.

English-only adjustment (:func:`english_sentence_starts`): reference markers after a full
stop (*... in 2014. [17] [18] They ...*) end the sentence before them, not open the next.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kronika.text.sentences import split_sentences

COMPONENT = "kronika_senter"
# "[17]", "[18] [19]", "[citation needed]" at the start of a rule sentence.
_LEADING_REFS = re.compile(r"(?:\[[^\[\]\n]{1,40}\][ \t]*)+")


def english_sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (the rule splitter + reference markers)."""
    starts = []
    for start, end in split_sentences(text):
        refs = _LEADING_REFS.match(text, start, end)
        line_start = text.rfind("\n", 0, start) + 1
        if refs and starts and starts[-1] >= line_start:  # a marker after the previous sentence
            if refs.end() >= end:
                continue  # the sentence is only markers: they belong to the previous one
            start = refs.end()
        starts.append(start)
    return starts


def sentence_starts(text: str, lang: str) -> list[int]:
    return english_sentence_starts(text) if lang == "en" else [s for s, _ in split_sentences(text)]


def set_sentence_starts(doc: Doc) -> Doc:
    """Mark the first non-space token at or after each rule start; no other token starts one."""
    starts = sentence_starts(doc.text, doc.lang_)
    k = 0
    for i, token in enumerate(doc):
        is_start = i == 0
        while k < len(starts) and starts[k] < token.idx + len(token.text):
            if not token.is_space:
                is_start = True
                k += 1
            else:
                break
        token.is_sent_start = is_start
    return doc


class Senter:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return set_sentence_starts(doc)


@Language.factory(COMPONENT, assigns=["token.is_sent_start"])
def make_senter(nlp: Language, name: str) -> Senter:
    return Senter(name)
