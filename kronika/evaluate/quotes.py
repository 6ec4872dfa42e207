"""Quote extraction scored on gold (docs/quality-quotes.md): detection, cues, speakers.

Gold (only documents the shipped models never trained on: the ``val_doc_ids`` of
``models/<lang>/split.json`` plus the documents of ``<lang>-dev.conllu``):

- **lv**: frame-derived quotes of ``gold/fullstack-lv/dev.jsonl`` (news paragraphs by
  default), restricted as its README says to the reported-speech frames (Statement, Telling,
  Communication, Communication_response, Communication_manner, Convey_importance,
  Affirm_or_deny) or ``direct``. Frame annotation is not exhaustive, so besides strict
  precision we report *judged* precision: a predicted quote that matches nothing counts as
  a false positive only when its cue is a gold frame target (of any frame); the rest are
  unjudged.
- **en**: eRST attribution relations of ``gold/gum-en/dev.jsonl`` (all genres).

Scores: detection precision/recall/F1 (a match = overlap of at least half of the shorter
span, one-to-one, best overlap first); cue accuracy (matched quotes with a gold cue whose
predicted cue overlaps it); speaker accuracy (matched quotes with a gold speaker and a
predicted speaker evidence span: the spans overlap) and speaker coverage (share of matched
quotes with a gold speaker that have a predicted speaker span). The baseline takes every
outermost quotation-mark pair as a quote, with no cue and no speaker.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kronika.evaluate.run import GOLD_FILES, UD_DEV, conllu_doc_ids
from kronika.extract.base import AnnotatedArticle
from kronika.extract.quote_marks import find_quote_pairs
from kronika.nlp import model_dir

REPORTED_SPEECH_FRAMES = {
    "Statement",
    "Telling",
    "Communication",
    "Communication_response",
    "Communication_manner",
    "Convey_importance",
    "Affirm_or_deny",
}
DEFAULT_GENRES: dict[str, list[str] | None] = {"lv": ["news"], "en": None}
Span = tuple[int, int]


@dataclass
class GoldQuote:
    span: Span
    cue: Span | None
    speaker: Span | None
    text: str


@dataclass
class QuoteDoc:
    doc_id: str
    genre: str
    text: str
    sentences: list[Span]
    quotes: list[GoldQuote]
    targets: list[Span] = field(default_factory=list)  # every gold frame target (lv)
    group_id: str = ""


def validation_ids(lang: str) -> set[str]:
    manifest = json.loads((model_dir(lang) / "split.json").read_text(encoding="utf-8"))
    return set(manifest["val_doc_ids"]) | set(conllu_doc_ids(UD_DEV[lang]))


def lexicon_heldout_ids(lang: str) -> set[str] | None:
    """Documents held out while the cue lexicon was grown (lv only; None elsewhere)."""
    path = resources.files("kronika.extract").joinpath(f"data/quote_lexicon_heldout_{lang}.txt")
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return {x.strip() for x in lines if x.strip() and not x.startswith("#")}


def _span(q: dict, key: str) -> Span | None:
    s, e = q.get(f"{key}_start"), q.get(f"{key}_end")
    return (s, e) if s is not None and e is not None else None


def load_quote_gold(
    lang: str,
    path: Path | None = None,
    genres: list[str] | None = None,
    ids: set[str] | None = None,
) -> list[QuoteDoc]:
    """Validation documents of the gold file with their reported-speech quotes."""
    path = path or GOLD_FILES[lang]
    ids = validation_ids(lang) if ids is None else ids
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            group = rec.get("group_id") or rec["doc_id"]
            if group not in ids and rec["doc_id"] not in ids:
                continue
            if genres and rec.get("genre") not in genres:
                continue
            quotes = [
                GoldQuote((q["start"], q["end"]), _span(q, "cue"), _span(q, "speaker"), q["text"])
                for q in rec.get("quotes") or []
                if lang != "lv" or q.get("frame") in REPORTED_SPEECH_FRAMES or q.get("direct")
            ]
            targets = [(f["target_start"], f["target_end"]) for f in rec.get("frames") or []]
            sents = [(s["start"], s["end"]) for s in rec.get("sentences") or []]
            docs.append(QuoteDoc(rec["doc_id"], rec.get("genre", ""), rec["text"], sents, quotes))
            docs[-1].targets = targets
            docs[-1].group_id = group
    return docs


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _matches(pred: Span, gold: Span) -> bool:
    shorter = min(pred[1] - pred[0], gold[1] - gold[0])
    return shorter > 0 and _overlap(pred, gold) >= 0.5 * shorter


def match(preds: list[dict], gold: list[GoldQuote]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs, best overlap first."""
    cands = [
        (_overlap((p["start"], p["end"]), g.span), i, j)
        for i, p in enumerate(preds)
        for j, g in enumerate(gold)
        if _matches((p["start"], p["end"]), g.span)
    ]
    used_p, used_g, out = set(), set(), []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def score(pairs: list[tuple[list[dict], QuoteDoc]]) -> dict:
    tp = n_pred = n_gold = unjudged = 0
    cue_n = cue_ok = spk_gold = spk_pred = spk_ok = 0
    for preds, doc in pairs:
        matched = match(preds, doc.quotes)
        tp += len(matched)
        n_pred += len(preds)
        n_gold += len(doc.quotes)
        hit = {i for i, _ in matched}
        for i, p in enumerate(preds):
            if i in hit:
                continue
            cue = (p["cue_start"], p["cue_end"]) if p.get("cue_start") is not None else None
            if doc.targets is not None and not (cue and any(_overlap(cue, t) for t in doc.targets)):
                unjudged += 1
        for i, j in matched:
            p, g = preds[i], doc.quotes[j]
            if g.cue:
                cue_n += 1
                pc = (p["cue_start"], p["cue_end"]) if p.get("cue_start") is not None else None
                cue_ok += bool(pc and _overlap(pc, g.cue))
            if g.speaker:
                spk_gold += 1
                if p.get("speaker_start") is not None:
                    spk_pred += 1
                    spk_ok += bool(_overlap((p["speaker_start"], p["speaker_end"]), g.speaker))
    precision, recall = _ratio(tp, n_pred), _ratio(tp, n_gold)
    f1 = round(2 * precision * recall / (precision + recall), 4) if tp else 0.0
    counts = [(len(match(preds, doc.quotes)), len(preds), len(doc.quotes)) for preds, doc in pairs]
    judged = n_pred - unjudged
    return {
        "docs": len(pairs),
        "gold": n_gold,
        "pred": n_pred,
        "tp": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "f1_ci95": bootstrap_f1(counts),
        "judged_precision": _ratio(tp, judged),
        "unjudged": unjudged,
        "cue_accuracy": _ratio(cue_ok, cue_n),
        "cue_n": cue_n,
        "speaker_accuracy": _ratio(spk_ok, spk_pred),
        "speaker_coverage": _ratio(spk_pred, spk_gold),
        "speaker_n": spk_gold,
    }


