"""Model card (models/<lang>/README.md) from the training record and the metrics."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

LICENCES = {
    "lv": "- `lv-train.conllu` (UD Latvian LVTB v2.12 test + v2.17 dev, FullStack-LV UD and "
    "named-entity layers): **CC BY-SA 4.0**, © AiLab IMCS University of Latvia.\n"
    "- Lexicons in `kronika_ent_fix/` and `kronika_lemma_fix/`: countries, cities and towns "
    "ODbL-1.0 (dr5hn, mledoze; with Natural Earth, Unicode CLDR, iso-codes, EU Publications "
    "Office); organisations CC BY-SA 4.0 (supraverden).\n"
    "- The model as a whole is distributed under **CC BY-SA 4.0** (ShareAlike of the data).",
    "en": "- `en-train.conllu`: UD English EWT v2.16 (**CC BY-SA 4.0**) and 53 GUM documents "
    "(annotations **CC BY 4.0**; texts Wikinews CC BY 2.5, Wikipedia/Wikivoyage CC BY-SA 3.0, "
    "academic CC BY 4.0).\n"
    "- Lexicons: countries and cities ODbL-1.0; organisations CC BY-SA 4.0.\n"
    "- The model as a whole is distributed under **CC BY-SA 4.0**.",
}


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def metrics_lines(report: dict) -> list[str]:
    ner = report.get("ner", {})
    lines = [
        f"Split `{report['split']}`: {report['n_docs']} gold docs, "
        f"{report['n_gold_entities']} gold entities, labels {', '.join(report['labels'])}.",
        "",
    ]
    lines.append("| matching | P | R | F1 |")
    lines.append("|---|---|---|---|")
    for mode, res in ner.items():
        m = res["micro"]
        lines.append(f"| {mode} | {_fmt(m['p'])} | {_fmt(m['r'])} | {_fmt(m['f1'])} |")
    if "lemmas" in report:
        lem = report["lemmas"]
        lines.append("")
        lines.append(
            f"Lemma accuracy: entity heads {_fmt(lem['entity_heads']['acc'])} "
            f"(n {lem['entity_heads']['n']}), PROPN {_fmt(lem['propn']['acc'])}, "
            f"all tokens {_fmt(lem['all']['acc'])}."
        )
    if "sentences" in report:
        lines.append(f"Sentence starts F1 {_fmt(report['sentences']['f1'])}.")
    return lines


def write_card(
    nlp: Language, lang: str, out_dir: Path, training: dict, reports: dict, bench: dict | None
) -> Path:
    meta = nlp.meta
    parts = [
        f"# Kronika {lang} pipeline `{lang}_{meta['name']}` {meta['version']}",
        "",
        "Trained by `kronika train " + lang + "` (flows/train.py) from `../shared/data` only; "
        'no pretrained weights or vectors. Loads offline with `kronika.nlp.load_pipeline("'
        + lang
        + '")`.',
        "",
        "## Components",
        "",
        f"`{' -> '.join(nlp.pipe_names)}`",
        "",
        "- `tok2vec` shared by `morphologizer` (UPOS + features, e.g. case and number), "
        "`trainable_lemmatizer` (edit trees) and `parser` (dependencies; gives sentences).",
        "- `ner`: its own tok2vec (width 128, NORM/PREFIX/SUFFIX/SHAPE hash embeddings plus "
        "6 lexicon indicator features per token, kronika/nlp/features.py), trained on the "
        "NER-tagged sentences only, labels mapped by `kronika/labels.py`.",
        "- `kronika_ent_fix`: label memory of unambiguous training names, gazetteer label "
        "correction, gazetteer ruler (inflected forms), capitalisation filter.",
        "- `kronika_lemma_fix`: proper-name lemmas that keep capitals (gazetteer forms, "
        "simplemma for known words, trained lemma with the capital restored).",
        "",
        "## Training data and licences",
        "",
        LICENCES[lang],
        "",
        "## Training record",
        "",
        "```json",
        json.dumps(training, indent=1, ensure_ascii=False),
        "```",
        "",
        f"Configs: `kronika/nlp/configs/{lang}-ud.cfg` and "
        f"`{training.get('ner_config', lang + '-ner-gaz.cfg')}` (copies: `train-*.cfg` in "
        "this folder; the resolved pipeline config is `config.cfg`). The shipped model was "
        "produced by the library functions of `kronika train` run step by step, so that the "
        "runs of both languages could share the 2-core machine (docs/quality.md).",
        "",
        "## Validation metrics (documents never trained on)",
        "",
        "`val` = our held-out documents of the training file (used for early stopping and "
        "for choosing rules); `udev` = documents of the `-dev.conllu` file (never used). "
        "Targets of issue 3: lv exact F1 >= 0.75, en head F1 >= 0.70, lv entity-head lemma "
        ">= 0.90, lv >= 5,000 tokens/s per core; all are missed, see docs/quality.md.",
        "",
    ]
    for name, report in reports.items():
        parts.append(f"### {name}")
        parts.append("")
        parts += metrics_lines(report)
        parts.append("")
    if bench:
        parts += [
            "## Speed",
            "",
            f"{bench['tokens_per_s']} tokens per CPU-second on one thread over "
            f"{bench['docs']} docs "
            f"({bench['tokens']} tokens) of `{Path(bench['texts']).name}` "
            "(`kronika bench nlp`).",
            "",
        ]
    parts += ["See docs/quality.md for the full report, the ablation and the caveats.", ""]
    path = out_dir / "README.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
