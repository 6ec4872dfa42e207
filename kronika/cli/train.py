"""`kronika train`: train a language's spaCy pipeline (the Prefect flow in flows/train.py)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

LANG_HELP = "Language: lv or en."


def train(
    lang: str = typer.Argument(..., help=LANG_HELP),
    out: Path = typer.Option(None, help="Model folder (default: models/<lang>)."),
    work: Path = typer.Option(None, help="Scratch folder (default: build/train/<lang>)."),
    limit: int = typer.Option(0, help="Read only the first N CoNLL-U sentences (smoke runs)."),
    max_steps: int = typer.Option(0, help="Override training.max_steps of both runs."),
    evaluate: bool = typer.Option(True, help="Evaluate on the validation split afterwards."),
    ner_config: str = typer.Option(
        "ner-gaz", help="NER config: ner-gaz (lexicon features) or ner (plain)."
    ),
) -> None:
    """Train the spaCy pipeline of LANG.

    Trains from ../shared/data only, as a Prefect flow (flows/train.py).
    """
    from flows._env import configure_prefect_env

    configure_prefect_env(terminal=True)
    from flows.train import train_pipeline

    result = train_pipeline(
        lang=lang,
        out_dir=str(out) if out else None,
        work_dir=str(work) if work else None,
        limit=limit,
        max_steps=max_steps,
        evaluate=evaluate,
        ner_config=ner_config,
    )
    typer.echo(json.dumps(result, indent=1))
