"""Kronika's rule components, appended after the trained ones.

* ``kronika_lemma_fix`` (reads POS, ents; writes LEMMA): proper-name lemmas that keep
  their capitalisation, from the gazetteer's inflected forms, then simplemma's dictionary
  (only for words it knows: unknown words come back lower-cased), then the trained
  lemmatizer with the surface's capital restored.
* ``kronika_ent_fix`` (reads ents, LEMMA; writes ents): label post-correction from a
  memory of unambiguous training-set names and from the gazetteer, a gazetteer ruler for
  names the model missed, and a capitalisation filter. Each step is a setting, so
  ``kronika eval --ablation`` can measure its gain.

Both store their tables in the model directory: a shipped model needs no outside file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import simplemma
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kronika.nlp import docnames, senter  # noqa: F401  (register English components of models/en)
from kronika.nlp.lexicon import Entry

NAME_LABELS = {"PER", "ORG", "GPE", "LOC"}
EDGE_POS = {"VERB", "AUX", "ADV", "CCONJ", "SCONJ", "NUM", "PUNCT", "ADP"}
NON_NAME_POS = {"VERB", "AUX", "ADV", "ADP", "PRON", "DET", "CCONJ", "SCONJ", "PART", "NUM"}
# Latvian ordinals ("2014. gadā", "12. martā") are one token in LVTB.
LV_TOKEN_MATCH = r"^\d{1,4}\.$"
INITIAL = re.compile(r"^[^\W\d_]\.$")


def customise_tokenizer(nlp: Language) -> None:
    """Language-specific tokenizer fixes; saved with the tokenizer's patterns."""
    if nlp.lang == "lv":
        nlp.tokenizer.token_match = re.compile(LV_TOKEN_MATCH).match


def _write_json(path: Path, name: str, data: Any) -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _read_json(path: Path, name: str) -> Any:
    return json.loads((Path(path) / name).read_text(encoding="utf-8"))


def _cap_like(surface: str, lemma: str) -> str:
    """Give `lemma` the capitalisation of `surface` (first letter; all-caps kept)."""
    if not lemma:
        return surface
    if surface.isupper() and len(surface) > 1:
        return lemma.upper()
    if surface[:1].isupper():
        return lemma[:1].upper() + lemma[1:]
    return lemma


def _is_cap_word(token: Any) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_sent_start


def _is_known(word: str, lang: str) -> bool:
    """simplemma.is_known, but False for an empty string (it raises on one; the trained
    lemmatizer can produce an empty lemma)."""
    return bool(word) and bool(simplemma.is_known(word, lang=lang))


def _dictionary_noun(word: str) -> bool:
    """simplemma knows the lowercase word (a common noun such as *fotogrāfs*)."""
    return _is_known(word, lang="lv")


def _known_name(text: str) -> bool:
    """A capitalised word that the training names' lexicon knows as (a form of) a name."""
    from kronika.link.lemma import known_lemmas, lexicon_lemma

    if not text[:1].isupper() or text.isupper():
        return False
    lemma = lexicon_lemma(text)
    return (lemma is not None and lemma[:1].isupper()) or text in known_lemmas()


