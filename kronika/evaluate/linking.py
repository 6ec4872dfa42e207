"""Scoring of entity linking: within-document clustering and Wikidata linking (GUM, English).

Input: ``../shared/data/gold/gum-en/dev.jsonl``. Its ``entities`` are the PROPN-headed
mentions (our proxy for names) with GUM's coreference cluster (``entity_id``) and, where
GUM wikifies them, a Wikidata id. We feed the gold spans and mapped labels to the same code
the pipeline uses (``span_rows`` + ``assign_entities``), so this measures linking alone,
not NER.

- Clustering: B-cubed and MUC over the gold mentions of each document (micro-averaged over
  mentions / links), with two baselines (all singletons; same normalised string).
- Linking: mention level, precision = correct QIDs / mentions given a QID, recall = correct /
  gold mentions with a QID; also recall limited to gold QIDs the lexicon contains.
- Validation discipline: documents are split by ``sha256("kronika-link\\t" + doc_id)``; the
  even half was used to tune the rules (``tune``), the odd half only for the report
  (``report``). Both are printed.

Pure functions; the CLI hook only loads the file and prints ``render_markdown``.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kronika.extract.mentions import span_rows
from kronika.labels import map_label
from kronika.link.coref import assign_entities
from kronika.link.lexicon import load_lexicon, normalise

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / ".." / "shared/data/gold/gum-en/dev.jsonl"


@dataclass
class GoldMention:
    start: int
    end: int
    label: str
    cluster: str
    qid: str | None


@dataclass
class LinkDoc:
    doc_id: str
    genre: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)


def split_of(doc_id: str) -> str:
    """``tune`` or ``report`` (fixed hash split of the GUM dev documents)."""
    h = int(hashlib.sha256(f"kronika-link\t{doc_id}".encode()).hexdigest()[:8], 16)
    return "tune" if h % 2 == 0 else "report"


def load_link_gold(path: str | Path, dataset: str = "gum-en") -> list[LinkDoc]:
    """GUM records -> documents with name mentions, clusters and QIDs (labels mapped to
    Kronika's; GUM's ``time`` mentions dropped). kronika.evaluate.gold keeps neither the
    cluster ids nor the QIDs, hence this small reader."""
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            doc = LinkDoc(rec["doc_id"], rec.get("genre") or "", rec["text"])
            for ent in rec.get("entities") or []:
                label = map_label(dataset, ent["label"])
                if label is None:
                    continue
                doc.mentions.append(
                    GoldMention(
                        ent["start"],
                        ent["end"],
                        label,
                        str(ent["entity_id"]),
                        ent.get("wikidata"),
                    )
                )
            docs.append(doc)
    return docs


def predict_doc(doc: LinkDoc, lang: str = "en") -> list[str | None]:
    """Predicted entity id of each gold mention (same order), via the pipeline's code."""
    rows: dict[tuple[int, int], dict] = {}
    keys: list[tuple[int, int] | None] = []
    for gm in doc.mentions:
        made = span_rows(None, doc.text, gm.start, gm.end, gm.label, lang)
        if not made:
            keys.append(None)
            continue
        for s, e, label, lemma, _conf in made:
            rows.setdefault(
                (s, e),
                {"start": s, "end": e, "surface": doc.text[s:e], "lemma": lemma, "label": label},
            )
        s, e = made[-1][0], made[-1][1]  # the name itself (role rows come first)
        keys.append((s, e))
    ordered = sorted(rows.values(), key=lambda r: (r["start"], r["end"]))
    assign_entities(ordered, doc.text, lang)
    return [rows[k]["entity_id"] if k else None for k in keys]


