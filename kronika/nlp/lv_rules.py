"""Latvian span rules after the NER (issue 12), used by ``kronika_ent_fix``.

Latvian names of institutions and places end in a lowercase common noun that says what
they are, after genitive modifiers: *Rēzeknes komercskola*, *Viļņas rajona tiesa*,
*Cēsu iela*, *Latgales reģions*, *Ceraukstes pagasts*. The NER often tags only the place
in front (*Rēzeknes* GPE) or labels the whole by the place. The head table says which
lowercase nouns head names, with which label, as measured on the gold names of the
training documents (``head_table``); the rules then

* ``head_label``: relabel a span that ends in a known head by the head's label;
* ``head_extend``: extend a name (or a capitalised genitive) over following lowercase
  genitive modifiers up to a known head (*Rēzeknes* + *komercskolu* -> ORG);
* ``tail_trim``: cut lowercase verbs, adverbs, auxiliaries and dashes off a span's end
  (*Cēsu ielā vadīja* -> *Cēsu ielā*);
* ``dateline``: an all-capitals word at the start of a text followed by a dash is a
  place (wire datelines: *LONDONA —*), not MISC/ORG;
* ``memory_ruler``: names of the training documents with one label (and seen at least
  twice) are added where the model found nothing (*airBaltic*).

Each is a setting of ``kronika_ent_fix``; ``kronika eval`` ablates them on validation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, Span

from kronika.labels import dataset_for_lang, map_label

NAME_LABELS = ("PER", "ORG", "GPE", "LOC")
DASHES = {"-", "–", "—"}
TAIL_PUNCT = {".", ",", ":", ";", "!", "?"}
TAIL_POS = {"VERB", "AUX", "ADV", "SCONJ", "CCONJ"}
# Lowercase words that may sit between a name and its head: genitive nouns, adjectives,
# ordinals (Liepājas 48. arodvidusskola) and "un" (Būvmateriālu un konstrukciju rūpnīca).
MODIFIER_POS = {"NOUN", "ADJ", "NUM", "CCONJ"}
MAX_MODIFIERS = 3
# head_table: also keep nouns that end a name in this share of their occurrences after a
# capitalised word (None: off). Chosen on val, see docs/quality.md.
CONTEXT_SHARE: float | None = 0.67
# compound_head: head labels a one-word compound takes (GPE only: see compound_head_label).
COMPOUND_LABELS = ("GPE",)
# head_extend: do not join a name ending in a head noun across "un" (see _coordinated).
COORDINATION_STOP = True
# configure(): add PLACE_HEADS (below) to the data's head table.
USE_PLACE_HEADS = True


def _training_sentences(conllu: Path, skip_docs: Iterable[str]):
    """(form, lemma, upos, NER tag) rows of the NER-tagged sentences of training documents."""
    skip = set(skip_docs)
    doc_id = ""
    for block in conllu.read_text(encoding="utf-8").strip().split("\n\n"):
        rows = []
        for line in block.split("\n"):
            if line.startswith("# newdoc id ="):
                doc_id = line.split("=", 1)[1].strip()
            cols = line.split("\t")
            if line.startswith("#") or not cols[0].isdigit():
                continue
            ner = next((m[4:] for m in cols[9].split("|") if m.startswith("NER=")), "O")
            rows.append((cols[1], cols[2], cols[3], ner))
        if doc_id not in skip and any(r[3] != "O" for r in rows):
            yield rows


QUOTES = set("\"“”„«»‘’'")


def apposition_table(
    conllu: Path, skip_docs: Iterable[str], min_count: int = 2, min_share: float = 0.7
) -> dict[str, str]:
    """Lowercase noun lemma -> label of the quoted names that follow it in the training
    documents (*aģentūra “LETA”* ORG, *filma “...”* PRODUCT), when one label dominates."""
    dataset = dataset_for_lang("lv")
    counts: dict[str, Counter] = {}
    for rows in _training_sentences(Path(conllu), skip_docs):
        for i in range(1, len(rows)):
            form, _, _, ner = rows[i]
            prev_form, prev_lemma, prev_upos, prev_ner = rows[i - 1]
            if not (ner.startswith("B-") and form in QUOTES):
                continue
            if prev_upos != "NOUN" or not prev_form[:1].islower() or prev_ner != "O":
                continue
            label = map_label(dataset, ner[2:])
            if label:
                counts.setdefault(prev_lemma, Counter())[label] += 1
    out = {}
    for lemma, by_label in counts.items():
        label, n = by_label.most_common(1)[0]
        total = sum(by_label.values())
        if total >= min_count and n / total >= min_share:
            out[lemma] = label
    return out


# Kronika's label convention (kronika/labels.py): the titles of media are ORG, whatever
# the training data's habit for newspapers and magazines (often "product").
MEDIA_NOUNS = {
    "laikraksts": "ORG",
    "avīze": "ORG",
    "žurnāls": "ORG",
    "izdevums": "ORG",
    "portāls": "ORG",
    "aģentūra": "ORG",
    "kanāls": "ORG",
    "radio": "ORG",
    "televīzija": "ORG",
}


def apposition_label(ents: list[Span], table: dict[str, str]) -> list[Span]:
    """A quoted name right after a noun of the table takes the noun's label."""
    from kronika.link.lemma import latvian_forms

    forms = {f: lab for lemma, lab in table.items() for f in latvian_forms(lemma)}
    out = []
    for ent in ents:
        prev = ent.doc[ent.start - 1] if ent.start > 0 else None
        label = forms.get(prev.text) if prev is not None and ent[0].text in QUOTES else None
        out.append(Span(ent.doc, ent.start, ent.end, label) if label else ent)
    return out


