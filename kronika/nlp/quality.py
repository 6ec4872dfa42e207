"""docs/quality.json and the generated tables of docs/quality.md (`kronika eval --write-docs`).

Numbers against the targets come from the `val` split (documents of the training files
held out from training); `udev` (documents of <lang>-dev.conllu, never used for anything)
is a second, untouched check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

START, END = "<!-- generated:start -->", "<!-- generated:end -->"
TARGETS = {
    "lv": {"ner_exact_f1": 0.75, "lemma_entity_head_acc": 0.90, "tokens_per_s": 5000},
    "en": {"ner_overlap_f1": 0.70},  # issue 16: names only, overlap match, above the peer
}


def summary(report: dict, bench: dict | None) -> dict:
    ner = report["ner"]
    out = {
        "split": report["split"],
        "n_docs": report["n_docs"],
        "n_gold_entities": report["n_gold_entities"],
        "labels": report["labels"],
        "ner_exact_f1": ner["exact"]["micro"]["f1"],
        "ner_head_f1": ner["head"]["micro"]["f1"],
        "ner_overlap_f1": ner["overlap"]["micro"]["f1"],
        "sentence_start_f1": report["sentences"]["f1"],
    }
    if "baseline" in report:
        out["baseline_exact_f1"] = report["baseline"]["exact"]["micro"]["f1"]
        out["baseline_head_f1"] = report["baseline"]["head"]["micro"]["f1"]
    if "lemmas" in report:
        out["lemma_entity_head_acc"] = report["lemmas"]["entity_heads"]["acc"]
        out["lemma_propn_acc"] = report["lemmas"]["propn"]["acc"]
        out["lemma_all_acc"] = report["lemmas"]["all"]["acc"]
    if bench:
        out["tokens_per_s"] = bench["tokens_per_s"]
    return out


def quality_json(reports: dict[str, dict[str, dict]], bench: dict[str, dict]) -> dict:
    out = {}
    for lang, by_split in reports.items():
        b = bench.get(lang)
        main = summary(by_split["val"], b)
        targets = {
            k: {"target": v, "value": main.get(k), "met": (main.get(k) or 0) >= v}
            for k, v in TARGETS.get(lang, {}).items()
        }
        out[lang] = {
            **main,
            "model": by_split["val"].get("model"),
            "targets": targets,
            "splits": {s: summary(r, None) for s, r in by_split.items()},
            "reports": by_split,
            "bench": b,
        }
    return out


def _row(cells: list) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _load_note(bench: dict) -> str:
    """The 1-min load average around the timing: wall-clock figures depend on it."""
    load = bench.get("load_average_before_after")
    if not load:
        return ""
    cores = bench.get("cpu_count")
    return f"; 1-min load average {load[0][0]} -> {load[1][0]}" + (
        f" on {cores} cores" if cores else ""
    )


def tables_md(q: dict) -> str:
    lines = []
    for lang, data in q.items():
        lines += [f"### {lang} — {data['model']}", ""]
        lines += [
            _row(
                [
                    "split",
                    "docs",
                    "gold ents",
                    "NER exact F1",
                    "head F1",
                    "overlap F1",
                    "baseline exact",
                    "baseline head",
                    "sent-start F1",
                    "lemma ent-head",
                    "lemma PROPN",
                ]
            ),
            _row(["---"] * 11),
        ]
        for split, s in data["splits"].items():
            lines.append(
                _row(
                    [
                        split,
                        s["n_docs"],
                        s["n_gold_entities"],
                        s["ner_exact_f1"],
                        s["ner_head_f1"],
                        s["ner_overlap_f1"],
                        s.get("baseline_exact_f1", "–"),
                        s.get("baseline_head_f1", "–"),
                        s["sentence_start_f1"],
                        s.get("lemma_entity_head_acc", "–"),
                        s.get("lemma_propn_acc", "–"),
                    ]
                )
            )
        lines.append("")
        val = data["reports"]["val"]
        lines += [
            "Per label (val, exact span):",
            "",
            _row(["label", "P", "R", "F1", "gold"]),
            _row(["---"] * 5),
        ]
        for label, s in val["ner"]["exact"]["per_label"].items():
            lines.append(_row([label, s["p"], s["r"], s["f1"], s["tp"] + s["fn"]]))
        lines += [
            "",
            "Ablation (each row adds one step to the row above; shipped settings: "
            "`models/<lang>/kronika_ent_fix/tables.json`):",
            "",
            _row(["variant", "exact F1", "head F1", "overlap F1"]),
            _row(["---"] * 4),
        ]
        for split_name in ("val", "udev"):
            for r in data["reports"][split_name].get("ablation", []):
                lines.append(
                    _row(
                        [
                            f"{split_name}: {r['variant']}",
                            r["exact_f1"],
                            r["head_f1"],
                            r["overlap_f1"],
                        ]
                    )
                )
        if val.get("lemma_ablation"):
            lines += [
                "",
                "Lemma ablation (val, entity head tokens, case-sensitive):",
                "",
                _row(["variant", "entity-head acc", "PROPN acc"]),
                _row(["---"] * 3),
            ]
            for r in val["lemma_ablation"]:
                lines.append(_row([r["variant"], r["acc"], r["propn_acc"]]))
        if data.get("bench"):
            b = data["bench"]
            lines += [
                "",
                f"Speed: **{b['tokens_per_s']} tokens per CPU-second** on one thread "
                f"({b['tokens']} tokens, {b['docs']} docs, {b['cpu_seconds']} CPU s; "
                f"{b['tokens_per_wall_s']} tokens per wall-clock second on the shared "
                f"machine{_load_note(b)}); CPU seconds with only one component (plus "
                f"tokenizer) enabled: {b['component_seconds_tokenizer_plus']}.",
            ]
        lines += [
            "",
            "Targets: "
            + ", ".join(
                f"{k} {v['value']} vs {v['target']} ({'met' if v['met'] else 'MISSED'})"
                for k, v in data["targets"].items()
            ),
            "",
        ]
    return "\n".join(lines)


def write_docs(q: dict, docs_dir: Path) -> None:
    slim = {
        lang: {k: v for k, v in d.items() if k != "reports"}
        | {
            "per_label_exact": d["reports"]["val"]["ner"]["exact"]["per_label"],
            "ablation": d["reports"]["val"].get("ablation", []),
            "lemma_ablation": d["reports"]["val"].get("lemma_ablation", []),
        }
        for lang, d in q.items()
    }
    (docs_dir / "quality.json").write_text(
        json.dumps(slim, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    md = docs_dir / "quality.md"
    text = md.read_text(encoding="utf-8") if md.exists() else f"# Quality\n\n{START}\n{END}\n"
    block = f"{START}\n{tables_md(q)}\n{END}"
    text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    md.write_text(text, encoding="utf-8")
