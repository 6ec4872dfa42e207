"""Prefect flow `kronika train <lang>`: prepare data, two spaCy runs, assemble, evaluate.

Thin: every task calls a library function in kronika/nlp/.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from prefect import flow, task

from kronika.nlp import train as T


@task(name="prepare-data")
def prepare(lang: str, work_dir: str, limit: int) -> T.Prepared:
    return T.prepare_data(lang, work_dir, limit=limit)


@task(name="gazetteer-features")
def gazetteer(lang: str, work_dir: str) -> str:
    return str(T.gazetteer_vectors(lang, work_dir))


@task(name="train-spacy")
def run_training(config: str, train: Path, dev: Path, out: str, overrides: dict) -> str:
    return str(T.train_run(config, train, dev, out, overrides))


@task(name="assemble-and-save")
def assemble_save(prep: T.Prepared, ud: str, ner: str, out_dir: str) -> str:
    nlp = T.assemble(prep, Path(ud), Path(ner), T.DATA_DIR / "lexicons")
    return str(T.save_model(nlp, prep, out_dir))


@task(name="evaluate")
def evaluate_model(lang: str, model: str) -> dict:
    from kronika.evaluate.models import evaluate_langs

    reports = {}
    for split in ("val", "udev"):
        reports[split] = evaluate_langs([lang], split=split, model=Path(model))[lang]
    return reports


@task(name="model-card")
def card(lang: str, model: str, training: dict, reports: dict) -> str:
    import spacy

    from kronika.nlp import components  # noqa: F401
    from kronika.nlp.card import write_card

    nlp = spacy.load(model)
    return str(write_card(nlp, lang, Path(model), training, reports, None))


@flow(name="kronika-train")
def train_pipeline(
    lang: str,
    out_dir: str | None = None,
    work_dir: str | None = None,
    limit: int = 0,
    max_steps: int = 0,
    evaluate: bool = True,
    ner_config: str = "ner-gaz",
) -> dict:
    """Train models/<lang>/ (or `out_dir`); returns paths, timings and metrics."""
    out_dir = out_dir or str(T.REPO / "models" / lang)
    work_dir = work_dir or str(T.REPO / "build" / "train" / lang)
    overrides = (
        {"training.max_steps": max_steps, "training.eval_frequency": max(1, min(200, max_steps))}
        if max_steps
        else {}
    )
    t0 = time.time()
    prep = prepare(lang, work_dir, limit)
    ner_overrides = dict(overrides)
    if "-gaz" in ner_config:  # lexicon indicator features (kronika/nlp/features.py)
        ner_overrides["paths.vectors"] = gazetteer(lang, work_dir)
    ner = run_training(
        str(T.CONFIG_DIR / f"{lang}-{ner_config}.cfg"),
        prep.ner_train,
        prep.ner_val,
        f"{work_dir}/{ner_config}",
        ner_overrides,
    )
    t_ner = time.time()
    ud = run_training(
        str(T.CONFIG_DIR / f"{lang}-ud.cfg"),
        prep.ud_train,
        prep.ud_val,
        f"{work_dir}/ud",
        overrides,
    )
    t_ud = time.time()
    model = assemble_save(prep, ud, ner, out_dir)
    timings = {"ner_s": round(t_ner - t0), "ud_s": round(t_ud - t_ner)}
    training = T.training_record(prep, overrides, timings, ner_config)
    reports = evaluate_model(lang, model) if evaluate else {}
    card(lang, model, training, reports)
    Path(model, "training.json").write_text(json.dumps(training, indent=1), encoding="utf-8")
    return {
        "model": model,
        "training": training,
        "metrics": {k: v.get("ner", {}).get("exact", {}).get("micro") for k, v in reports.items()},
    }