def bootstrap_f1(counts: list[tuple[int, int, int]], rounds: int = 1000) -> list[float]:
    """95 % interval of detection F1, resampling documents (seeded: the same every run)."""
    if not counts:
        return [0.0, 0.0]
    rng = random.Random(0)
    f1s = []
    for _ in range(rounds):
        sample = [counts[rng.randrange(len(counts))] for _ in counts]
        tp, n_pred, n_gold = (sum(c[k] for c in sample) for k in range(3))
        f1s.append(2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0)
    f1s.sort()
    return [round(f1s[int(0.025 * rounds)], 3), round(f1s[int(0.975 * rounds) - 1], 3)]


def baseline_quotes(text: str) -> list[dict]:
    """Quotation marks only: every outermost pair is a quote, no cue, no speaker."""
    rows = []
    for pair in find_quote_pairs(text).pairs:
        s, e = pair.content
        if text[s:e].strip():
            rows.append({"start": s, "end": e, "cue_start": None, "speaker_start": None})
    return rows


def annotate_docs(docs: list[QuoteDoc], lang: str) -> list[AnnotatedArticle]:
    from kronika.extract.mentions import extract_mentions
    from kronika.nlp import annotate
    from kronika.text.sentences import split_sentences

    nlp_docs = annotate([d.text for d in docs], lang)
    arts = []
    for d, nd in zip(docs, nlp_docs, strict=True):
        aid = hashlib.sha256(d.doc_id.encode()).hexdigest()[:16]
        sents = split_sentences(d.text)
        mentions = extract_mentions(nd, aid, d.text, lang, [s for s, _ in sents])
        arts.append(AnnotatedArticle(aid, d.text, lang, nd, sents, rows={"mentions": mentions}))
    return arts


def misses(pairs: list[tuple[list[dict], QuoteDoc]], limit: int = 12) -> dict[str, list[str]]:
    """Examples to read: gold quotes found by nothing, predictions matching nothing, and
    matched quotes whose speaker is wrong."""
    out: dict[str, list[str]] = {
        "missed": [],
        "spurious": [],
        "wrong_speaker": [],
        "no_speaker": [],
    }
    for preds, doc in pairs:
        matched = match(preds, doc.quotes)
        hit_p, hit_g = {i for i, _ in matched}, {j for _, j in matched}
        t = doc.text
        for j, g in enumerate(doc.quotes):
            if j not in hit_g and len(out["missed"]) < limit:
                cue = t[g.cue[0] : g.cue[1]] if g.cue else "-"
                out["missed"].append(f"{doc.doc_id}: [{cue}] {g.text[:90]}")
        for i, p in enumerate(preds):
            if i not in hit_p and len(out["spurious"]) < limit:
                out["spurious"].append(f"{doc.doc_id}: [{p.get('cue')}] {p['text'][:90]}")
        for i, j in matched:
            p, g = preds[i], doc.quotes[j]
            if g.speaker and p.get("speaker_start") is None and len(out["no_speaker"]) < limit:
                gs = t[g.speaker[0] : g.speaker[1]]
                out["no_speaker"].append(
                    f"{doc.doc_id}: gold '{gs}' / ours {p.get('attribution')} [{p.get('cue')}]"
                    f" {t[max(0, p['start'] - 60) : p['start']]!r}"
                )
            wrong = (
                g.speaker
                and p.get("speaker_start") is not None
                and not _overlap((p["speaker_start"], p["speaker_end"]), g.speaker)
            )
            if wrong and len(out["wrong_speaker"]) < limit:
                gs = t[g.speaker[0] : g.speaker[1]]
                out["wrong_speaker"].append(
                    f"{doc.doc_id}: gold '{gs}' / ours '{p.get('speaker_text')}'"
                    f" ({p.get('attribution')}) [{p.get('cue')}]"
                )
    return out