def place_split(ents: list[Span], places: dict[str, tuple[str, str]]) -> list[Span]:
    """A span ending in a gazetteer place in the locative right after another locative is
    two phrases (*Apvienoto Nāciju Organizācijā* + *Ņujorkā*): split the place off."""
    out = []
    for ent in ents:
        last, before = ent[-1], ent[-2] if len(ent) > 1 else None
        place = places.get(last.text)
        if (
            before is not None
            and place is not None
            and place[0] in ("GPE", "LOC")
            and "Loc" in last.morph.get("Case")
            and "Loc" in before.morph.get("Case")
        ):
            out.append(Span(ent.doc, ent.start, ent.end - 1, ent.label_))
            out.append(Span(ent.doc, ent.end - 1, ent.end, place[0]))
            continue
        out.append(ent)
    return out


def _after_capital(rows: list, i: int) -> bool:
    """The word before position ``i`` is capitalised or an ordinal (*Ruņas upi*,
    *11.novembra krastmala*): the contexts in which head_extend acts."""
    prev = rows[i - 1][0] if i > 0 else ""
    return prev[:1].isupper() or (prev[:1].isdigit() and "." in prev)


def head_table(
    conllu: Path,
    skip_docs: Iterable[str],
    min_count: int = 1,
    min_share: float = 0.25,
    context_share: float | None = CONTEXT_SHARE,
) -> dict[str, str]:
    """Lowercase lemma -> label of nouns that head gold names in the training documents.

    Kept when the noun heads a name at least ``min_count`` times and in at least
    ``min_share`` of its lowercase occurrences in NER-tagged sentences (so *centrs*, mostly
    a plain noun, is out unless the data says otherwise); the label is the majority.
    With ``context_share`` a noun is also kept when it ends a name in at least that share
    of its occurrences right after a capitalised word (*jūra*, *laukums*, *upe*: plain
    nouns overall, but *Baltijas jūra*, *Doma laukums* are names).
    """
    dataset = dataset_for_lang("lv")
    heads: dict[str, Counter] = {}
    total: Counter = Counter()
    in_context: Counter = Counter()
    heads_in_context: Counter = Counter()
    for rows in _training_sentences(Path(conllu), skip_docs):
        for i, (form, lemma, upos, ner) in enumerate(rows):
            if upos != "NOUN" or not form[:1].islower():
                continue
            total[lemma] += 1
            context = _after_capital(rows, i)
            in_context[lemma] += context
            nxt = rows[i + 1][3] if i + 1 < len(rows) else "O"
            if ner != "O" and not nxt.startswith("I-"):
                label = map_label(dataset, ner[2:])
                if label in NAME_LABELS:
                    heads.setdefault(lemma, Counter())[label] += 1
                    heads_in_context[lemma] += context
    out = {}
    for lemma, by_label in heads.items():
        n = sum(by_label.values())
        keep = n >= min_count and n / total[lemma] >= min_share
        if context_share is not None and in_context[lemma] and n >= min_count:
            keep = keep or heads_in_context[lemma] / in_context[lemma] >= context_share
        if keep:
            out[lemma] = by_label.most_common(1)[0][0]
    return out


