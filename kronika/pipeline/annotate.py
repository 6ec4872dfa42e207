"""NLP and extraction of one batch's articles: spaCy annotation, then the registered extractors.

Articles in a supported language with a shipped pipeline are annotated in chunks, and each
annotated article goes through every extractor of ``kronika.extract.registry`` that supports
its language, in registry order, each seeing the rows of the ones before it. The pipeline
knows nothing about any one extractor: it fills ``extractor``, ``extractor_version`` and
``run_id`` of their rows from the registry.

Each article gets ``limits.max_seconds_per_article`` for annotation and again for all its
extractors together, enforced with SIGALRM in the main thread (measured afterwards elsewhere,
see kronika.ingest.budget); an article over budget becomes a ``timeout`` reject, an article
whose annotation or extraction raises a ``processing_error`` reject, and the run goes on.

``annotate_in_worker`` is the job of a worker process (kronika.pipeline.parallel). It lives
here, in a module that imports neither Polars nor Pandera nor the store, so that a worker
starts with spaCy and the extractors only.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kronika.extract.base import AnnotatedArticle, Extractor
from kronika.ingest.budget import BudgetExceeded, time_budget
from kronika.ingest.readers import Limits
from kronika.pipeline.rows import BatchRows
from kronika.text.langid import SUPPORTED_LANGS

# Articles annotated together under one time budget (that many times the per-article budget);
# on timeout or error the chunk is redone article by article. Progress advances per chunk.
ANNOTATE_CHUNK = 16
Failure = tuple[str, str]  # (reject reason, message)


def annotate_within_budget(texts: list[str], lang: str, budget: float) -> list[Any]:
    """One Doc per text, or a (reason, message) pair for a text that failed or ran too long.

    Chunks of ANNOTATE_CHUNK texts go through nlp.pipe under a budget of `len(chunk) * budget`
    (the fast path); a chunk that times out or raises is redone one text at a time, each under
    its own budget, so only the pathological article is lost (as a reject) and the run goes on.
    """
    from kronika.nlp import annotate

    out: list[Any] = []
    for lo in range(0, len(texts), ANNOTATE_CHUNK):
        chunk = texts[lo : lo + ANNOTATE_CHUNK]
        try:
            with time_budget(budget * len(chunk)):
                out.extend(annotate(chunk, lang))
            continue
        except BudgetExceeded:
            pass
        except Exception:  # find the article that breaks the pipeline, one by one below
            pass
        out.extend(_annotate_one(text, lang, budget) for text in chunk)
    return out


def _annotate_one(text: str, lang: str, budget: float) -> Any:
    from kronika.nlp import annotate

    began = time.perf_counter()
    try:
        with time_budget(budget) as enforced:
            doc = annotate([text], lang)[0]
    except BudgetExceeded as exc:
        return ("timeout", f"annotation: {exc}")
    except Exception as exc:
        return ("processing_error", f"annotation: {type(exc).__name__}: {exc}")
    if not enforced and time.perf_counter() - began > budget > 0:
        return ("timeout", f"annotation took over the time budget of {budget:g} s")
    return doc


def run_extractors(
    article: AnnotatedArticle, extractors: list[Extractor], budget: float, run_id: str
) -> dict[str, list[dict]] | Failure:
    """Every extractor's rows for one article (with provenance), or why the article failed."""
    began = time.perf_counter()
    name = ""
    try:
        with time_budget(budget) as enforced:
            for extractor in extractors:
                name = extractor.name
                stamp = {
                    "extractor": extractor.name,
                    "extractor_version": extractor.version_for(article),
                    "run_id": run_id,
                }
                found = [row | stamp for row in extractor.extract(article)]
                article.rows.setdefault(extractor.table, []).extend(found)
    except BudgetExceeded as exc:
        return ("timeout", f"extraction ({name}): {exc}")
    except Exception as exc:  # one article's failure must not stop the run
        return ("processing_error", f"{name}: {type(exc).__name__}: {exc}")
    if not enforced and time.perf_counter() - began > budget > 0:
        return ("timeout", "extraction exceeded the time budget")
    return article.rows