def _clusters(ids: list[str | None]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    for i, cid in enumerate(ids):
        out[cid if cid is not None else f"__none{i}"].add(i)
    return out


def bcubed(gold: list[str], pred: list[str | None]) -> tuple[float, float, int]:
    """Sums of per-mention B-cubed precision and recall, and the mention count."""
    g, p = _clusters(list(gold)), _clusters(pred)
    gi = {i: c for c, members in g.items() for i in members}
    pi = {i: c for c, members in p.items() for i in members}
    ps = rs = 0.0
    for i in range(len(gold)):
        inter = len(g[gi[i]] & p[pi[i]])
        ps += inter / len(p[pi[i]])
        rs += inter / len(g[gi[i]])
    return ps, rs, len(gold)


def muc(gold: list[str], pred: list[str | None]) -> tuple[int, int, int, int]:
    """MUC numerators and denominators: (recall num, recall den, precision num, den)."""

    def side(key: dict[str, set[int]], resp_idx: dict[int, str]) -> tuple[int, int]:
        num = den = 0
        for members in key.values():
            parts = {resp_idx[i] for i in members}
            num += len(members) - len(parts)
            den += len(members) - 1
        return num, den

    g, p = _clusters(list(gold)), _clusters(pred)
    gi = {i: c for c, members in g.items() for i in members}
    pi = {i: c for c, members in p.items() for i in members}
    rn, rd = side(g, pi)
    pn, pd = side(p, gi)
    return rn, rd, pn, pd


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocScore:
    doc_id: str
    b3_p: float
    b3_r: float
    n: int
    muc: tuple[int, int, int, int]
    link_correct: int
    link_predicted: int
    link_gold: int
    link_gold_in_lex: int
    link_correct_in_lex: int


def score_doc(doc: LinkDoc, pred: list[str | None]) -> DocScore:
    gold = [m.cluster for m in doc.mentions]
    ps, rs, n = bcubed(gold, pred)
    lex = load_lexicon()
    correct = predicted = gold_n = gold_lex = correct_lex = 0
    for m, eid in zip(doc.mentions, pred, strict=True):
        qid = eid if eid and eid.startswith("Q") else None
        predicted += qid is not None
        gold_n += m.qid is not None
        ok = qid is not None and qid == m.qid
        correct += ok
        if m.qid and lex.by_qid(m.qid) is not None:
            gold_lex += 1
            correct_lex += ok
    return DocScore(
        doc.doc_id, ps, rs, n, muc(gold, pred), correct, predicted, gold_n, gold_lex, correct_lex
    )


def aggregate(scores: Iterable[DocScore]) -> dict[str, float]:
    scores = list(scores)
    n = sum(s.n for s in scores)
    p = sum(s.b3_p for s in scores) / n if n else 0.0
    r = sum(s.b3_r for s in scores) / n if n else 0.0
    rn = sum(s.muc[0] for s in scores)
    rd = sum(s.muc[1] for s in scores)
    pn = sum(s.muc[2] for s in scores)
    pd = sum(s.muc[3] for s in scores)
    mr, mp = (rn / rd if rd else 0.0), (pn / pd if pd else 0.0)
    c = sum(s.link_correct for s in scores)
    pr = sum(s.link_predicted for s in scores)
    g = sum(s.link_gold for s in scores)
    gl = sum(s.link_gold_in_lex for s in scores)
    cl = sum(s.link_correct_in_lex for s in scores)
    return {
        "docs": len(scores),
        "mentions": n,
        "b3_p": p,
        "b3_r": r,
        "b3_f1": _f1(p, r),
        "muc_p": mp,
        "muc_r": mr,
        "muc_f1": _f1(mp, mr),
        "link_p": c / pr if pr else 0.0,
        "link_r": c / g if g else 0.0,
        "link_r_in_lexicon": cl / gl if gl else 0.0,
        "link_predicted": pr,
        "link_correct": c,
        "link_gold": g,
        "link_gold_in_lexicon": gl,
    }


def bootstrap_ci(
    scores: list[DocScore], metric: str, reps: int = 500, seed: int = 13
) -> tuple[float, float]:
    """95 % percentile interval over documents (resampled with replacement)."""
    if not scores:
        return (0.0, 0.0)
    rng = random.Random(seed)
    vals = sorted(aggregate(rng.choice(scores) for _ in scores)[metric] for _ in range(reps))
    return vals[int(0.025 * reps)], vals[int(0.975 * reps) - 1]


def baseline(doc: LinkDoc, kind: str) -> list[str | None]:
    if kind == "singletons":
        return [f"s{i}" for i in range(len(doc.mentions))]
    # same normalised string
    return [normalise(doc.text[m.start : m.end]) for m in doc.mentions]


def evaluate_linking(path: str | Path = DEFAULT_GOLD) -> dict:
    """Scores per split (tune, report, all) for the system and the two baselines."""
    docs = load_link_gold(path)
    by_system: dict[str, list[tuple[str, DocScore]]] = defaultdict(list)
    for doc in docs:
        part = split_of(doc.doc_id)
        by_system["kronika"].append((part, score_doc(doc, predict_doc(doc))))
        for kind in ("singletons", "same_string"):
            by_system[kind].append((part, score_doc(doc, baseline(doc, kind))))
    report: dict = {"gold": str(path), "systems": {}}
    for system, scored in by_system.items():
        report["systems"][system] = {}
        for part in ("tune", "report", "all"):
            chosen = [s for p, s in scored if part in ("all", p)]
            agg = aggregate(chosen)
            if system == "kronika":
                agg["b3_f1_ci"] = bootstrap_ci(chosen, "b3_f1")
                agg["link_p_ci"] = bootstrap_ci(chosen, "link_p")
            report["systems"][system][part] = agg
    return report


def render_markdown(report: dict) -> str:
    """The 'Entities and linking' numbers as a Markdown table."""
    lines = [
        "| system | split | docs | mentions | B³ P | B³ R | B³ F1 | MUC F1 | link P | link R |"
        " link R (in lexicon) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for system, parts in report["systems"].items():
        for part, a in parts.items():
            ci = a.get("b3_f1_ci")
            f1 = f"{a['b3_f1']:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")
            lci = a.get("link_p_ci")
            lp = f"{a['link_p']:.3f}" + (f" [{lci[0]:.3f}, {lci[1]:.3f}]" if lci else "")
            lines.append(
                f"| {system} | {part} | {a['docs']} | {a['mentions']} | {a['b3_p']:.3f} | "
                f"{a['b3_r']:.3f} | {f1} | {a['muc_f1']:.3f} | {lp} | {a['link_r']:.3f} | "
                f"{a['link_r_in_lexicon']:.3f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":  # python -m kronika.evaluate.linking [gold.jsonl]
    import sys

    rep = evaluate_linking(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_GOLD)
    print(render_markdown(rep))
