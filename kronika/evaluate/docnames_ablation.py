"""Ablation of the English document-level name rules (kronika/nlp/docnames.py).

Rows after the entity-rule ablation of kronika/evaluate/run.py: the pipeline with
``kronika_ent_fix`` at its shipped settings, then each ``kronika_doc_names`` step added in
turn (cumulative), in the order the component applies them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kronika.evaluate.gold import GoldDoc
from kronika.evaluate.predict import doc_entities

COMPONENT = "kronika_doc_names"
STEPS = (
    "join", "consistency", "titled", "propagate", "teams", "regions", "dangling", "place_heads",
    "places",
)  # fmt: skip


def doc_names_rows(
    nlp: Language, fixed_docs: list[Doc], gold: list[GoldDoc], labels: tuple[str, ...], score
) -> list[dict]:
    """`fixed_docs`: the pipeline's output before ``kronika_doc_names`` (entity rules at
    their shipped settings); `score(preds, gold, labels)` -> scores by matching mode."""
    if COMPONENT not in nlp.pipe_names:
        return []
    comp = nlp.get_pipe(COMPONENT)
    saved = dict(comp.settings)
    rows = []
    try:
        for k in range(len(STEPS) + 1):
            comp.settings.update({s: s in STEPS[:k] for s in STEPS})
            docs = [comp(d.copy()) for d in fixed_docs]
            res = score([doc_entities(d) for d in docs], gold, labels)
            name = "entity rules as shipped" if k == 0 else "+ doc names: " + STEPS[k - 1]
            rows.append(
                {
                    "variant": name,
                    **{f"{m}_f1": res[m]["micro"]["f1"] for m in res},
                    "per_label_exact_f1": {
                        lab: v["f1"] for lab, v in res["exact"]["per_label"].items()
                    },
                }
            )
    finally:
        comp.settings = saved
    return rows
