"""Start-up check of the environment a run needs: a broken install is an error, not bad input.

Before any work, `kronika run` asks :func:`check_run_environment` whether the backends it will
use import: Parquet/DuckDB/validation and the flow engine always, language identification,
HTML extraction when an input is an HTML page, spaCy and the shipped pipeline of every
supported language when extraction is on (which languages are present is known only after
reading; a pipeline folder is checked for its files, not loaded: the workers load it). A
missing or broken one raises
:class:`EnvironmentProblem` with one line naming the package and how to install it, so the
run stops (exit code 2) before anything is written and before any input is marked rejected.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REINSTALL_HINT = "or reinstall Kronika with `make setup` (the pinned requirements.lock)"


class EnvironmentProblem(RuntimeError):
    """The environment cannot run the requested work (message: one line for the user)."""


@dataclass(frozen=True)
class Need:
    module: str  # what is imported
    package: str  # the distribution that provides it
    purpose: str  # why the run needs it, for the message


CORE = (
    Need("yaml", "pyyaml", "reading inputs"),
    Need("polars", "polars", "building the tables"),
    Need("pyarrow", "pyarrow", "writing Parquet"),
    Need("duckdb", "duckdb", "the DuckDB catalog"),
    Need("pandera.polars", "pandera", "validating the tables"),
    Need("prefect", "prefect", "running the flow"),
)
LANGID = (Need("lingua", "lingua-language-detector", "language identification"),)
# jusText (under trafilatura) imports lxml.html.clean, which lxml >= 5.2 moved to the
# separate lxml_html_clean package: check both names, then trafilatura itself.
HTML = (
    Need("lxml_html_clean", "lxml_html_clean", "reading HTML"),
    Need("lxml.html.clean", "lxml_html_clean", "reading HTML"),
    Need("trafilatura", "trafilatura", "reading HTML"),
)
NLP = (Need("spacy", "spacy", "the NLP pipelines"),)


def requirement_of(package: str) -> str:
    """The requirement Kronika declares for `package` (with its bounds), else the bare name."""
    wanted = _normalise(package)
    try:
        declared = importlib.metadata.requires("kronika") or []
    except importlib.metadata.PackageNotFoundError:
        declared = []
    for spec in declared:
        name = re.split(r"[\s;<>=!~\[(]", spec, maxsplit=1)[0]
        if _normalise(name) == wanted and "extra ==" not in spec:
            return spec.split(";")[0].strip()
    return package


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def import_problem(need: Need) -> str | None:
    """None when `need.module` imports, else the one-line message."""
    try:
        importlib.import_module(need.module)
    except Exception as exc:  # ImportError, or a broken binary (OSError, AttributeError, ...)
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return (
            f"{need.purpose} needs the Python package '{need.package}' "
            f"(import {need.module} failed: {reason}); install it with "
            f"`pip install '{requirement_of(need.package)}'` {REINSTALL_HINT}"
        )
    return None


def has_html_inputs(inputs: Iterable[Path]) -> bool:
    """Whether any input file is an HTML page (`.html`, `.htm`, also gzipped)."""
    from kronika.ingest.discover import discover
    from kronika.ingest.readers import HTML_SUFFIXES, base_suffix

    return any(base_suffix(f.path)[0] in HTML_SUFFIXES for f in discover(list(inputs)))


def pipeline_problem(lang: str, chosen: Iterable[str] = ()) -> str | None:
    """None when `lang` has a chosen pipeline or a complete shipped one in models/<lang>/."""
    from kronika.nlp import choice, model_dir

    # A chosen pipeline (`chosen`, or already configured) is loaded and checked by
    # kronika.nlp.choice.configure; only the shipped ones are looked at here.
    if lang in set(chosen) | set(choice.chosen()):
        return None
    folder = model_dir(lang)
    missing = [name for name in ("config.cfg", "meta.json") if not (folder / name).is_file()]
    if not missing:
        return None
    return (
        f"the NLP pipeline for '{lang}' is missing ({folder} has no {', '.join(missing)}); "
        f"restore models/{lang}/ from the repository or train it with `kronika train {lang}`"
    )


def run_problems(
    inputs: Iterable[Path],
    extract: bool = True,
    langs: Iterable[str] | None = None,
    chosen: Iterable[str] = (),
) -> list[str]:
    """Every environment problem a run over `inputs` would meet (empty: ready to run)."""
    problems = [p for p in map(import_problem, CORE + LANGID) if p]
    if problems:  # discovering the inputs needs the core packages
        return problems
    if has_html_inputs(inputs):
        problems += [p for p in map(import_problem, HTML) if p][:1]  # one cause, one line
    if extract:
        from kronika.text.langid import SUPPORTED_LANGS

        problems += [p for p in map(import_problem, NLP) if p]
        problems += [
            p for lang in langs or SUPPORTED_LANGS if (p := pipeline_problem(lang, chosen))
        ]
    return problems


def check_run_environment(
    inputs: Iterable[Path],
    extract: bool = True,
    langs: Iterable[str] | None = None,
    chosen: Iterable[str] = (),
) -> None:
    """Raise EnvironmentProblem (one line: the first problem, and how many more) if any.

    `langs`: the languages whose pipelines are needed (default: every supported one);
    `chosen`: the languages with a user-chosen pipeline instead of the shipped one.
    """
    problems = run_problems(inputs, extract=extract, langs=langs, chosen=chosen)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise EnvironmentProblem(problems[0] + more)
