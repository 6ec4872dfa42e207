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
    "en": "- `en-train.conllu`/`en-dev.conllu`: UD English EWT v2.16 (**CC BY-SA 4.0**) with "
    "UniversalNER English-EWT NER tags (**CC BY-SA 4.0**, Mayhew et al.), and GUM documents "
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


EXTRA_MARK = "<!-- card-extra: kept when the card is refreshed without new extra sections -->"
CLOSING = "See docs/quality.md for the full report"


def _kept_extra(path: Path) -> list[str]:
    """The extra sections of an existing card (learning curve, comparisons), so that a
    refresh of the metrics (`kronika eval --write-docs`) does not drop them."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    if EXTRA_MARK not in text:
        return []
    tail = text.split(EXTRA_MARK, 1)[1].split(CLOSING, 1)[0]
    return [*tail.strip("\n").split("\n"), ""]


def write_card(
    nlp: Language,
    lang: str,
    out_dir: Path,
    training: dict,
    reports: dict,
    bench: dict | None,
    extra: list[str] | None = None,
) -> Path:
    """Write models/<lang>/README.md; `extra` = markdown lines added before the closing
    pointer (learning curve, comparison with the previous model, rule effects)."""
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
        "correction, gazetteer ruler (inflected forms), capitalisation filter"
        + (
            "; Latvian span rules (kronika/nlp/lv_rules.py: name heads learnt from the "
            "training names relabel and extend spans over genitive modifiers, tail trim, "
            "training-name ruler, wire datelines)."
            if lang == "lv"
            else "."
        ),
        "- `kronika_lemma_fix`: proper-name lemmas that keep capitals (gazetteer forms, "
        "simplemma for known words, trained lemma with the capital restored)"
        + (
            "; Latvian names through kronika/link/lemma.py (name-lemma lexicon of the "
            "training documents, the tagger's case and gender with one gender per person, "
            "nominatives of the predicted gender kept)."
            if lang == "lv"
            else "."
        ),
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
        "`val` = the validation documents of `split.json` (`val_rule`; since round 2 the "
        "hash share of the training file plus every document of the `-dev.conllu` file): "
        "never trained on, used for early stopping and for choosing rules, and the set the "
        "numbers are reported on. `udev` (when shown) = the `-dev.conllu` documents alone, a "
        "subset of `val` since round 2. Targets and their status: docs/quality.md.",
        "",
    ]
    for name, report in reports.items():
        parts.append(f"### {name}")
        parts.append("")
        parts += metrics_lines(report)
        parts.append("")
    if bench:
        load = bench.get("load_average_before_after")
        parts += [
            "## Speed",
            "",
            f"{bench['tokens_per_s']} tokens per CPU-second on one thread over "
            f"{bench['docs']} docs "
            f"({bench['tokens']} tokens) of `{Path(bench['texts']).name}` "
            "(`kronika bench nlp`"
            + (f"; 1-min load average {load[0][0]} -> {load[1][0]}" if load else "")
            + ").",
            "",
        ]
    if extra is None:
        extra = _kept_extra(out_dir / "README.md")
    if extra:
        parts += [EXTRA_MARK, "", *extra]
    parts += ["See docs/quality.md for the full report, the ablation and the caveats.", ""]
    path = out_dir / "README.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