# Latvian place-name head nouns by their meaning (street designations, waters, land forms,
# administrative units): a general rule, not learnt from data; the training documents'
# label wins where head_table has the noun. Some are rare as name heads in the training
# documents (*upe*, *krastmala*, *dambis*), so the data table alone misses them.
PLACE_HEADS = {
    **dict.fromkeys(
        [
            *("iela", "bulvāris", "prospekts", "gatve", "šoseja", "dambis", "krastmala"),
            *("aleja", "laukums", "skvērs", "upe", "ezers", "jūra", "līcis", "sala"),
            *("pussala", "kalns", "parks", "reģions"),
        ],
        "LOC",
    ),
    **dict.fromkeys(["novads", "pagasts", "rajons", "apgabals"], "GPE"),
}


def with_place_heads(table: dict[str, str]) -> dict[str, str]:
    """The data's head table plus the general place heads it lacks."""
    return {**PLACE_HEADS, **table} if USE_PLACE_HEADS else dict(table)


def head_forms(table: dict[str, str]) -> dict[str, str]:
    """Every case form of each head lemma -> its label (the trained lemmatizer is not asked:
    its genders on such nouns are unreliable, *vidusskolu* -> *vidusskols*). All paradigms
    of the nominative ending are used, the rare ones too (*pils* -> *pilī*, 6th decl.)."""
    from kronika.link.lemma import _apply, paradigms_for

    out: dict[str, str] = {}
    for lemma, label in sorted(table.items()):
        pars = paradigms_for(lemma)
        longest = max((len(p.nom) for p in pars), default=0)
        for par in (p for p in pars if len(p.nom) == longest):
            stem = lemma[: -len(par.nom)]
            for _, _, ending in par.forms:
                for form in _apply(stem, ending):
                    out.setdefault(form, label)
        out.setdefault(lemma, label)
    return out


def _is_head(tok, forms: dict[str, str]) -> str | None:
    if tok.text[:1].islower() and tok.pos_ in ("NOUN", "PROPN", "X", "ADJ", "VERB"):
        return forms.get(tok.text)
    return None


def head_label(ents: list[Span], forms: dict[str, str]) -> list[Span]:
    out = []
    for ent in ents:
        label = _is_head(ent[-1], forms) if len(ent) > 1 else None
        out.append(Span(ent.doc, ent.start, ent.end, label) if label else ent)
    return out


def _ordinal(tok) -> bool:
    """Ordinals in names: *48.* arodvidusskola, *11.novembra* krastmala (not *58 ha*)."""
    return tok.text[:1].isdigit() and "." in tok.text


def _modifier(tok) -> bool:
    """A lowercase genitive noun/adjective, an ordinal or *un* (names are genitive chains)."""
    if tok.text.lower() == "un" or _ordinal(tok):
        return True
    if not tok.text[:1].islower() or tok.pos_ not in ("NOUN", "ADJ"):
        return False
    case = tok.morph.get("Case")
    return not case or "Gen" in case


