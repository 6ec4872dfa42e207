"""NER scoring: precision / recall / F1 per label and micro, exact-span, head and overlap.

* ``exact``: same start, end and label.
* ``head``: the predicted span's syntactic head token overlaps the gold head token
  (GUM gives one); when the gold has no head (FullStack), spans must overlap instead.
* ``overlap``: the spans share at least one character.
Non-exact matches are one-to-one (greedy, in text order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kronika.evaluate.gold import GoldEntity

MODES = ("exact", "head", "overlap")


@dataclass(frozen=True)
class PredEntity:
    start: int
    end: int
    label: str
    head_start: int | None = None
    head_end: int | None = None


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _matches(mode: str, p: PredEntity, g: GoldEntity) -> bool:
    if p.label != g.label:
        return False
    if mode == "exact":
        return (p.start, p.end) == (g.start, g.end)
    if mode == "head" and g.head_start is not None and p.head_start is not None:
        return _overlap(p.head_start, p.head_end, g.head_start, g.head_end)
    return _overlap(p.start, p.end, g.start, g.end)


def count_doc(
    preds: list[PredEntity], golds: list[GoldEntity], mode: str, labels: Iterable[str]
) -> dict[str, list[int]]:
    """label -> [tp, fp, fn] for one document."""
    keep = set(labels)
    preds = [p for p in preds if p.label in keep]
    golds = [g for g in golds if g.label in keep]
    counts = {label: [0, 0, 0] for label in keep}
    used: set[int] = set()
    for p in preds:
        hit = next((i for i, g in enumerate(golds) if i not in used and _matches(mode, p, g)), None)
        if hit is None:
            counts[p.label][1] += 1
        else:
            used.add(hit)
            counts[p.label][0] += 1
    for i, g in enumerate(golds):
        if i not in used:
            counts[g.label][2] += 1
    return counts


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(
    docs: list[tuple[list[PredEntity], list[GoldEntity]]],
    labels: Iterable[str],
    modes: Iterable[str] = MODES,
) -> dict[str, dict]:
    """mode -> {"micro": prf, "per_label": {label: prf}} over all documents."""
    labels = tuple(labels)
    out: dict[str, dict] = {}
    for mode in modes:
        total = {label: [0, 0, 0] for label in labels}
        for preds, golds in docs:
            for label, c in count_doc(preds, golds, mode, labels).items():
                total[label] = [a + b for a, b in zip(total[label], c, strict=True)]
        micro = [sum(c[i] for c in total.values()) for i in range(3)]
        out[mode] = {
            "micro": prf(*micro),
            "per_label": {label: prf(*c) for label, c in total.items()},
        }
    return out


def fold_labels(preds: list[PredEntity], equivalence: dict[str, str]) -> list[PredEntity]:
    """Fold labels the gold corpus cannot tell apart (e.g. GPE -> LOC for GUM)."""
    return [
        PredEntity(p.start, p.end, equivalence.get(p.label, p.label), p.head_start, p.head_end)
        for p in preds
    ]