def extract_batch(
    rows: BatchRows,
    limits: Limits,
    on_done: Callable[[str], None] = lambda uri: None,
    seconds: dict[str, float] | None = None,
) -> None:
    """Annotate and extract every article of the batch; failed articles become rejects.

    `on_done(input_uri)` is called once per article when it is finished (progress);
    `seconds` (if given) gets the time spent in "annotate" (spaCy) and "extract" added.
    """
    seconds = {} if seconds is None else seconds
    seconds.setdefault("annotate", 0.0)
    seconds.setdefault("extract", 0.0)
    from kronika.extract.registry import extractors_for
    from kronika.nlp import load_pipeline

    spans: dict[str, list[tuple[int, int]]] = {}
    for s in rows.sentences:
        spans.setdefault(s["article_id"], []).append((s["start"], s["end"]))
    budget = limits.max_seconds_per_article
    pending = list(rows.articles)
    for lang in SUPPORTED_LANGS:
        articles = [a for a in rows.articles if a["lang"] == lang]
        if not articles or load_pipeline(lang) is None:
            continue
        extractors = extractors_for(lang)
        failed: dict[str, Failure] = {}
        for lo in range(0, len(articles), ANNOTATE_CHUNK):
            chunk = articles[lo : lo + ANNOTATE_CHUNK]
            began = time.perf_counter()
            docs = annotate_within_budget([a["text"] for a in chunk], lang, budget)
            annotated = time.perf_counter()
            seconds["annotate"] += annotated - began
            for row, doc in zip(chunk, docs, strict=True):
                if isinstance(doc, tuple):  # annotation failed or ran out of time
                    failed[row["article_id"]] = doc
                elif failure := _extract_one(rows, row, doc, spans, extractors, budget):
                    failed[row["article_id"]] = failure
                on_done(row["input_uri"])
            seconds["extract"] += time.perf_counter() - annotated
        for article_id, (reason, message) in failed.items():
            rows.demote_to_reject({article_id}, reason, message)
        pending = [a for a in pending if a["lang"] != lang]
    for row in pending:  # languages without a shipped pipeline: nothing to extract
        on_done(row["input_uri"])


@dataclass
class Annotated:
    """What a worker sends back for one part of a batch."""

    articles: list[dict]
    sentences: list[dict]
    extracted: dict[str, list[dict]]
    rejects: list[dict]  # the part's articles demoted to rejects by annotation or extraction
    seconds: dict[str, float]


def annotate_in_worker(
    run_id: str, now: dt.datetime, limits: Limits, articles: list[dict], sentences: list[dict]
) -> Annotated:
    """The worker's job: spaCy and every extractor on some of a batch's articles (no I/O)."""
    rows = BatchRows(run_id, now, limits.max_seconds_per_article)
    rows.articles, rows.sentences = articles, sentences
    seconds: dict[str, float] = {}
    extract_batch(rows, limits, seconds=seconds)
    return Annotated(rows.articles, rows.sentences, rows.extracted, rows.rejects, seconds)


def warm_up() -> None:
    """A worker's start: import spaCy, the pipelines' components and the extractors before
    the first batch arrives. Pipelines are loaded on first use (kronika.nlp.load_pipeline
    caches them per process), as in a one-worker run, so a run that has articles in one
    language only does not load the others."""
    import spacy  # noqa: F401

    import kronika.extract.registry
    import kronika.nlp.components  # noqa: F401


def load_pipelines() -> None:
    """Load every shipped pipeline into this process (a pre-started worker's first job,
    done while the parent is still starting up)."""
    from kronika.nlp import load_pipeline

    for lang in SUPPORTED_LANGS:
        load_pipeline(lang)


def _extract_one(
    rows: BatchRows,
    row: dict,
    doc: Any,
    spans: dict[str, list[tuple[int, int]]],
    extractors: list[Extractor],
    budget: float,
) -> Failure | None:
    """Run the extractors on one annotated article; keep its rows, or say why it failed."""
    article = AnnotatedArticle(
        article_id=row["article_id"],
        text=row["text"],
        lang=row["lang"],
        doc=doc,
        sentences=sorted(spans.get(row["article_id"], [])),
        published_at=row["published_at"],
    )
    outcome = run_extractors(article, extractors, budget, rows.run_id)
    if isinstance(outcome, tuple):
        return outcome
    for table, found in outcome.items():
        rows.extracted.setdefault(table, []).extend(found)
    return None