class LemmaFix:
    """Proper-name lemmas with capitals kept (see module docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lang = nlp.lang
        self.forms: dict[str, str] = {}
        self.settings = {
            "gazetteer": True,
            "simplemma": self.lang == "lv",
            "capitals": True,
            # lv: kronika.link.lemma's name lemmatizer (training names' lexicon, morphology
            # with one gender per person, nominatives kept); issue 12.
            "names": self.lang == "lv",
        }

    def set_entries(self, entries: list[Entry]) -> None:
        self.forms = {e.form: e.name for e in entries if " " not in e.name and " " not in e.form}

    def _is_name(self, token: Any) -> bool:
        """Proper-name tokens: PROPN; capitalised words of person/place entities that the
        tagger took for common nouns (*Vilnis*); capitalised words inside a sentence that
        the dictionary does not know (*Daiga*)."""
        text = token.text
        if (
            self.settings["names"]
            and token.ent_type_ == "ORG"
            and not text.isupper()
            and _is_known(text.lower(), lang=self.lang)
        ):
            # LVTB lemmatises dictionary words of organisation names in lower case
            # (Institūts -> institūts). Tried for capitalised words outside names too: -0.2.
            return False
        if token.pos_ == "PROPN":
            return True
        if not text[:1].isupper() or token.pos_ in {"ADJ", "ADP", "CCONJ", "PUNCT"}:
            return False
        if self.settings["names"] and self.lang == "lv" and _known_name(text):
            return True  # a training name (Daiga, Ziedonis), also at a sentence start
        if (
            self.settings["names"]
            and token.pos_ == "NOUN"
            and token.ent_type_ != "PER"
            and _is_known(text.lower(), lang=self.lang)
        ):
            return False  # a dictionary noun inside a name (Eiropas Savienībā): lower case
        if token.ent_type_ in {"PER", "GPE", "LOC"}:
            return True
        return (
            self.lang == "lv"
            and token.is_alpha
            and not text.isupper()
            and (not token.is_sent_start or self._unknown_start_noun(token))
            and not _is_known(text.lower(), lang=self.lang)
        )

    def _unknown_start_noun(self, token: Any) -> bool:
        """lv: a sentence-initial noun that neither the dictionary nor the trained
        lemmatizer's lemma is a dictionary word of (*Lauma* -> *laums*) is a name."""
        from kronika.link.lemma import LEMMA_RULES

        return (
            LEMMA_RULES["start_names"]
            and self.settings["names"]
            and token.pos_ in {"NOUN", "PROPN", "X"}
            and not _is_known(token.lemma_.lower(), lang=self.lang)
        )

    def lemma(self, token: Any, name: bool, morph: dict[str, str] | None = None) -> str:
        text = token.text
        if self.settings["gazetteer"] and text in self.forms:
            return self.forms[text]
        if self.lang == "en":
            return text if token.pos_ == "PROPN" else token.lemma_
        if self.settings["names"]:
            from kronika.link.lemma import head_noun_lemma

            head = head_noun_lemma(text)  # Institūts -> institūts (LVTB)
            if head:
                return head
        if self.settings["capitals"] and INITIAL.match(text):
            # Initials: LVTB has both "R." and "r."; the upper case is the more frequent
            # (2:1 in lv-train) and the one that keys a name.
            return text if self.settings["names"] else text.lower()
        if self.settings["names"] and name:
            from kronika.link.lemma import lemmatize_word

            # Headline capitals (VITAUTS, RĪGAS) are lemmatised as the capitalised word;
            # shorter all-caps words are acronyms (NATO, ASV) and keep their form.
            caps = text.isupper() and len(text) >= 5
            if not text.isupper() or caps:
                word = text[:1] + text[1:].lower() if caps else text
                if self.settings["gazetteer"] and word in self.forms:
                    return self.forms[word]  # RĪGAS -> Rīga
                return lemmatize_word(
                    word,
                    morph=morph if morph is not None else token.morph.to_dict(),
                    label=token.ent_type_ or None,
                    spacy_lemma=None if caps else token.lemma_,
                )
        key = text
        if self.settings["capitals"] and text.isupper() and len(text) >= 5:
            key = text[:1] + text[1:].lower()  # "RĪGAS" -> "Rīgas" (headline capitals)
            if self.settings["gazetteer"] and key in self.forms:
                return self.forms[key]
        if not name and self.settings["capitals"]:
            # A common word inside a name (*Latvijas Universitātei*) is lemmatised as the
            # dictionary word, in lower case, as LVTB does; unknown words keep the capital.
            lower = key.lower()
            if _is_known(lower, lang=self.lang):
                return simplemma.lemmatize(lower, lang=self.lang)
            if self.settings["names"] and token.pos_ == "NOUN" and text[:1].islower():
                # lv: the same reading as for nouns outside names (krastmalu -> krastmala)
                return self._noun_lemma(token) or token.lemma_
            return _cap_like(key, token.lemma_)
        if self.settings["simplemma"] and _is_known(key, lang=self.lang):
            lemma = simplemma.lemmatize(key, lang=self.lang)
        else:
            lemma = token.lemma_
        return _cap_like(key, lemma) if self.settings["capitals"] else lemma

    def _person_morphs(self, doc: Doc) -> dict[int, dict[str, str]]:
        """Token index -> morphology with the person's one gender (words of PER names)."""
        if not self.settings["names"]:
            return {}
        from kronika.link.lemma import person_morphs

        out: dict[int, dict[str, str]] = {}
        for ent in doc.ents:
            if ent.label_ == "PER":
                morphs = person_morphs([t.text for t in ent], [t.morph.to_dict() for t in ent])
                out.update({t.i: m for t, m in zip(ent, morphs, strict=True)})
        return out

    def _noun_lemma(self, token: Any) -> str | None:
        """A lowercase noun whose trained lemma the dictionary does not know (vidusskolu ->
        vidusskols): the dictionary's lemma, or its guess when it is one of our readings."""
        from kronika.link.lemma import common_noun_lemma

        if _is_known(token.lemma_, lang=self.lang):
            return None
        return common_noun_lemma(token.text)

    def _subject_morph(self, token: Any, morph: dict[str, str] | None) -> dict[str, str] | None:
        """lv: a name tagged genitive that the parser makes the subject or the root (through
        ``flat:name``) is a nominative (*Lauma*, *Guna* tagged as masculine genitives)."""
        from kronika.link.lemma import LEMMA_RULES

        if self.lang != "lv" or not self.settings["names"] or not LEMMA_RULES["subject_nom"]:
            return morph
        m = morph if morph is not None else token.morph.to_dict()
        if m.get("Case") != "Gen" or not token.text[:1].isupper():
            return morph
        root = token
        while root.dep_ == "flat:name" and root.head.i != root.i:
            root = root.head
        return dict(m, Case="Nom") if root.dep_ in {"nsubj", "ROOT"} else morph

    def __call__(self, doc: Doc) -> Doc:
        persons = self._person_morphs(doc)
        nouns = self.settings["names"] and self.settings["simplemma"]
        for token in doc:
            name = self._is_name(token)
            if name or (token.ent_type_ and token.pos_ in {"NOUN", "ADJ"}):
                morph = self._subject_morph(token, persons.get(token.i))
                token.lemma_ = self.lemma(token, name, morph)
            elif nouns and token.pos_ == "NOUN" and token.text[:1].islower():
                token.lemma_ = self._noun_lemma(token) or token.lemma_
            elif nouns and token.text[:1].islower() and token.is_alpha:
                token.lemma_ = self._dictionary_lemma(token) or token.lemma_
        return doc

    def _dictionary_lemma(self, token: Any) -> str | None:
        """lv: a lowercase word whose trained lemma is no dictionary word, but which the
        dictionary knows, takes the dictionary's lemma (*biroja*, tagged VERB and lemmatised
        *birot* by the trained lemmatizer -> *birojs*)."""
        from kronika.link.lemma import LEMMA_RULES

        if not LEMMA_RULES["dictionary_words"]:
            return None
        if _is_known(token.lemma_, lang=self.lang):
            return None
        if not _is_known(token.text, lang=self.lang):
            return None
        return simplemma.lemmatize(token.text, lang=self.lang)

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        _write_json(Path(path), "forms.json", {"forms": self.forms, "settings": self.settings})

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> LemmaFix:
        data = _read_json(Path(path), "forms.json")
        self.forms = data["forms"]
        self.settings.update(data["settings"])  # new settings keep their defaults
        return self


