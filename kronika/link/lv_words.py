"""Small Latvian word lists used by the post-NER corrections (kronika.extract.mentions) and
by the name lemmatizer (kronika.link.lemma).

- ``name_heads``: lowercase head nouns of gold names (*ministrija*, *dome*, *birojs*,
  *novads*): a span ending in one of them can be a name (*Satiksmes ministrija*);
- ``common_nouns``: lemmas seen lowercase as NOUN at least twice and never as PROPN
  (*amatpersona*, *sadarbība*): a capitalised one at a sentence start is not a name;
- ``name_lemmas``: form -> gold lemma counts of the words of gold names and of PROPN tokens
  (*Edgaru* -> *Edgars*, *Siliņu* -> *Siliņa*, *krastmalu* -> *krastmala*): the name-lemma
  lexicon of kronika.link.lemma.

Both are derived from the LVTB/FullStack-LV training sentences (``lv-train.conllu``)
*minus* the documents held out for validation (``models/lv/split.json``: the hash share of
lv-train; the documents of lv-dev are all validation and are not read), so the scores on
``val`` are not computed with lists that saw them.
Licence of the source: CC BY-SA 4.0 (see kronika/link/data/NOTICE.md).
Rebuild: ``python -m kronika.link.lv_words ../shared/data/ud/lv-train.conllu``.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
HEADS_FILE = DATA_DIR / "lv_name_heads.txt"
NOUNS_FILE = DATA_DIR / "lv_common_nouns.txt"
NAME_LEMMAS_FILE = DATA_DIR / "lv_name_lemmas.tsv"
_SKIP_LABELS = {"time", "money", "TIME", "MONEY"}


def _read(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines()]
    return {r[0]: int(r[1]) for r in rows if len(r) == 2 and not r[0].startswith("#")}


@cache
def name_heads() -> frozenset[str]:
    return frozenset(_read(HEADS_FILE))


@cache
def common_nouns(min_count: int = 2) -> frozenset[str]:
    return frozenset(w for w, n in _read(NOUNS_FILE).items() if n >= min_count)


@cache
def name_lemmas() -> dict[str, dict[str, int]]:
    """form -> {gold lemma: count} over the training documents' name words."""
    out: dict[str, dict[str, int]] = {}
    if not NAME_LEMMAS_FILE.exists():
        return out
    for line in NAME_LEMMAS_FILE.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 3 and not line.startswith("#"):
            out.setdefault(cols[0], {})[cols[1]] = int(cols[2])
    return out


def _sentences(path: Path, skip_docs: set[str]):
    doc = ""
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        toks = []
        for line in block.split("\n"):
            if line.startswith("# newdoc id ="):
                doc = line.split("=", 1)[1].strip()
            cols = line.split("\t")
            if line.startswith("#") or not cols[0].isdigit():
                continue
            ner = next((m[4:] for m in cols[9].split("|") if m.startswith("NER=")), "O")
            toks.append((cols[1], cols[2], cols[3], ner))
        if doc not in skip_docs:
            yield toks


def build(conllu: Path, split_json: Path) -> tuple[Counter, Counter, Counter]:
    skip = set(json.loads(split_json.read_text(encoding="utf-8"))["val_doc_ids"])
    heads: Counter = Counter()
    nouns: Counter = Counter()
    forms: Counter = Counter()
    propn: set[str] = set()
    for toks in _sentences(conllu, skip):
        for i, (form, lemma, upos, ner) in enumerate(toks):
            in_name = ner != "O" and ner[2:] not in _SKIP_LABELS
            if (upos == "PROPN" or in_name) and any(ch.isalpha() for ch in form):
                forms[(form, lemma)] += 1
            low = lemma.lower()
            if upos == "NOUN" and form[:1].islower():
                nouns[low] += 1
            if upos == "PROPN":
                propn.add(low)
            nxt = toks[i + 1][3] if i + 1 < len(toks) else "O"
            last = ner != "O" and not nxt.startswith("I-")
            if last and form[:1].islower() and ner[2:] not in _SKIP_LABELS:
                heads[low] += 1
    common = Counter({w: n for w, n in nouns.items() if n >= 2 and w not in propn})
    return heads, common, forms


def main(conllu: str, split_json: str = "models/lv/split.json") -> None:
    heads, common, forms = build(Path(conllu), Path(split_json))
    header = "# derived from lv-train.conllu minus models/lv/split.json val docs (CC BY-SA 4.0)\n"
    HEADS_FILE.write_text(
        header + "".join(f"{w}\t{n}\n" for w, n in sorted(heads.items())), encoding="utf-8"
    )
    NOUNS_FILE.write_text(
        header + "".join(f"{w}\t{n}\n" for w, n in sorted(common.items())), encoding="utf-8"
    )
    NAME_LEMMAS_FILE.write_text(
        header + "".join(f"{f}\t{lem}\t{n}\n" for (f, lem), n in sorted(forms.items())),
        encoding="utf-8",
    )


if __name__ == "__main__":
    import sys

    main(*sys.argv[1:])
