"""The `kronika eval` report: sections computed over one gold set, a table and JSON.

A section is a function ``(EvalContext) -> dict``; other modules add theirs with
:func:`register_section` (e.g. entity linking), and the report runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kronika.evaluate.gold import GoldDoc


@dataclass
class EvalContext:
    lang: str
    dataset: str
    split: str
    nlp: Language
    gold: list[GoldDoc]
    docs: list[Doc]  # the full pipeline's output, aligned with `gold`
    labels: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


Section = Callable[[EvalContext], dict]
SECTIONS: dict[str, Section] = {}


def register_section(name: str, fn: Section) -> None:
    SECTIONS[name] = fn


def run_sections(ctx: EvalContext, only: list[str] | None = None) -> dict[str, dict]:
    return {name: fn(ctx) for name, fn in SECTIONS.items() if only is None or name in only}


def _f(x: float) -> str:
    return f"{x:.3f}"


def ner_rows(name: str, ner: dict) -> list[str]:
    """One line per label plus micro, for each matching mode."""
    rows = []
    for mode, res in ner.items():
        m = res["micro"]
        rows.append(
            f"  {name:<22} {mode:<8} micro   P {_f(m['p'])}  R {_f(m['r'])}  F1 {_f(m['f1'])}"
            f"  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
        )
        if mode == "exact":
            for label, s in res["per_label"].items():
                rows.append(
                    f"  {'':<31} {label:<7} P {_f(s['p'])}  R {_f(s['r'])}"
                    f"  F1 {_f(s['f1'])}  (n gold {s['tp'] + s['fn']})"
                )
    return rows


def render(report: dict) -> str:
    """Human-readable table of one language's report."""
    lines = [
        f"== {report['lang']} · {report['dataset']} · split {report['split']} · "
        f"{report['n_docs']} docs · model {report.get('model')}",
        f"  labels: {', '.join(report['labels'])}",
    ]
    if "sentences" in report:
        s = report["sentences"]
        lines.append(f"  sentence starts        P {_f(s['p'])}  R {_f(s['r'])}  F1 {_f(s['f1'])}")
    if "lemmas" in report:
        for key, val in report["lemmas"].items():
            if isinstance(val, dict):
                lines.append(f"  lemma acc {key:<12} {_f(val['acc'])}  (n {val['n']})")
    if "ner" in report:
        lines += ner_rows("model (full pipeline)", report["ner"])
    if "baseline" in report:
        lines += ner_rows("baseline caps+gazetteer", report["baseline"])
    for row in report.get("ablation", []):
        lines.append(
            f"  ablation {row['variant']:<34} exact F1 {_f(row['exact_f1'])}"
            f"  head F1 {_f(row['head_f1'])}  overlap F1 {_f(row['overlap_f1'])}"
        )
    for row in report.get("lemma_ablation", []):
        lines.append(f"  lemma ablation {row['variant']:<28} entity-head acc {_f(row['acc'])}")
    for name, section in report.get("sections", {}).items():
        lines.append(f"  [{name}] {section}")
    return "\n".join(lines)