def _cap_word(tok) -> bool:
    """A capitalised word that can sit inside a name (Klusā, Drošības, Būvmateriālu)."""
    if not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NOUN", "ADJ", "X"):
        return False
    return tok.pos_ == "PROPN" or not tok.is_sent_start


def compound_head_label(
    ents: list[Span], forms: dict[str, str], places: dict[str, tuple[str, str]]
) -> list[Span]:
    """A one-word place name that is a compound of a settlement or administrative head
    (*Zvejniek-ciemā*, *Ragaciemā*) is a GPE, unless the gazetteer knows the word.

    Only GPE heads are used: compounds of LOC heads are often towns (*Daugav-pils*,
    *Ventspilī*: *pils* "castle" heads LOC names), so they keep the model's label."""
    out = []
    for ent in ents:
        word = ent.text
        label = None
        if len(ent) == 1 and ent.label_ in ("GPE", "LOC") and word not in places:
            low = word.lower()
            for size in range(len(low) - 3, 3, -1):
                label = forms.get(low[-size:])
                if label in COMPOUND_LABELS:
                    break
                label = None
        out.append(Span(ent.doc, ent.start, ent.end, label) if label else ent)
    return out


def _coordinated(doc: Doc, j: int, before: Span, forms: dict[str, str]) -> bool:
    """The walk stopped at *un* right after a name that already ends in a head noun: a
    second name is coordinated with it (*Daugavas krastmala un 11. novembra krastmala*),
    unlike a name cut before *un* (*Latvijas Universitātes Matemātikas* + *un
    informātikas institūts*)."""
    return doc[j].text.lower() == "un" and _is_head(before[-1], forms) is not None


def head_extend(doc: Doc, ents: list[Span], forms: dict[str, str]) -> list[Span]:
    """Extend names over modifiers up to a head noun; the head's label wins.

    Walking left from the head: lowercase genitives, adjectives, ordinals, *un* and
    capitalised words (at most MAX_MODIFIERS + 1), then a whole entity if one ends there.
    The name must start with a capital or a number (*11. novembra krastmala*).
    """
    owner = {i: e for e in ents for i in range(e.start, e.end)}
    out = list(ents)
    for tok in doc:
        label = _is_head(tok, forms)
        if label is None:
            continue
        if tok.i in owner:
            # Tried: joining "X un <name ending in this head>" into one name (Indijas un
            # Klusā okeāna reģions): exact F1 on val -0.8, so heads inside names are left.
            continue
        j = tok.i
        while (
            j > 0
            and j - 1 not in owner
            and tok.i - j <= MAX_MODIFIERS
            and (_modifier(doc[j - 1]) or _cap_word(doc[j - 1]))
        ):
            j -= 1
        start = owner[j - 1].start if j > 0 and j - 1 in owner else j
        if start == j and j > 0 and j - 1 in owner:
            start = owner[j - 1].start
        if j - 1 in owner and owner[j - 1].label_ not in NAME_LABELS:
            start = j  # never swallow a MISC/EVENT/PRODUCT name
        if COORDINATION_STOP and j - 1 in owner and _coordinated(doc, j, owner[j - 1], forms):
            start = j + 1  # Daugavas krastmala un 11. novembra krastmala: two names
        while start < tok.i and not (doc[start].text[:1].isupper() or _ordinal(doc[start])):
            start += 1
        if start == tok.i:
            continue
        span = Span(doc, start, tok.i + 1, label)
        out = [e for e in out if e.end <= span.start or e.start >= span.end] + [span]
        owner.update({i: span for i in range(span.start, span.end)})
    return sorted(out, key=lambda e: e.start)


