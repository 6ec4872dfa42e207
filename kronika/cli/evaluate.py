"""`kronika eval`: scores of the shipped pipelines on gold data, and the quality docs."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kronika.cli.failures import Failure


def eval_cmd(
    gold: list[Path] = typer.Option(None, "--gold", help="Gold JSONL file(s) (dev.jsonl schema)."),
    lang: list[str] = typer.Option(None, "--lang", help="Language(s) to score (default: all)."),
    split: str = typer.Option(
        "val",
        help="Which gold docs without --gold: val (held out from training), udev (the "
        "<lang>-dev.conllu documents, never used), all (whole dev.jsonl: mostly TRAINING data).",
    ),
    genre: list[str] = typer.Option(None, help="Keep these genres (default: news for lv)."),
    json_out: Path = typer.Option(None, "--json", help="Write the report as JSON here."),
    ablation: bool = typer.Option(True, help="Also score each rule component's gain."),
    model: Path = typer.Option(None, help="Pipeline folder (default: the shipped model)."),
    conllu: Path = typer.Option(None, help="CoNLL-U gold for the lemma section."),
    linking: bool = typer.Option(True, help="Also score entity linking (GUM en, gold spans)."),
    e2e: bool = typer.Option(
        False, help="Also score mentions/entities end to end with the shipped NER (val, udev)."
    ),
    quotes: bool = typer.Option(
        False, help="Also score quote extraction (lv FullStack frames, en GUM attribution; val)."
    ),
    events: bool = typer.Option(
        False, help="Also score event coding (lv FullStack frames via FrameNet->PLOVER, en PLOVER)."
    ),
    write_docs: bool = typer.Option(
        False, help="Score val + udev, run the benchmark, refresh docs/quality.{json,md}."
    ),
    peer: bool = typer.Option(
        True,
        help="English: Kronika's NER beside the peer en_core_web_sm on the same documents "
        "with the same matching (needs the optional 'eval' extra; skipped with a note if absent).",
    ),
) -> None:
    """Score the shipped pipelines on gold data.

    Sections: sentences, lemmas, NER, the baseline; entity linking and end-to-end entities
    on request.
    """
    if write_docs:
        _write_quality_docs(lang or None)
        return
    from kronika.evaluate.models import evaluate_langs
    from kronika.evaluate.report import render

    if model is not None:  # the quotes/events/e2e sections annotate through the choice too
        _choose_pipeline(model)
    reports = evaluate_langs(
        langs=lang or None,
        gold=gold or None,
        split=split,
        genres=genre or None,
        ablation=ablation,
        model=model,
        conllu=conllu,
        json_out=json_out,
    )
    for report in reports.values():
        typer.echo(render(report))
    if peer and "en" in reports and not gold and split in ("val", "udev"):
        _peer_section(split, model)
    if linking:
        from kronika.evaluate.linking import DEFAULT_GOLD, evaluate_linking, render_markdown

        typer.echo("\n## Entities and linking (GUM en dev, gold spans)\n")
        typer.echo(render_markdown(evaluate_linking(DEFAULT_GOLD)))
    if e2e:
        from kronika.evaluate import e2e as e2e_eval

        typer.echo("\n## Entities end to end (shipped NER; val, udev)\n")
        typer.echo(e2e_eval.render_markdown(e2e_eval.evaluate_e2e()))
    if quotes:
        from kronika.evaluate.quotes import evaluate_quotes

        typer.echo("\n## Quotes (validation documents; docs/quality-quotes.md)\n")
        for q_lang in lang or ["lv", "en"]:
            typer.echo(evaluate_quotes(q_lang)["markdown"])
    if events:
        from kronika.evaluate.events import evaluate_events, render_markdown

        typer.echo("\n## Events (validation documents; docs/quality-events.md)\n")
        typer.echo(render_markdown(evaluate_events(tuple(lang or ["lv", "en"]))))


def _choose_pipeline(model: Path) -> None:
    import json

    from kronika.nlp.choice import configure

    meta = Path(model) / "meta.json"
    if not meta.exists():
        raise Failure(f"--model {model}: not a spaCy pipeline folder (no meta.json)")
    configure({json.loads(meta.read_text(encoding="utf-8"))["lang"]: str(model)})


def _peer_section(split: str, model: Path | None) -> None:
    from kronika.evaluate import peer as peer_eval
    from kronika.evaluate.models import _load

    nlp, path = _load("en", model)
    typer.echo(f"\n## English NER beside the peer (split {split}; same documents and matching)\n")
    report = peer_eval.compare_with_peer("en", split, kronika_nlp=nlp, model_path=path)
    typer.echo(peer_eval.render_markdown(report))
    typer.echo("")
    typer.echo(peer_eval.per_label_markdown(report))


def _write_quality_docs(langs: list[str] | None) -> None:
    from kronika.evaluate.models import evaluate_langs
    from kronika.evaluate.report import render
    from kronika.nlp import SUPPORTED_LANGS
    from kronika.nlp.bench import run_isolated
    from kronika.nlp.pipeline_io import REPO
    from kronika.nlp.quality import quality_json, write_docs

    reports: dict[str, dict] = {}
    for code in langs or SUPPORTED_LANGS:
        reports[code] = {s: evaluate_langs([code], split=s)[code] for s in ("val", "udev")}
        for report in reports[code].values():
            typer.echo(render(report))
    bench = {code: run_isolated(code) for code in reports}
    write_docs(quality_json(reports, bench), REPO / "docs")
    for code in reports:
        _refresh_card(code, reports[code], bench[code])
    typer.echo("wrote docs/quality.json, docs/quality.md (generated part), models/*/README.md")


def _refresh_card(lang: str, reports: dict, bench: dict) -> None:
    """Rewrite the model card with the same numbers as docs/quality.md."""
    from kronika.nlp import load_pipeline, model_dir
    from kronika.nlp.card import write_card

    path = model_dir(lang)
    record = path / "training.json"
    training = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    write_card(load_pipeline(lang), lang, path, training, reports, bench)
