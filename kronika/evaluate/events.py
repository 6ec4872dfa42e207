"""Scoring the event extractor: Latvian against FrameNet frames, English against PLOVER gold.

**lv** — the news paragraphs of ``gold/fullstack-lv/dev.jsonl`` whose source text is in the
validation set (``val_doc_ids`` of ``models/lv/split.json`` plus the documents of
``lv-dev.conllu``), through the FrameNet -> PLOVER crosswalk
(``kronika/extract/data/framenet_plover.tsv``):

- trigger recall: gold targets of crosswalked frames that a predicted trigger overlaps;
- type accuracy: of those, the share whose predicted PLOVER type is the crosswalked one;
- precision: of the predicted triggers that overlap *any* annotated frame target, the share
  whose frame crosswalks to the predicted type (frame annotation is not exhaustive, so a
  trigger on an unannotated word counts neither way);
- actor / target / place / time accuracy on matched triggers whose frame has that element:
  the role's evidence span covers the element's head token (``head``), or lies inside the
  element (``span``). A null role is wrong.

**en** — the 322 records of ``gold/plover-en`` (old categories remapped, ``OLD_CATEGORIES``),
one sentence each: a sentence is matched when a predicted trigger overlaps an ``(EVT: …)``
word; type accuracy on matched sentences; actor/target accuracy: the evidence overlaps a
``(SRC: …)`` / ``(TAR: …)`` span.

Both report a keyword baseline: any token whose lemma is in the trigger lexicon is an event
of the lexicon's type, the actor is the nearest name before it in the sentence and the target
the nearest name after it (co-occurrence, no parse).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kronika.extract import events as ev
from kronika.extract.base import AnnotatedArticle
from kronika.extract.mentions import extract_mentions

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
LV_GOLD = SHARED / "gold/fullstack-lv/dev.jsonl"
EN_GOLD = SHARED / "gold/plover-en/PLOVER_GSR_CAMEO.json"
# PLOVER 0.5b1 categories of the gold records -> the 16 types of the PLOVER manual draft 2.0.
OLD_CATEGORIES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# FrameNet elements that name the doer and the one done to (frames of the crosswalk).
ACTOR_FES = {
    "Agent", "Helper", "Communicator", "Supplier", "Speaker", "Side_1", "Sides", "Authorities",
    "Partner_1", "Partners", "Parties", "Party_1", "Supporter", "Interlocutor_1", "Interlocutors",
    "Assailant", "Signatory", "Killer", "Protester", "Invader", "Arraign_authority",
    "Capitulator", "Court", "Donor",
}  # fmt: skip
TARGET_FES = {
    "Benefited_party", "Evaluee", "Recipient", "Addressee", "Entity", "Interlocutor", "Side_2",
    "Suspect", "Partner_2", "Party_2", "Supported", "Interlocutor_2", "Prisoner", "Victim",
    "Accused", "Convict", "Land", "Compeller",
}  # fmt: skip
ROLE_FES = {"actor": ACTOR_FES, "target": TARGET_FES, "location": {"Place"}, "date": {"Time"}}
TARGETS = {"recall": 0.60, "type_accuracy": 0.80, "precision": 0.75, "actor_accuracy": 0.65}


# -- crosswalk -------------------------------------------------------------------------------


def load_crosswalk() -> dict[tuple[str, str], str]:
    """(frame, lemma or '*') -> PLOVER type."""
    return {(r["frame"], r["lemma"]): r["plover_type"] for r in ev._read_tsv("framenet_plover.tsv")}


def crosswalk_type(frame: str, lemma: str, table: dict[tuple[str, str], str]) -> str | None:
    return table.get((frame, lemma)) or table.get((frame, "*"))


# -- prediction ------------------------------------------------------------------------------


def annotate_articles(
    texts: list[str], sentences: list[list[tuple[int, int]]], lang: str
) -> list[AnnotatedArticle]:
    from kronika.nlp import annotate

    docs = annotate(texts, lang)
    out = []
    for i, (text, doc, sents) in enumerate(zip(texts, docs, sentences, strict=True)):
        article_id = f"{i:016x}"
        mentions = extract_mentions(doc, article_id, text, lang, [s for s, _ in sents] or [0])
        out.append(
            AnnotatedArticle(
                article_id, text, lang, doc, sents or [(0, len(text))], None, {"mentions": mentions}
            )
        )
    return out


def keyword_baseline(article: AnnotatedArticle) -> list[dict]:
    """Lexicon lemmas anywhere, nearest names around them: the co-occurrence coder."""
    table = ev.load_triggers(article.lang)
    names = sorted(
        (m for m in article.mentions if m["label"] in ev.ACTOR_LABELS), key=lambda m: m["start"]
    )
    rows = []
    for tok in article.doc:
        entries = table.get(tok.lemma_.lower())
        if not entries:
            continue
        start, end = tok.idx, tok.idx + len(tok.text)
        s0, s1 = article.sentences[article.sentence_index(start)]
        before = [m for m in names if s0 <= m["start"] and m["end"] <= start]
        after = [m for m in names if m["start"] >= end and m["end"] <= s1]
        actor = before[-1] if before else None
        target = after[0] if after else None
        rows.append(
            {
                "trigger_start": start,
                "trigger_end": end,
                "plover_type": entries[0].plover_type,
                "actor_start": actor["start"] if actor else None,
                "actor_end": actor["end"] if actor else None,
                "target_start": target["start"] if target else None,
                "target_end": target["end"] if target else None,
                "location_start": None,
                "location_end": None,
                "date_start": None,
                "date_end": None,
            }
        )
    return rows


# -- scoring helpers -------------------------------------------------------------------------


def _overlaps(a0: int | None, a1: int | None, b0: int, b1: int) -> bool:
    return a0 is not None and a1 is not None and a0 < b1 and b0 < a1


@dataclass
class Tally:
    gold: int = 0
    matched: int = 0
    type_ok: int = 0
    pred_on_frames: int = 0
    pred_ok: int = 0
    roles: dict[str, list[int]] = field(default_factory=dict)  # role -> [n, head_ok, span_ok]
    per_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [gold, matched, ok]

    def role(self, name: str, head_ok: bool, span_ok: bool) -> None:
        n = self.roles.setdefault(name, [0, 0, 0])
        n[0] += 1
        n[1] += head_ok
        n[2] += head_ok or span_ok


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def _summary(t: Tally) -> dict:
    out: dict[str, Any] = {
        "gold_targets": t.gold,
        "matched": t.matched,
        "recall": _ratio(t.matched, t.gold),
        "type_accuracy": _ratio(t.type_ok, t.matched),
        "predicted_on_frames": t.pred_on_frames,
        "precision": _ratio(t.pred_ok, t.pred_on_frames),
    }
    for role, (n, head, span) in sorted(t.roles.items()):
        out[f"{role}_n"] = n
        out[f"{role}_accuracy"] = _ratio(span, n)
        out[f"{role}_accuracy_head"] = _ratio(head, n)
    out["per_type"] = {
        k: {"gold": g, "matched": m, "type_ok": ok} for k, (g, m, ok) in sorted(t.per_type.items())
    }
    return out


# -- lv --------------------------------------------------------------------------------------


def validation_groups() -> set[str]:
    from kronika.evaluate.e2e import split_ids

    return set(split_ids("lv", "val")) | set(split_ids("lv", "udev"))


def load_lv(path: Path = LV_GOLD, groups: set[str] | None = None) -> list[dict]:
    groups = validation_groups() if groups is None else groups
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if rec.get("genre") == "news" and rec.get("group_id") in groups:
                    out.append(rec)
    return out


def score_lv_doc(rec: dict, rows: list[dict], table: dict, tally: Tally) -> None:
    frames = rec["frames"]
    for f in frames:
        gold_type = crosswalk_type(f["frame"], f["lemma"], table)
        if gold_type is None:
            continue
        tally.gold += 1
        per = tally.per_type.setdefault(gold_type, [0, 0, 0])
        per[0] += 1
        hits = [
            r
            for r in rows
            if _overlaps(r["trigger_start"], r["trigger_end"], f["target_start"], f["target_end"])
        ]
        if not hits:
            continue
        row = hits[0]
        tally.matched += 1
        per[1] += 1
        ok = row["plover_type"] == gold_type
        tally.type_ok += ok
        per[2] += ok
        for role, fes in ROLE_FES.items():
            elements = [e for e in f["elements"] if e["role"] in fes]
            if not elements:
                continue
            s, e = row.get(f"{role}_start"), row.get(f"{role}_end")
            head_ok = any(_overlaps(s, e, el["head_start"], el["head_end"]) for el in elements)
            span_ok = any(s is not None and el["start"] <= s and e <= el["end"] for el in elements)
            tally.role(role, head_ok, span_ok)
    for row in rows:
        on = [
            f
            for f in frames
            if _overlaps(
                row["trigger_start"], row["trigger_end"], f["target_start"], f["target_end"]
            )
        ]
        if not on:
            continue
        tally.pred_on_frames += 1
        tally.pred_ok += any(
            crosswalk_type(f["frame"], f["lemma"], table) == row["plover_type"] for f in on
        )


def lexicon_heldout_groups() -> set[str]:
    """Source texts no one looked at while the Latvian lexicon and crosswalk were grown."""
    raw = ev._read_data("event_lexicon_heldout_lv.txt")
    return {line.strip() for line in raw.splitlines() if line.strip() and line[0] != "#"}


def evaluate_lv(path: Path = LV_GOLD, groups: set[str] | None = None) -> dict:
    """Scores on the validation documents (``groups``, default: the current validation set).

    ``clean`` keeps only those also held out while the lexicon was grown; when the validation
    set has grown since (a retrained model with a larger split), ``all`` adds the rest, which
    the lexicon was developed on."""
    groups = validation_groups() if groups is None else groups
    clean_groups = groups & lexicon_heldout_groups()
    recs = load_lv(path, groups)
    table = load_crosswalk()
    sents = [[(s["start"], s["end"]) for s in r.get("sentences") or []] for r in recs]
    articles = annotate_articles([r["text"] for r in recs], sents, "lv")
    tallies = {k: (Tally(), Tally()) for k in ("clean", "all")}
    errors: list[str] = []
    clean_docs = 0
    for rec, art in zip(recs, articles, strict=True):
        rows, base = ev.extract_events(art), keyword_baseline(art)
        keys = ["all"] + (["clean"] if rec["group_id"] in clean_groups else [])
        clean_docs += "clean" in keys
        for key in keys:
            score_lv_doc(rec, rows, table, tallies[key][0])
            score_lv_doc(rec, base, table, tallies[key][1])
        if "clean" in keys:
            errors.extend(_lv_misses(rec, rows, table))
    return {
        "documents": clean_docs,
        "rules": _summary(tallies["clean"][0]),
        "baseline": _summary(tallies["clean"][1]),
        "all_validation": {
            "documents": len(recs),
            "seen_while_growing_lexicon": len(recs) - clean_docs,
            "rules": _summary(tallies["all"][0]),
            "baseline": _summary(tallies["all"][1]),
        },
        "misses": errors[:40],
    }


def _lv_misses(rec: dict, rows: list[dict], table: dict) -> list[str]:
    out = []
    for f in rec["frames"]:
        gold_type = crosswalk_type(f["frame"], f["lemma"], table)
        if gold_type is None:
            continue
        hit = [
            r
            for r in rows
            if _overlaps(r["trigger_start"], r["trigger_end"], f["target_start"], f["target_end"])
        ]
        got = hit[0]["plover_type"] if hit else "-"
        if got != gold_type:
            out.append(
                f"{rec['doc_id']}: {f['target_text']} ({f['frame']}) gold {gold_type} got {got}"
            )
    return out


# -- en --------------------------------------------------------------------------------------

_TAG = re.compile(r"\((SRC/TAR|SRC|TAR|EVT):\s*([^()]*?)\)")


def _find_words(text: str, words: str, cursor: int) -> list[tuple[int, int]]:
    """Where the marked words are in the plain text: the whole run if it is there, else each
    word of three or more letters (the markup drops and reorders words now and then)."""
    for begin in (cursor, 0):
        at = text.find(words, begin)
        if at >= 0:
            return [(at, at + len(words))]
    out = []
    for w in re.findall(r"[\w'-]{3,}", words):
        at = text.find(w, cursor)
        at = at if at >= 0 else text.find(w)
        if at >= 0:
            out.append((at, at + len(w)))
    return out


def parse_markup(text: str, markup: str) -> dict[str, list[tuple[int, int]]]:
    """Offsets in `text` of the SRC / TAR / EVT words of the record's markup (SRC/TAR counts as
    both). The markup is not always the text plus tags, so the words are looked up."""
    spans: dict[str, list[tuple[int, int]]] = {"SRC": [], "TAR": [], "EVT": []}
    cursor = 0
    for m in _TAG.finditer(markup):
        words = m.group(2).replace("...", " ").strip()
        if not words:
            continue
        found = _find_words(text, words, cursor)
        for tag in m.group(1).split("/"):
            spans[tag].extend(found)
        if found:
            cursor = found[-1][1]
    return spans


def load_en(path: Path = EN_GOLD) -> list[dict]:
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in records:
        info = r.get("textInfo")
        if r.get("event") in (None, "DOCUMENT") or not info or not r.get("text"):
            continue
        text = r["text"]
        spans = parse_markup(text, info["markup"] if isinstance(info, dict) else str(info))
        out.append(
            {
                "id": r["id"],
                "text": text,
                "type": OLD_CATEGORIES.get(r["event"], r["event"]),
                "spans": spans,
            }
        )
    return out


# PLOVER 0.5b1 (the gold's version) codes a stated intention to cooperate as AGREE and one to
# do harm as THREATEN; the current manual keeps the act's own type and marks it future, as
# events.rules.v1 does (modality `planned`). The intent-aware score accepts either.
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "AGREE"}
HOSTILE = {"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST", "REJECT", "RETREAT"}


def _intent_match(row: dict, gold_type: str) -> bool:
    if row.get("modality") not in ("planned", "hypothetical"):
        return False
    return (gold_type == "AGREE" and row["plover_type"] in COOPERATIVE) or (
        gold_type == "THREATEN" and row["plover_type"] in HOSTILE
    )


def _score_en(recs: list[dict], preds: list[list[dict]]) -> dict:
    n = matched = type_ok = intent_ok = 0
    roles = {"actor": [0, 0], "target": [0, 0]}
    per_type: dict[str, list[int]] = {}
    for rec, rows in zip(recs, preds, strict=True):
        n += 1
        per = per_type.setdefault(rec["type"], [0, 0, 0])
        per[0] += 1
        evt = rec["spans"]["EVT"]
        hits = [
            r
            for r in rows
            if any(_overlaps(r["trigger_start"], r["trigger_end"], a, b) for a, b in evt)
        ]
        if not hits:
            continue
        matched += 1
        per[1] += 1
        row = next((r for r in hits if r["plover_type"] == rec["type"]), hits[0])
        ok = row["plover_type"] == rec["type"]
        type_ok += ok
        per[2] += ok
        intent_ok += ok or _intent_match(row, rec["type"])
        for role, tag in (("actor", "SRC"), ("target", "TAR")):
            if rec["spans"][tag]:
                roles[role][0] += 1
                roles[role][1] += any(
                    _overlaps(row[f"{role}_start"], row[f"{role}_end"], a, b)
                    for a, b in rec["spans"][tag]
                )
    out: dict[str, Any] = {
        "sentences": n,
        "matched": matched,
        "recall": _ratio(matched, n),
        "type_accuracy": _ratio(type_ok, matched),
        "type_accuracy_intent": _ratio(intent_ok, matched),
    }
    for role, (k, ok) in roles.items():
        out[f"{role}_n"] = k
        out[f"{role}_accuracy"] = _ratio(ok, k)
    out["per_type"] = {
        k: {"gold": g, "matched": m, "type_ok": ok} for k, (g, m, ok) in sorted(per_type.items())
    }
    return out


def evaluate_en(path: Path = EN_GOLD) -> dict:
    recs = load_en(path)
    articles = annotate_articles([r["text"] for r in recs], [[] for _ in recs], "en")
    rules = [ev.extract_events(a) for a in articles]
    base = [keyword_baseline(a) for a in articles]
    return {"rules": _score_en(recs, rules), "baseline": _score_en(recs, base)}


# -- report ----------------------------------------------------------------------------------


def evaluate_events(langs: tuple[str, ...] = ("lv", "en")) -> dict:
    """Scores per language (a language whose gold is absent is skipped with a reason)."""
    from kronika.nlp import model_versions

    report: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "targets": TARGETS,
        "models": model_versions(),
    }
    if "lv" in langs:
        report["lv"] = evaluate_lv() if LV_GOLD.exists() else {"skipped": f"{LV_GOLD} absent"}
    if "en" in langs:
        report["en"] = evaluate_en() if EN_GOLD.exists() else {"skipped": f"{EN_GOLD} absent"}
    return report


def _f(x: float) -> str:
    return f"{x:.3f}"


def render_markdown(report: dict) -> str:
    models = ", ".join(f"{k}: {v}" for k, v in sorted((report.get("models") or {}).items()))
    lines: list[str] = [f"Pipelines: {models}.", ""] if models else []
    lv = report.get("lv")
    if lv and "skipped" not in lv:
        lines += [
            f"Latvian: {lv['documents']} validation news paragraphs of FullStack-LV held out "
            "while the lexicon was grown, "
            "FrameNet frames through `framenet_plover.tsv`. Role accuracy: evidence covers "
            "the element's head or lies inside the element (head only in brackets).",
            "",
            "| coder | gold targets | recall | type acc. | precision (n) | actor | target "
            "| place | time |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name in ("rules", "baseline"):
            s = lv[name]
            roles = [
                f"{_f(s.get(f'{r}_accuracy', 0))} ({_f(s.get(f'{r}_accuracy_head', 0))}, "
                f"n={s.get(f'{r}_n', 0)})"
                for r in ("actor", "target", "location", "date")
            ]
            lines.append(
                f"| {'events.rules.v1' if name == 'rules' else 'keyword baseline'} "
                f"| {s['gold_targets']} | {_f(s['recall'])} | {_f(s['type_accuracy'])} "
                f"| {_f(s['precision'])} ({s['predicted_on_frames']}) | " + " | ".join(roles) + " |"
            )
        extra = lv.get("all_validation") or {}
        if extra.get("seen_while_growing_lexicon"):
            a = extra["rules"]
            lines.append(
                f"| events.rules.v1, all {extra['documents']} validation paragraphs "
                f"({extra['seen_while_growing_lexicon']} seen while growing the lexicon) "
                f"| {a['gold_targets']} | {_f(a['recall'])} | {_f(a['type_accuracy'])} "
                f"| {_f(a['precision'])} ({a['predicted_on_frames']}) "
                f"| {_f(a.get('actor_accuracy', 0))} ({_f(a.get('actor_accuracy_head', 0))}, "
                f"n={a.get('actor_n', 0)}) | {_f(a.get('target_accuracy', 0))} | | |"
            )
        lines += _per_type_table("lv", lv["rules"]["per_type"])
    en = report.get("en")
    if en and "skipped" not in en:
        lines += [
            "English: the PLOVER gold records (CAMEO manual sentences, old categories remapped).",
            "",
            "| coder | sentences | trigger found | type acc. | type acc., intent-aware "
            "| actor acc. (n) | target acc. (n) |",
            "|---|---|---|---|---|---|---|",
        ]
        for name in ("rules", "baseline"):
            s = en[name]
            lines.append(
                f"| {'events.rules.v1' if name == 'rules' else 'keyword baseline'} "
                f"| {s['sentences']} | {_f(s['recall'])} | {_f(s['type_accuracy'])} "
                f"| {_f(s['type_accuracy_intent'])} | {_f(s['actor_accuracy'])} ({s['actor_n']}) "
                f"| {_f(s['target_accuracy'])} ({s['target_n']}) |"
            )
        lines += _per_type_table("en", en["rules"]["per_type"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m kronika.evaluate.events [--json PATH] [lv] [en]``: print the markdown
    section (the numbers of docs/quality-events.md) and optionally write the JSON report."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    json_path = None
    if "--json" in args:
        at = args.index("--json")
        json_path = Path(args[at + 1])
        del args[at : at + 2]
    report = evaluate_events(tuple(args) or ("lv", "en"))
    if json_path is not None:
        json_path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print("## Events\n")
    print(render_markdown(report))


if __name__ == "__main__":
    main()


def _per_type_table(lang: str, per_type: dict[str, dict]) -> list[str]:
    """Markdown rows: gold, matched and correctly typed triggers per PLOVER type."""
    lines = ["", f"| PLOVER type ({lang}) | gold | matched | type correct |", "|---|---|---|---|"]
    for k, v in per_type.items():
        lines.append(f"| {k} | {v['gold']} | {v['matched']} | {v['type_ok']} |")
    return [*lines, ""]