def evaluate_quotes(
    lang: str,
    gold_path: Path | None = None,
    genres: list[str] | str | None = "default",
    extract: Callable[[AnnotatedArticle], list[dict]] | None = None,
) -> dict[str, Any]:
    """Scores of the quotes extractor and of the quotation-marks baseline on `lang`."""
    from kronika.extract.quotes import extract_quotes

    extract = extract or extract_quotes
    genre_list = DEFAULT_GENRES.get(lang) if genres == "default" else genres
    docs = load_quote_gold(lang, gold_path, genre_list)  # type: ignore[arg-type]
    if lang == "en":
        for d in docs:
            d.targets = None  # type: ignore[assignment]  # attribution layer is exhaustive
    arts = annotate_docs(docs, lang)
    ours = [(extract(a), d) for a, d in zip(arts, docs, strict=True)]
    base = [(baseline_quotes(d.text), d) for d in docs]
    result = {
        "lang": lang,
        "genres": genre_list or "all",
        "gold_file": str(gold_path or GOLD_FILES[lang]),
        "system": score(ours),
        "baseline": score(base),
        "by_kind": _by_kind(ours),
        "misses": misses(ours),
    }
    held = lexicon_heldout_ids(lang)
    if held is not None and gold_path is None:
        keep = [i for i, d in enumerate(docs) if d.group_id in held or d.doc_id in held]
        result["lexicon_heldout"] = {
            "system": score([ours[i] for i in keep]),
            "baseline": score([base[i] for i in keep]),
        }
    result["markdown"] = to_markdown(result)
    return result


def _by_kind(pairs: list[tuple[list[dict], QuoteDoc]]) -> dict[str, dict]:
    out = {}
    for kind in ("direct", "indirect", "mixed"):
        tp = n = 0
        for preds, doc in pairs:
            sub = [p for p in preds if p.get("kind") == kind]
            n += len(sub)
            tp += len(match(sub, doc.quotes))
        out[kind] = {"pred": n, "matched": tp}
    return out


def to_markdown(res: dict) -> str:
    cols = [
        ("precision", "P"),
        ("judged_precision", "P (judged)"),
        ("recall", "R"),
        ("f1", "F1"),
        ("f1_ci95", "F1 95% CI"),
        ("cue_accuracy", "cue acc"),
        ("speaker_accuracy", "speaker acc"),
        ("speaker_coverage", "speaker cov"),
    ]
    lines = [
        f"### Quotes, {res['lang']} (genres: {res['genres']})",
        "",
        "| system | docs | gold | pred | " + " | ".join(c[1] for c in cols) + " |",
        "|---" * (4 + len(cols)) + "|",
    ]
    rows = [("system", res["system"], ""), ("baseline", res["baseline"], "")]
    if "lexicon_heldout" in res:
        rows += [(k, v, " [lexicon held out]") for k, v in res["lexicon_heldout"].items()]
    for name, s, tag in rows:
        label = ("quotes.rules.v1" if name == "system" else "baseline (marks only)") + tag
        # judged precision needs cues; the baseline has none (all its misses are unjudged)
        vals = " | ".join(
            "–"
            if name == "baseline" and c[0] == "judged_precision"
            else f"{s[c[0]][0]:.2f}–{s[c[0]][1]:.2f}"
            if c[0] == "f1_ci95"
            else f"{s[c[0]]:.3f}"
            for c in cols
        )
        lines.append(f"| {label} | {s['docs']} | {s['gold']} | {s['pred']} | {vals} |")
    sysr = res["system"]
    lines += [
        "",
        f"Cue accuracy over {sysr['cue_n']} matched quotes with a gold cue; speaker scores over "
        f"{sysr['speaker_n']} matched quotes with a gold speaker. Unjudged predictions "
        f"(lv: cue not a gold frame target): {sysr['unjudged']}."
        + (
            " [lexicon held out] = only the documents held out while the cue lexicon was"
            " grown (kronika/extract/data/quote_lexicon_heldout_lv.txt); the rules were tuned"
            " on their misses, the other validation documents fed the lexicon."
            if "lexicon_heldout" in res
            else ""
        ),
        "By kind (predicted / matched): "
        + ", ".join(f"{k} {v['pred']}/{v['matched']}" for k, v in res["by_kind"].items()),
    ]
    return "\n".join(lines) + "\n"
