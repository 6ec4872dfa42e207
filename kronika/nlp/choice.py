"""Which spaCy pipeline annotates each language: the shipped one, or one the user names.

A user with a better pipeline (an installed package such as ``en_core_web_trf``, or a
folder written by ``nlp.to_disk``) chooses it per language:

* ``kronika run --pipeline en=NAME_OR_PATH`` (and the run flow's ``pipelines`` parameter),
* a config file, ``kronika.toml`` (read from the working folder, or ``--config PATH``)::

      [pipelines]
      en = "en_core_web_trf"      # an installed package name
      lv = "./pipelines/lv"       # a folder: contains "/", relative to the config file

  ``--pipeline`` options override the file.

The choice is kept in the environment variable ``KRONIKA_PIPELINES`` (JSON, lang -> spec),
so worker processes started by a run inherit it. A chosen pipeline must have NER, a parser
and morphology (the extractors read ``doc.ents``, the dependency tree and POS/morphology);
one that lacks any of them, or whose NER labels the label table does not know, is refused
with a one-line :class:`PipelineError`. Its entity labels are mapped to Kronika's by the
``kronika_label_map`` component (table ``ONTONOTES`` in kronika/labels.py) added after its
last component at load time; nothing is written back to the user's pipeline.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kronika.labels import LABEL_MAPS, map_label
from kronika.text.langid import SUPPORTED_LANGS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ENV_VAR = "KRONIKA_PIPELINES"
CONFIG_FILE = "kronika.toml"
LABEL_MAP_COMPONENT = "kronika_label_map"
FOREIGN_LABEL_TABLE = "ontonotes"
# What the extractors need, as the `assigns` of spaCy's component metadata. spaCy's English
# packages give POS/morphology through a tagger + attribute_ruler (which declares nothing).
REQUIREMENTS: dict[str, tuple[set[str], set[str]]] = {
    "NER": ({"doc.ents"}, set()),
    "parser": ({"token.dep"}, set()),
    "morphology": ({"token.pos", "token.morph"}, {"attribute_ruler"}),
}


class PipelineError(ValueError):
    """A chosen pipeline cannot be used (one-line message for the user)."""


def parse_choice(option: str) -> tuple[str, str]:
    """`"en=en_core_web_trf"` -> ("en", "en_core_web_trf"); refuses other shapes."""
    lang, sep, spec = option.partition("=")
    lang, spec = lang.strip(), spec.strip()
    if not sep or not lang or not spec:
        raise PipelineError(f"--pipeline wants LANG=NAME_OR_PATH, got {option!r}")
    if lang not in SUPPORTED_LANGS:
        raise PipelineError(f"--pipeline {option!r}: language must be one of {SUPPORTED_LANGS}")
    return lang, spec


def parse_choices(options: Iterable[str]) -> dict[str, str]:
    return dict(parse_choice(o) for o in options)


def read_config(path: str | Path) -> dict[str, str]:
    """The `[pipelines]` table of a kronika.toml (lang -> package name or path)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PipelineError(f"cannot read config {path}: {exc}") from exc
    table = data.get("pipelines", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise PipelineError(f"{path}: [pipelines] must map languages to strings")
    choices = parse_choices(f"{lang}={spec}" for lang, spec in table.items())
    for lang, spec in choices.items():  # a path in the file is relative to the file
        if "/" in spec or spec.startswith("."):
            choices[lang] = str((path.parent / spec).resolve())
    return choices


def chosen() -> dict[str, str]:
    """The current choice (lang -> spec); empty = the shipped pipelines everywhere."""
    raw = os.environ.get(ENV_VAR, "")
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise PipelineError(f"{ENV_VAR} is not JSON: {exc}") from exc
    return {str(k): str(v) for k, v in data.items()}


def configure(choices: dict[str, str] | None) -> None:
    """Use these pipelines from now on in this process and its children (None/{} = shipped).

    Each chosen pipeline is loaded (kronika.nlp.load_pipeline, cached) and checked here, so
    a bad choice fails before any work; on failure the previous choice stays in force.
    """
    from kronika import nlp

    choices = dict(choices or {})
    for lang, spec in choices.items():
        parse_choice(f"{lang}={spec}")
    if choices == chosen():
        return
    previous = os.environ.get(ENV_VAR)
    if choices:
        os.environ[ENV_VAR] = json.dumps(choices, sort_keys=True)
    else:
        os.environ.pop(ENV_VAR, None)
    nlp.load_pipeline.cache_clear()
    try:
        for lang in choices:
            nlp.load_pipeline(lang)
    except PipelineError:
        if previous is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = previous
        nlp.load_pipeline.cache_clear()
        raise


def resolve(options: Iterable[str] | None, config: str | Path | None) -> dict[str, str]:
    """The choice from a config file (`config`, else ./kronika.toml when present) overridden
    by `--pipeline LANG=SPEC` options."""
    path = Path(config) if config else Path(CONFIG_FILE)
    if config and not path.exists():
        raise PipelineError(f"no such config file: {path}")
    choices = read_config(path) if path.exists() else {}
    choices.update(parse_choices(options or []))
    return choices


def _missing(nlp: Language) -> list[str]:
    missing = []
    for what, (assigns, factories) in REQUIREMENTS.items():
        metas = [nlp.get_pipe_meta(name) for name in nlp.pipe_names]
        if not any(set(m.assigns) & assigns or m.factory in factories for m in metas):
            missing.append(what)
    return missing


def check(nlp: Language, lang: str, spec: str) -> None:
    """Refuse a pipeline that is for another language, lacks a needed part or has unknown
    NER labels."""
    if nlp.lang != lang:
        raise PipelineError(f"pipeline {spec!r} is for language {nlp.lang!r}, not {lang!r}")
    missing = _missing(nlp)
    if missing:
        raise PipelineError(
            f"pipeline {spec!r} for {lang} lacks {', '.join(missing)} "
            f"(Kronika's extractors need NER, a parser and morphology); components: "
            f"{', '.join(nlp.pipe_names) or 'none'}"
        )
    unknown = sorted(
        label
        for name in nlp.pipe_names
        if nlp.get_pipe_meta(name).factory in ("ner", "beam_ner")
        for label in nlp.get_pipe(name).labels
        if not _known(label)
    )
    if unknown:
        raise PipelineError(
            f"pipeline {spec!r} has NER labels the label table does not know: "
            f"{', '.join(unknown)} (add them to ONTONOTES in kronika/labels.py)"
        )


def _known(label: str) -> bool:
    try:
        map_label(FOREIGN_LABEL_TABLE, label)
    except KeyError:
        return False
    return True


def pipeline_name(nlp: Language) -> str:
    """ "<lang>_<name>@<version>" from the pipeline's meta (as for the shipped models)."""
    meta = nlp.meta
    return f"{meta.get('lang', nlp.lang)}_{meta.get('name', 'pipeline')}@{meta.get('version', '0')}"


def load_foreign(lang: str, spec: str) -> Language:
    """Load an installed pipeline package or a pipeline folder, check it and map its labels."""
    import spacy

    from kronika.nlp import components  # noqa: F401  (a Kronika model given as a path)

    try:
        nlp = spacy.load(spec)
    except (OSError, ValueError, ImportError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PipelineError(f"cannot load pipeline {spec!r} for {lang}: {first}") from exc
    check(nlp, lang, spec)
    register_label_map()
    if LABEL_MAP_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(LABEL_MAP_COMPONENT, config={"table": FOREIGN_LABEL_TABLE})
    nlp.meta["kronika_pipeline_spec"] = spec
    return nlp


def map_doc_labels(doc: Doc, table: str) -> Doc:
    """Kronika labels on `doc.ents`; entities whose label maps to None (dates, amounts,
    nationalities) are removed, as they are not Kronika entities."""
    from spacy.tokens import Span

    ents = []
    for ent in doc.ents:
        label = map_label(table, ent.label_)
        if label is not None:
            ents.append(Span(doc, ent.start, ent.end, label=label))
    doc.ents = ents
    return doc


class LabelMap:
    """spaCy component: foreign NER labels -> Kronika labels (see :func:`map_doc_labels`)."""

    def __init__(self, name: str, table: str) -> None:
        if table not in LABEL_MAPS:
            raise ValueError(f"unknown label table {table!r}")
        self.name, self.table = name, table

    def __call__(self, doc: Doc) -> Doc:
        return map_doc_labels(doc, self.table)


def _make_label_map(nlp: Language, name: str, table: str) -> LabelMap:
    return LabelMap(name, table)


def register_label_map() -> None:
    """Register the component with spaCy (on first use: importing this module needs no spaCy)."""
    from spacy.language import Language

    if not Language.has_factory(LABEL_MAP_COMPONENT):
        Language.factory(
            LABEL_MAP_COMPONENT, default_config={"table": FOREIGN_LABEL_TABLE}, assigns=["doc.ents"]
        )(_make_label_map)