def tail_trim(ents: list[Span]) -> list[Span]:
    out = []
    for ent in ents:
        end = ent.end
        doc = ent.doc
        while end > ent.start + 1 and (
            doc[end - 1].text in DASHES
            or doc[end - 1].text in TAIL_PUNCT
            or (doc[end - 1].pos_ in TAIL_POS and doc[end - 1].text[:1].islower())
        ):
            end -= 1
        out.append(ent if end == ent.end else Span(doc, ent.start, end, ent.label_))
    return out


def dateline(doc: Doc, ents: list[Span], places: dict[str, tuple[str, str]]) -> list[Span]:
    """All-capital words at the very start, then a dash: a place (wire dateline), when the
    gazetteer knows the words as a place (*LONDONA —*; not *LETA —*, a news agency)."""
    end = 0
    while end < len(doc) and doc[end].is_alpha and doc[end].text.isupper() and end < 3:
        end += 1
    if end == 0 or end >= len(doc) or doc[end].text not in DASHES:
        return ents
    words = doc[:end].text.title()
    label = places.get(words, ("", ""))[0]
    if label not in ("GPE", "LOC"):
        return ents
    span = Span(doc, 0, end, label)
    return [e for e in ents if e.start >= end] + [span]


def memory_spans(doc: Doc, matcher, memory: dict[str, str]) -> list[Span]:
    return [Span(doc, s, e, memory[doc[s:e].text]) for _, s, e in matcher(doc)]


# Settings of kronika_ent_fix switched on for Latvian (chosen on the merged validation set;
# docs/quality.md has each rule's effect).
LV_SETTINGS = {
    # compound_head (Zvejniek-ciemā -> GPE): with LOC heads too it changed nothing on val
    # (0.7517 -> 0.7517: Ragaciemā right, Daugavpili wrong); GPE heads only: 0.7582 -> 0.7603
    "compound_head": True,
    "place_split": True,
    "apposition": True,
    "role_trim": True,
    "hyphen_join": True,
    "tail_trim": True,
    "head_label": True,
    "head_extend": True,
    "memory_ruler": True,
    "dateline": True,
}


def configure(nlp, conllu: Path, val_doc_ids: Iterable[str], settings: dict | None = None):
    """Give an lv pipeline's ``kronika_ent_fix`` the head table of the training documents
    of ``conllu`` (validation documents left out) and switch the Latvian rules on."""
    fix = nlp.get_pipe("kronika_ent_fix")
    val_doc_ids = list(val_doc_ids)
    fix.set_heads(with_place_heads(head_table(Path(conllu), val_doc_ids)))
    fix.appositions = apposition_table(Path(conllu), val_doc_ids) | MEDIA_NOUNS
    fix.settings.update(LV_SETTINGS if settings is None else settings)
    return nlp


def role_trim(ents: list[Span], is_common_noun) -> list[Span]:
    """Drop a sentence-initial common noun in front of a person (*Fotogrāfs M. Rozenbergs*,
    *Dēls Oļegs*): capitalised only because it starts the sentence."""
    out = []
    for ent in ents:
        first = ent[0]
        if (
            ent.label_ == "PER"
            and len(ent) > 1
            and first.is_sent_start
            and first.pos_ in ("NOUN", "ADJ")
            and is_common_noun(first.text.lower())
            and ent[1].text[:1].isupper()
        ):
            ent = Span(ent.doc, ent.start + 1, ent.end, "PER")
        out.append(ent)
    return out


def hyphen_join(doc: Doc, ents: list[Span]) -> list[Span]:
    """Two person spans joined by a hyphen without spaces are one double-barrelled name
    (*Helli Torningu-Šmitu*: the tokenizer splits the hyphen)."""
    ents = sorted(ents, key=lambda e: e.start)
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "PER"
            and ent.start == prev.end + 1
            and doc[prev.end].text == "-"
            and not doc[prev.end - 1].whitespace_
            and not doc[prev.end].whitespace_
        ):
            out[-1] = Span(doc, prev.start, ent.end, "PER")
            continue
        out.append(ent)
    return out
