"""End-to-end scoring of mentions and entities with the shipped NER (not gold spans).

Only documents the models never trained on are used (docs/quality.md, "What is measured
on what"): ``val`` = the documents in ``models/<lang>/split.json`` (held out from training,
used to choose rules) and ``udev`` = the documents of ``<lang>-dev.conllu`` (report only).

- **lv** (FullStack-LV news paragraphs of ``gold/fullstack-lv/dev.jsonl``): mention spans
  of ``extract_mentions`` against gold PER/GPE/ORG/LOC (exact span and label), and the
  base form of the mentions that match a gold name exactly: the word of our lemma at the
  gold head token against that token's CoNLL-U lemma (case-insensitive; the gold JSONL has
  no lemmas), plus every word for persons.
- **en** (GUM, ``gold/gum-en/dev.jsonl``): within-document clustering (B³, MUC) over the
  gold name mentions with *predicted* mentions and entity ids (a gold mention no predicted
  mention matches is a singleton), and Wikidata linking precision/recall.

Each post-NER correction in ``kronika.extract.mentions.POST_NER_RULES`` (and the lemma
back-check of ``kronika.link.lemma.LEMMA_RULES``) is ablated cumulatively (annotation
runs once; only extraction is redone).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kronika.evaluate.gold import GoldDoc, load_gold
from kronika.evaluate.linking import (
    GoldMention,
    LinkDoc,
    _f1,
    aggregate,
    load_link_gold,
    score_doc,
)
from kronika.evaluate.run import GOLD_FILES, UD_DEV, UD_TRAIN, conllu_doc_ids
from kronika.extract import mentions as mx
from kronika.link.lemma import LEMMA_RULES
from kronika.nlp import model_dir

LV_LABELS = ("PER", "GPE", "ORG", "LOC")


def split_ids(lang: str, split: str) -> list[str]:
    """Source documents of ``val`` (held out from training) or ``udev`` (never used)."""
    if split == "val":
        manifest = json.loads((model_dir(lang) / "split.json").read_text(encoding="utf-8"))
        return list(manifest["val_doc_ids"])
    return conllu_doc_ids(UD_DEV[lang])


@contextmanager
def rules(enabled: set[str]) -> Iterator[None]:
    """Switch the post-NER corrections: only ``enabled`` are on inside the block."""
    saved, saved_lemma = dict(mx.POST_NER_RULES), dict(LEMMA_RULES)
    mx.POST_NER_RULES.update({k: k in enabled for k in saved})
    LEMMA_RULES["backcheck"] = "lemma_backcheck" in enabled
    try:
        yield
    finally:
        mx.POST_NER_RULES.update(saved)
        LEMMA_RULES.update(saved_lemma)


def _mentions(doc, text: str, lang: str) -> list[dict]:
    return mx.extract_mentions(doc, "eval", text, lang, [0])


# -- lv: spans and lemmas ------------------------------------------------------------------


@dataclass
class UdTok:
    start: int  # offset in the paragraph
    end: int
    lemma: str
    head: int  # 1-based, within the sentence


def _conllu_index(paths: list[Path]) -> dict[str, tuple[str, list[tuple[str, str, int, bool]]]]:
    """sent_id -> (text, [(form, lemma, head, space_after)])."""
    out: dict[str, tuple[str, list[tuple[str, str, int, bool]]]] = {}
    for path in paths:
        for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
            sid, text, toks = "", "", []
            for line in block.split("\n"):
                if line.startswith("# sent_id ="):
                    sid = line.split("=", 1)[1].strip()
                elif line.startswith("# text ="):
                    text = line.split("=", 1)[1].strip()
                elif line and line[0].isdigit():
                    c = line.split("\t")
                    if c[0].isdigit():
                        toks.append((c[1], c[2], int(c[6]), "SpaceAfter=No" not in c[9]))
            if sid:
                out[sid] = (text, toks)
    return out


def _ud_tokens(record: dict, index: dict) -> list[list[UdTok]]:
    """CoNLL-U tokens of each sentence of a paragraph, with paragraph offsets."""
    out = []
    for sent in record.get("sentences") or []:
        got = index.get(sent.get("sent_id", ""))
        if got is None:
            continue
        pos, toks = sent["start"], []
        for form, lemma, head, _space in got[1]:
            at = record["text"].find(form, pos, sent["end"] + 1)
            if at < 0:
                toks = []
                break
            toks.append(UdTok(at, at + len(form), lemma, head))
            pos = at + len(form)
        if toks:
            out.append(toks)
    return out


def _gold_head(sents: list[list[UdTok]], start: int, end: int) -> UdTok | None:
    for toks in sents:
        inside = [i for i, t in enumerate(toks) if t.start >= start and t.end <= end]
        ids = {i + 1 for i in inside}
        heads = [toks[i] for i in inside if toks[i].head not in ids]
        if heads:
            return heads[-1]
    return None


def _lemma_word(row: dict, tok: UdTok) -> str:
    """The word of the mention's lemma at the gold head token (same word count) or its
    last word (a lexicon base name may differ in length)."""
    surface, lemma = row["surface"], row["lemma"]
    sw, lw = surface.split(), lemma.split()
    if len(sw) != len(lw):
        return lw[-1] if lw else ""
    rel = tok.start - row["start"]
    pos = 0
    for i, w in enumerate(sw):
        at = surface.find(w, pos)
        if at <= rel < at + len(w):
            return lw[i].split("-")[-1] if "-" in w and "-" not in tok.lemma else lw[i]
        pos = at + len(w)
    return lw[-1]


def load_lv(split: str) -> tuple[list[GoldDoc], dict[str, list[list[UdTok]]]]:
    groups = split_ids("lv", split)
    docs = [
        d
        for d in load_gold([GOLD_FILES["lv"]], lang="lv", genres=["news"], groups=groups)
        if d.has_ner
    ]
    keep = {d.doc_id for d in docs}
    index = _conllu_index([UD_TRAIN["lv"], UD_DEV["lv"]])
    toks: dict[str, list[list[UdTok]]] = {}
    with open(GOLD_FILES["lv"], encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["doc_id"] in keep:
                toks[rec["doc_id"]] = _ud_tokens(rec, index)
    return docs, toks


def score_lv(docs: list[GoldDoc], nlp_docs: list, toks: dict) -> dict:
    tp = n_pred = n_gold = 0
    lemma_ok = lemma_n = per_ok = per_n = 0
    errors: list[str] = []
    for gdoc, doc in zip(docs, nlp_docs, strict=True):
        rows = [r for r in _mentions(doc, gdoc.text, "lv") if r["label"] in LV_LABELS]
        gold = {(e.start, e.end): e.label for e in gdoc.entities if e.label in LV_LABELS}
        n_pred += len(rows)
        n_gold += len(gold)
        for r in rows:
            if gold.get((r["start"], r["end"])) == r["label"]:
                tp += 1
            if (r["start"], r["end"]) not in gold:
                continue
            head = _gold_head(toks.get(gdoc.doc_id, []), r["start"], r["end"])
            if head is None:
                continue
            ok = _lemma_word(r, head).casefold() == head.lemma.casefold()
            lemma_ok += ok
            lemma_n += 1
            if r["label"] == "PER":
                per_n += 1
                per_ok += ok
            if not ok and len(errors) < 40:
                errors.append(f"{r['surface']} -> {r['lemma']} (gold head {head.lemma})")
    p = tp / n_pred if n_pred else 0.0
    rc = tp / n_gold if n_gold else 0.0
    return {
        "docs": len(docs),
        "gold": n_gold,
        "predicted": n_pred,
        "span_p": p,
        "span_r": rc,
        "span_f1": _f1(p, rc),
        "lemma_head_acc": lemma_ok / lemma_n if lemma_n else 0.0,
        "lemma_n": lemma_n,
        "lemma_per_acc": per_ok / per_n if per_n else 0.0,
        "lemma_errors": errors,
    }


# -- en: clustering and linking with predicted mentions --------------------------------------


def _match(
    gm: GoldMention, rows: list[dict], text: str, used: set[int] | None = None
) -> dict | None:
    """The predicted mention for a gold mention: same span, or inside it and ending at the
    same place (gold 'NATO Secretary General Jens Stoltenberg' ~ predicted 'Jens
    Stoltenberg'; GUM spans include 'the' and titles). Rows in `used` are taken already."""
    used = used if used is not None else set()
    end = gm.end
    core = text[gm.start : gm.end]
    for suffix in ("'s", "’s", "'", "’"):
        if core.endswith(suffix):
            end -= len(suffix)
            break
    best = None
    for r in rows:
        if id(r) in used:
            continue
        if r["start"] == gm.start and r["end"] == gm.end:
            return r
        if gm.start <= r["start"] and r["end"] in (gm.end, end) and r["start"] < r["end"]:
            best = best or r
    return best


def match_one_to_one(mentions: list[GoldMention], rows: list[dict], text: str) -> list[dict | None]:
    """Each predicted mention answers for at most one gold mention: exact spans first, then
    the containment rule of `_match`. (Without this, the predicted *Russia* of GUM's nested
    *Yekaterinburg, Russia* / *Russia* was scored twice: right for the inner mention and
    wrong for the outer one.)"""
    used: set[int] = set()
    out: list[dict | None] = [None] * len(mentions)
    by_span = {(r["start"], r["end"]): r for r in rows}
    for i, gm in enumerate(mentions):
        r = by_span.get((gm.start, gm.end))
        if r is not None and id(r) not in used:
            out[i] = r
            used.add(id(r))
    for i, gm in enumerate(mentions):
        if out[i] is None:
            r = _match(gm, rows, text, used)
            if r is not None:
                out[i] = r
                used.add(id(r))
    return out


def score_en(docs: list[LinkDoc], nlp_docs: list) -> dict:
    scores = []
    matched = unmatched_pred_qid = n_pred = 0
    for gdoc, doc in zip(docs, nlp_docs, strict=True):
        rows = _mentions(doc, gdoc.text, "en")
        n_pred += len(rows)
        pred: list[str | None] = []
        used: set[int] = set()
        matches = match_one_to_one(gdoc.mentions, rows, gdoc.text)
        for i, r in enumerate(matches):
            if r is None:
                pred.append(f"__miss{i}")
                continue
            matched += 1
            used.add(id(r))
            pred.append(r["entity_id"])
        unmatched_pred_qid += sum(
            1 for r in rows if id(r) not in used and str(r["entity_id"]).startswith("Q")
        )
        scores.append(score_doc(gdoc, pred))
    out = aggregate(scores)
    n_gold = sum(len(d.mentions) for d in docs)
    out.update(
        {
            "gold_mentions_matched": matched / n_gold if n_gold else 0.0,
            "predicted_mentions": n_pred,
            "unmatched_predicted_with_qid": unmatched_pred_qid,
        }
    )
    return out


def load_en(split: str) -> list[LinkDoc]:
    ids = set(split_ids("en", split))
    return [d for d in load_link_gold(GOLD_FILES["en"]) if d.doc_id in ids]


# -- driver ----------------------------------------------------------------------------------


def evaluate_e2e(langs: tuple[str, ...] = ("lv", "en"), splits=("val", "udev")) -> dict:
    """{lang: {split: {variant: scores}}}; variants = no corrections, then each rule added."""
    from kronika.nlp import annotate

    order = [*mx.POST_NER_RULES, "lemma_backcheck"]
    variants = [("ner only", set())] + [
        (f"+ {name}", set(order[: i + 1])) for i, name in enumerate(order)
    ]
    report: dict = {}
    for lang in langs:
        report[lang] = {}
        for split in splits:
            if lang == "lv":
                docs, toks = load_lv(split)
                nlp_docs = annotate([d.text for d in docs], "lv")
            else:
                docs = load_en(split)
                nlp_docs = annotate([d.text for d in docs], "en")
            report[lang][split] = {}
            for name, enabled in variants:
                with rules(enabled):
                    if lang == "lv":
                        score = score_lv(docs, nlp_docs, toks)
                    else:
                        score = score_en(docs, nlp_docs)
                report[lang][split][name] = score
    return report


def render_markdown(report: dict) -> str:
    lines = []
    if "lv" in report:
        lines += [
            "lv (FullStack-LV news; PER/GPE/ORG/LOC; mentions after kronika.extract.mentions):",
            "",
            "| split | variant | docs | gold | predicted | span P | span R | span F1 |"
            " lemma head acc (n) | lemma PER acc |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for split, variants in report["lv"].items():
            for name, a in variants.items():
                lines.append(
                    f"| {split} | {name} | {a['docs']} | {a['gold']} | {a['predicted']} | "
                    f"{a['span_p']:.3f} | {a['span_r']:.3f} | {a['span_f1']:.3f} | "
                    f"{a['lemma_head_acc']:.3f} ({a['lemma_n']}) | {a['lemma_per_acc']:.3f} |"
                )
        lines.append("")
    if "en" in report:
        lines += [
            "en (GUM; clustering over gold name mentions with predicted mentions and ids):",
            "",
            "| split | variant | docs | gold mentions | matched | B³ P | B³ R | B³ F1 | MUC F1 |"
            " link P | link R | link R (in lexicon) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for split, variants in report["en"].items():
            for name, a in variants.items():
                lines.append(
                    f"| {split} | {name} | {a['docs']} | {a['mentions']} | "
                    f"{a['gold_mentions_matched']:.3f} | {a['b3_p']:.3f} | {a['b3_r']:.3f} | "
                    f"{a['b3_f1']:.3f} | {a['muc_f1']:.3f} | {a['link_p']:.3f} | "
                    f"{a['link_r']:.3f} | {a['link_r_in_lexicon']:.3f} |"
                )
    return "\n".join(lines)


if __name__ == "__main__":  # python -m kronika.evaluate.e2e [lv|en ...] [--errors]
    import sys

    langs = tuple(a for a in sys.argv[1:] if a in ("lv", "en")) or ("lv", "en")
    rep = evaluate_e2e(langs)
    print(render_markdown(rep))
    if "--errors" in sys.argv and "lv" in rep:
        for err in rep["lv"]["val"][list(rep["lv"]["val"])[-1]]["lemma_errors"]:
            print("  ", err)