class EntFix:
    """Label post-correction, gazetteer ruler and capitalisation filter."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self.forms: dict[str, tuple[str, str]] = {}
        self.memory: dict[str, str] = {}
        self.settings = {
            "memory": True,
            "relabel": True,
            "ruler": True,
            "capitals": True,
            "pos": nlp.lang == "lv",
            "compound": nlp.lang == "lv",
            "trim": False,  # hurt exact F1 on lv val (0.711 -> 0.693): off
            # lv span rules of kronika/nlp/lv_rules.py (issue 12); measured on validation
            "place_split": False,
            "apposition": False,
            "compound_head": False,
            "role_trim": False,
            "hyphen_join": False,
            "tail_trim": False,
            "head_label": False,
            "head_extend": False,
            "memory_ruler": False,
            "dateline": False,
        }
        self.heads: dict[str, str] = {}
        self.appositions: dict[str, str] = {}
        self._matcher: PhraseMatcher | None = None
        self._memory_matcher: PhraseMatcher | None = None
        self._head_forms: dict[str, str] | None = None

    def set_tables(self, entries: list[Entry], memory: dict[str, str]) -> None:
        self.forms = {}
        for e in entries:
            self.forms.setdefault(e.form, (e.label, e.name))
        self.memory = dict(memory)
        self._matcher = None
        self._memory_matcher = None

    def set_heads(self, heads: dict[str, str]) -> None:
        """Lowercase head nouns of names -> label (kronika.nlp.lv_rules.head_table)."""
        self.heads = dict(heads)
        self._head_forms = None

    @property
    def head_forms(self) -> dict[str, str]:
        if self._head_forms is None:
            from kronika.nlp.lv_rules import head_forms

            self._head_forms = head_forms(self.heads)
        return self._head_forms

    @property
    def memory_matcher(self) -> PhraseMatcher:
        """Training names with one label, capitalised, not a single lexicon-known word."""
        if self._memory_matcher is None:
            self._memory_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
            names = sorted(k for k in self.memory if k[:1].isupper() or k[:1].isalpha())
            self._memory_matcher.add("MEM", list(self.nlp.tokenizer.pipe(names)))
        return self._memory_matcher

    def _lv_rules(self, doc: Doc, ents: list[Span]) -> list[Span]:
        from kronika.nlp import lv_rules

        if self.settings["place_split"]:
            ents = lv_rules.place_split(ents, self.forms)
        if self.settings["apposition"] and self.appositions:
            ents = lv_rules.apposition_label(ents, self.appositions)
        if self.settings["role_trim"]:
            ents = lv_rules.role_trim(ents, _dictionary_noun)
        if self.settings["hyphen_join"]:
            ents = lv_rules.hyphen_join(doc, ents)
        if self.settings["tail_trim"]:
            ents = lv_rules.tail_trim(ents)
        if self.settings["head_label"] and self.heads:
            ents = lv_rules.head_label(ents, self.head_forms)
        if self.settings["compound_head"] and self.heads:
            ents = lv_rules.compound_head_label(ents, self.head_forms, self.forms)
        if self.settings["head_extend"] and self.heads:
            ents = lv_rules.head_extend(doc, ents, self.head_forms)
        if self.settings["memory_ruler"] and self.memory:
            owned = {i for e in ents for i in range(e.start, e.end)}
            found = lv_rules.memory_spans(doc, self.memory_matcher, self.memory)
            ents = ents + [
                sp for sp in filter_spans(found) if not owned & set(range(sp.start, sp.end))
            ]
        if self.settings["dateline"]:
            ents = lv_rules.dateline(doc, ents, self.forms)
        return ents

    @property
    def matcher(self) -> PhraseMatcher:
        if self._matcher is None:  # built lazily: the final tokenizer must be in place
            self._matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
            patterns = list(self.nlp.tokenizer.pipe(sorted(self.forms)))
            self._matcher.add("GAZ", patterns)
        return self._matcher

    def _label(self, span: Span) -> str:
        text = span.text
        if self.settings["memory"] and text in self.memory:
            return self.memory[text]
        if self.settings["relabel"] and text in self.forms:
            return self.forms[text][0]
        return span.label_

    def _keep(self, span: Span) -> bool:
        if not self.settings["capitals"] or span.label_ not in NAME_LABELS:
            return True
        return any(t.text[:1].isupper() or t.text[:1].isdigit() for t in span)

    def _pos_keep(self, span: Span) -> bool:
        """Drop one-word "names" the tagger sees as common words (mostly sentence-initial
        capitals: *Dzimis*, *Klienti*, *Intervijā*)."""
        if not self.settings["pos"] or len(span) > 1 or span.label_ not in NAME_LABELS:
            return True
        tok = span[0]
        if not tok.doc.has_annotation("POS") or tok.text.isupper():
            return True
        if tok.pos_ in NON_NAME_POS:
            return False
        return not (tok.pos_ == "NOUN" and tok.is_sent_start)

    def _trim(self, span: Span) -> Span | None:
        """Cut verbs, adverbs, conjunctions, numbers and punctuation off the span's edges
        (*Ventmala jāpļauj*, *Beidzis Latvijas Universitātes ...*, *Aleksandrs 90.*)."""
        if not self.settings["trim"] or not span.doc.has_annotation("POS"):
            return span
        start, end = span.start, span.end
        doc = span.doc
        while (
            end > start + 1
            and doc[end - 1].pos_ in EDGE_POS
            and not doc[end - 1].text[:1].isupper()
        ):
            end -= 1
        while start < end - 1 and doc[start].pos_ in EDGE_POS - {"NUM", "PUNCT"}:
            start += 1
        if (start, end) == (span.start, span.end):
            return span
        return Span(doc, start, end, span.label_)

    def _compound_orgs(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Latvian institution names start with a place in the genitive: *Latvijas
        Universitāte*, *Francijas Nacionālā bibliotēka*. A GPE followed by capitalised
        words or by an ORG becomes one ORG."""
        ents = sorted(ents, key=lambda e: e.start)
        starts = {e.start: e for e in ents}
        out: list[Span] = []
        skip_until = -1
        for ent in ents:
            if ent.start < skip_until:
                continue
            end = ent.end
            if ent.label_ == "GPE":
                nxt = starts.get(end)
                if nxt is not None and nxt.label_ == "ORG":
                    end = nxt.end
                else:
                    while end < len(doc) and end not in starts and _is_cap_word(doc[end]):
                        end += 1
            if end > ent.end:
                out.append(Span(doc, ent.start, end, "ORG"))
                skip_until = end
            else:
                out.append(ent)
        return out

    def _apply_ruler(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Add gazetteer names on free tokens; a name that strictly contains predicted
        pieces replaces them. Linear in the document length (token -> entity index)."""
        owner: dict[int, int] = {i: k for k, e in enumerate(ents) for i in range(e.start, e.end)}
        dropped: set[int] = set()
        added: list[Span] = []
        for span in self._ruler_spans(doc):
            hit = {owner[i] for i in range(span.start, span.end) if i in owner}
            if not hit:
                added.append(span)
            elif all(span.start <= ents[k].start and ents[k].end <= span.end for k in hit) and (
                len(span) > max(len(ents[k]) for k in hit)
            ):
                dropped |= hit
                added.append(span)
            for i in range(span.start, span.end):
                owner.setdefault(i, -1)
        return [e for k, e in enumerate(ents) if k not in dropped] + added

    def _ruler_spans(self, doc: Doc) -> list[Span]:
        found = [Span(doc, s, e, self.forms[doc[s:e].text][0]) for _, s, e in self.matcher(doc)]
        return filter_spans(found)

    def __call__(self, doc: Doc) -> Doc:
        ents = [Span(doc, e.start, e.end, self._label(e)) for e in doc.ents]
        ents = [t for t in (self._trim(e) for e in ents) if t is not None]
        ents = [e for e in ents if self._keep(e) and self._pos_keep(e)]
        if self.settings["compound"]:
            ents = self._compound_orgs(doc, ents)
        if self.settings["ruler"]:
            ents = self._apply_ruler(doc, ents)
        if self.nlp.lang == "lv":
            ents = self._lv_rules(doc, ents)
        doc.ents = filter_spans(ents)
        return doc

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        data = {
            "forms": self.forms,
            "memory": self.memory,
            "heads": self.heads,
            "appositions": self.appositions,
            "settings": self.settings,
        }
        _write_json(Path(path), "tables.json", data)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> EntFix:
        data = _read_json(Path(path), "tables.json")
        self.forms = {k: tuple(v) for k, v in data["forms"].items()}
        self.memory = data["memory"]
        self.heads = data.get("heads", {})
        self.appositions = data.get("appositions", {})
        self.settings.update(data["settings"])  # new settings keep their defaults
        self._matcher = None
        self._memory_matcher = None
        self._head_forms = None
        return self


@Language.factory("kronika_lemma_fix", assigns=["token.lemma"], requires=["token.pos"])
def make_lemma_fix(nlp: Language, name: str) -> LemmaFix:
    return LemmaFix(nlp, name)


@Language.factory("kronika_ent_fix", assigns=["doc.ents"], requires=["doc.ents"])
def make_ent_fix(nlp: Language, name: str) -> EntFix:
    return EntFix(nlp, name)


def label_memory(docs: list[Doc], min_count: int = 2, min_share: float = 0.8) -> dict[str, str]:
    """Entity surfaces whose gold label is (nearly) always the same in the training docs."""
    counts: dict[str, dict[str, int]] = {}
    for doc in docs:
        for ent in doc.ents:
            by_label = counts.setdefault(ent.text, {})
            by_label[ent.label_] = by_label.get(ent.label_, 0) + 1
    memory = {}
    for text, by_label in counts.items():
        label, n = max(by_label.items(), key=lambda kv: kv[1])
        total = sum(by_label.values())
        if total >= min_count and n / total >= min_share:
            memory[text] = label
    return memory


def add_rule_components(
    nlp: Language, entries: list[Entry], memory: dict[str, str]
) -> tuple[LemmaFix, EntFix]:
    """Append the rule components (after NER) and fill their tables."""
    ent_fix = nlp.add_pipe("kronika_ent_fix", last=True)
    lemma_fix = nlp.add_pipe("kronika_lemma_fix", last=True)
    ent_fix.set_tables(entries, memory)
    lemma_fix.set_entries(entries)
    return lemma_fix, ent_fix
