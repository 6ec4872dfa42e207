"""The main job as plain functions: plan, clean stale inputs, process batches, finalise.

Prefect flows (flows/run.py) only sequence these calls. Every input record ends in exactly one
place: an article, a duplicate pointer, or a reject with its reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from pandera.errors import SchemaErrors

from kronika.ingest.budget import BudgetExceeded, time_budget
from kronika.ingest.readers import Limits, RawRecord, RejectRecord, read_input
from kronika.ingest.records import excerpt_of
from kronika.plan import Batch, RunPlan
from kronika.store import faults
from kronika.store.catalog import refresh_catalog
from kronika.store.journal import Transaction, collect_retired
from kronika.store.layout import EMPTY_PART, Layout
from kronika.store.manifest import fragment, read_fragment
from kronika.store.parquet import frame_from_rows, read_parts, read_table, write_parquet_atomic
from kronika.text.langid import SUPPORTED_LANGS, detect_language
from kronika.text.normalise import normalise_text, sha256_text
from kronika.text.sentences import split_sentences
from schemas import TABLES
from schemas.polars_schema import empty_frame

log = logging.getLogger(__name__)

# Tables written per batch (entities and runs are written once per run).
BATCH_TABLES = ("articles", "sentences", "mentions", "quotes", "events", "duplicates", "rejects")
# Tables whose rows belong to an input file directly (the others through an article).
BY_INPUT = ("articles", "duplicates", "rejects")
# Articles annotated together under one time budget (that many times the per-article budget);
# nlp.pipe batches this many anyway. On timeout or error the chunk is redone article by article.
ANNOTATE_CHUNK = 64


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def article_id_for(source: str | None, uri: str | None, text_sha: str) -> str:
    key = f"uri\x1f{source or ''}\x1f{uri}" if uri else f"text\x1f{text_sha}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def parse_published(value: Any) -> dt.datetime | None:
    """ISO 8601 date or date-time -> aware UTC datetime; None when unusable."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# ---------------------------------------------------------------- stale inputs


def remove_stale_inputs(layout: Layout, plan: RunPlan) -> int:
    """Drop every row of changed inputs from the batches holding them, in one transaction.

    Affected parts are rewritten under a new name and the old ones retired, so a reader of the
    current catalog keeps a consistent snapshot until the run publishes the next one.
    """
    if not plan.stale:
        return 0
    uris = set(plan.stale)
    batch_ids = sorted(set().union(*plan.stale.values()))
    txn = Transaction(layout, f"clean-{plan.run_id}")
    _mark_unfinalised(layout)
    removed = 0
    for batch_id in batch_ids:
        parts = {t: _batch_parts(layout, t, batch_id) for t in BATCH_TABLES}
        articles = read_parts(parts["articles"], "articles", ["article_id", "input_uri"])
        gone = articles.filter(pl.col("input_uri").is_in(list(uris)))["article_id"].to_list()
        for table, paths in parts.items():
            if not paths:
                continue
            frame = read_parts(paths, table)
            column, values = (
                ("input_uri", list(uris)) if table in BY_INPUT else ("article_id", gone)
            )
            kept = frame.filter(~pl.col(column).is_in(values))
            if kept.height == frame.height:
                continue
            removed += frame.height - kept.height
            if kept.height:
                txn.put_frame(layout.part_path(table, f"{batch_id}_{plan.run_id}"), kept)
            for path in paths:
                txn.retire(path)
        frag_path = layout.batches / f"{batch_id}.json"
        frag = read_fragment(frag_path)
        frag["slices"] = [s for s in frag["slices"] if s["input_uri"] not in uris]
        txn.put_json(frag_path, frag)
    txn.commit()
    return removed


def _batch_parts(layout: Layout, table: str, batch_id: str) -> list[Path]:
    """Current parts of one batch (its first part, or the rewrites of it)."""
    return [p for p in layout.current_parts(table) if p.stem.split("_")[0] == batch_id]


# ---------------------------------------------------------------- batches


@dataclass
class BatchResult:
    batch_id: str
    inputs: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    unsupported_langs: Counter = field(default_factory=Counter)


@dataclass
class _Work:
    """Rows of one batch as they are built."""

    run_id: str
    now: dt.datetime
    seconds_per_article: float = 0.0  # time budget of one article (0: none)
    articles: list[dict] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)

    def reject(self, uri: str, index: int, reason: str, message: str, excerpt: str) -> None:
        self.rejects.append(
            {
                "input_uri": uri,
                "record_index": index,
                "reason": reason,
                "message": message[:500],
                "excerpt": excerpt,
                "run_id": self.run_id,
            }
        )


def load_seen(layout: Layout) -> tuple[dict[str, str], set[str]]:
    """Articles already in the output: text_sha256 -> article_id, and all article ids."""
    frame = read_table(layout, "articles", ["article_id", "text_sha256"])
    return dict(zip(frame["text_sha256"], frame["article_id"], strict=True)), set(
        frame["article_id"]
    )


def _article_row(work: _Work, record: RawRecord, text: str) -> dict:
    meta = record.meta
    text_sha = sha256_text(text)
    decision = detect_language(text, meta.get("lang"))
    return {
        "article_id": article_id_for(meta.get("source"), _str_or_none(meta.get("uri")), text_sha),
        "source": _str_or_none(meta.get("source")),
        "uri": _str_or_none(meta.get("uri")),
        "input_uri": record.input_uri,
        "record_index": record.record_index,
        "title": _str_or_none(meta.get("title")),
        "published_at": parse_published(meta.get("published_at")),
        "lang": decision.lang,
        "lang_score": decision.score,
        "lang_method": decision.method,
        "supported": decision.lang in SUPPORTED_LANGS,
        "text": text,
        "text_sha256": text_sha,
        "n_chars": len(text),
        "n_sentences": 0,
        "ingested_at": work.now,
        "run_id": work.run_id,
    }


def _prepare(work: _Work, record: RawRecord) -> tuple[dict, list[tuple[int, int]]] | None:
    """Normalise, identify the language and split sentences; no shared state is touched."""
    text = normalise_text(record.text)
    if not text:
        return None
    return _article_row(work, record, text), split_sentences(text)


def _accept(work: _Work, record: RawRecord, seen: tuple[dict[str, str], set[str]]) -> None:
    """Add one record as an article or a duplicate (or a reject: empty, over the time budget).

    The per-article budget covers the work in _prepare; rows are only added after it, so an
    interrupted article leaves nothing behind.
    """
    budget = "the per-article time budget"
    began = time.perf_counter()
    try:
        with time_budget(work.seconds_per_article) as enforced:
            prepared = _prepare(work, record)
    except BudgetExceeded as exc:
        work.reject(
            record.input_uri,
            record.record_index,
            "timeout",
            f"{budget}: {exc}",
            excerpt_of(record.text),
        )
        return
    if not enforced and time.perf_counter() - began > work.seconds_per_article > 0:
        work.reject(
            record.input_uri,
            record.record_index,
            "timeout",
            f"over {budget}",
            excerpt_of(record.text),
        )
        return
    if prepared is None:
        work.reject(record.input_uri, record.record_index, "empty", "no text", record.text[:200])
        return
    row, spans = prepared
    by_text, ids = seen
    original = by_text.get(row["text_sha256"])
    if original or row["article_id"] in ids:
        work.duplicates.append(
            {
                "input_uri": record.input_uri,
                "record_index": record.record_index,
                "article_id": row["article_id"],
                "uri": row["uri"],
                "duplicate_of": original or row["article_id"],
                "reason": "same_text" if original else "same_id",
                "run_id": work.run_id,
            }
        )
        return
    by_text[row["text_sha256"]] = row["article_id"]
    ids.add(row["article_id"])
    row["n_sentences"] = len(spans)
    work.articles.append(row)
    work.sentences.extend(
        {"article_id": row["article_id"], "sentence_idx": i, "start": s, "end": e}
        | {"run_id": work.run_id}
        for i, (s, e) in enumerate(spans)
    )


def _read_batch(work: _Work, batch: Batch, layout: Layout, limits: Limits) -> int:
    seen = load_seen(layout)
    inputs = 0
    for piece in batch.slices:
        if piece.sha256.startswith("problem:"):
            inputs += 1
            reason = "not_a_file" if "not_a_file" in piece.sha256 else "unreadable"
            work.reject(piece.input_uri, 0, reason, piece.sha256.split(":", 2)[1], "")
            continue
        for record in read_input(
            Path(piece.path), piece.input_uri, limits, piece.start, piece.stop
        ):
            inputs += 1
            if isinstance(record, RejectRecord):
                work.reject(
                    record.input_uri,
                    record.record_index,
                    record.reason,
                    record.message,
                    record.excerpt,
                )
            else:
                _accept(work, record, seen)
    return inputs


def _demote_to_reject(work: _Work, article_ids: set[str], reason: str, message: str) -> None:
    """An article whose extraction failed becomes a reject, keeping the count balanced."""
    for row in [a for a in work.articles if a["article_id"] in article_ids]:
        work.reject(row["input_uri"], row["record_index"], reason, message, excerpt_of(row["text"]))
    work.articles = [a for a in work.articles if a["article_id"] not in article_ids]
    work.sentences = [s for s in work.sentences if s["article_id"] not in article_ids]
    work.mentions = [m for m in work.mentions if m["article_id"] not in article_ids]


def _annotate_within_budget(texts: list[str], lang: str, budget: float) -> list[Any]:
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
        for text in chunk:
            began = time.perf_counter()
            try:
                with time_budget(budget) as enforced:
                    doc = annotate([text], lang)[0]
            except BudgetExceeded as exc:
                out.append(("timeout", f"annotation: {exc}"))
                continue
            except Exception as exc:
                out.append(("processing_error", f"annotation: {type(exc).__name__}: {exc}"))
                continue
            if not enforced and time.perf_counter() - began > budget > 0:
                out.append(("timeout", f"annotation took over the time budget of {budget:g} s"))
                continue
            out.append(doc)
    return out


def _extract(work: _Work, limits: Limits) -> None:
    """NLP and extraction for articles in supported languages with a shipped model.

    Each article gets `limits.max_seconds_per_article` for annotation and again for mention
    extraction, enforced with SIGALRM in the main thread (measured afterwards elsewhere, see
    kronika.ingest.budget); an article over budget becomes a `timeout` reject, an article whose
    extraction raises a `processing_error` reject.
    """
    from kronika.extract.mentions import extract_mentions
    from kronika.nlp import load_pipeline

    budget = limits.max_seconds_per_article
    starts: dict[str, list[int]] = {}
    for s in work.sentences:
        starts.setdefault(s["article_id"], []).append(s["start"])
    for lang in SUPPORTED_LANGS:
        rows = [a for a in work.articles if a["lang"] == lang]
        if not rows or load_pipeline(lang) is None:
            continue
        failed: dict[str, tuple[str, str]] = {}
        docs = _annotate_within_budget([a["text"] for a in rows], lang, budget)
        for row, doc in zip(rows, docs, strict=True):
            if isinstance(doc, tuple):
                failed[row["article_id"]] = doc
                continue
            began = time.perf_counter()
            try:
                with time_budget(budget) as enforced:
                    found = extract_mentions(
                        doc, row["article_id"], row["text"], lang, sorted(starts[row["article_id"]])
                    )
            except BudgetExceeded as exc:
                failed[row["article_id"]] = ("timeout", f"extraction: {exc}")
                continue
            except Exception as exc:  # one article's failure must not stop the run
                failed[row["article_id"]] = ("processing_error", f"{type(exc).__name__}: {exc}")
                continue
            if not enforced and time.perf_counter() - began > budget > 0:
                failed[row["article_id"]] = ("timeout", "extraction exceeded the time budget")
                continue
            work.mentions.extend(m | {"run_id": work.run_id} for m in found)
        for article_id, (reason, message) in failed.items():
            _demote_to_reject(work, {article_id}, reason, message)


def _frames(work: _Work) -> dict[str, pl.DataFrame]:
    return {
        "articles": frame_from_rows(work.articles, "articles"),
        "sentences": frame_from_rows(work.sentences, "sentences"),
        "mentions": frame_from_rows(work.mentions, "mentions"),
        "quotes": empty_frame("quotes"),
        "events": empty_frame("events"),
        "duplicates": frame_from_rows(work.duplicates, "duplicates"),
        "rejects": frame_from_rows(work.rejects, "rejects"),
    }


def validate_frames(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Pandera validation of every table at the write boundary (all failures at once)."""
    problems = []
    for table, frame in frames.items():
        try:
            frames[table] = TABLES[table].validate(frame, lazy=True)
        except SchemaErrors as exc:
            problems.append(f"{table}: {exc.failure_cases.head(20)}")
    if problems:
        raise ValueError("rows break the table contracts:\n" + "\n".join(problems))
    return frames


def contract_failures(frames: dict[str, pl.DataFrame]) -> tuple[dict[str, str], list[str]]:
    """Rows breaking a contract: article_id -> first problem, plus problems tied to no article."""
    by_article: dict[str, str] = {}
    other: list[str] = []
    for table, frame in frames.items():
        try:
            TABLES[table].validate(frame, lazy=True)
        except SchemaErrors as exc:
            cases = exc.failure_cases
            if "article_id" not in frame.columns or cases["index"].null_count():
                other.append(f"{table}: {cases.head(20)}")
                continue
            for index, column, check in cases.select("index", "column", "check").iter_rows():
                article_id = frame["article_id"][index]
                by_article.setdefault(article_id, f"{table}.{column} breaks {check}")
    return by_article, other


def _contract_checked_frames(work: _Work) -> dict[str, pl.DataFrame]:
    """Frames that pass their contracts: an article whose rows break one becomes a reject.

    One bad article must not fail its whole batch; problems tied to no article are bugs and
    still stop the batch (validate_frames raises with every failure listed).
    """
    frames = _frames(work)
    by_article, other = contract_failures(frames)
    if by_article and not other:
        for article_id, problem in by_article.items():
            message = f"extracted rows break the table contract: {problem}"
            _demote_to_reject(work, {article_id}, "processing_error", message)
        frames = _frames(work)
    return validate_frames(frames)


def process_batch(
    layout: Layout, batch: Batch, run_id: str, limits: Limits, extract: bool = True
) -> BatchResult:
    """Read, normalise, deduplicate, annotate and extract one batch; commit it atomically."""
    result = BatchResult(batch.batch_id)
    work = _Work(run_id, dt.datetime.now(dt.UTC), limits.max_seconds_per_article)
    began = time.perf_counter()
    result.inputs = _read_batch(work, batch, layout, limits)
    result.seconds["ingest"] = time.perf_counter() - began
    if extract:
        began = time.perf_counter()
        _extract(work, limits)
        result.seconds["extract"] = time.perf_counter() - began
    began = time.perf_counter()
    frames = _contract_checked_frames(work)
    txn = Transaction(layout, batch.batch_id)
    for table, frame in frames.items():
        if frame.height:
            txn.put_frame(layout.part_path(table, batch.batch_id), frame)
    txn.put_json(
        layout.batches / f"{batch.batch_id}.json", fragment(batch.batch_id, run_id, batch.slices)
    )
    _mark_unfinalised(layout)
    txn.commit()
    faults.checkpoint("batch-committed")
    result.seconds["write"] = time.perf_counter() - began
    result.rows = {table: frame.height for table, frame in frames.items()}
    result.unsupported_langs = Counter(a["lang"] for a in work.articles if not a["supported"])
    return result


# ---------------------------------------------------------------- finalise


def rebuild_entities(layout: Layout, run_id: str) -> int:
    """Aggregate all mentions into `entities` (a derived table, one part per run)."""
    from kronika.link.entities import build_entities

    mentions = read_table(layout, "mentions")
    articles = read_table(layout, "articles", ["article_id", "published_at", "ingested_at"])
    entities = build_entities(mentions, articles).with_columns(pl.lit(run_id).alias("run_id"))
    entities = TABLES["entities"].validate(entities, lazy=True)
    txn = Transaction(layout, f"entities-{run_id}")
    txn.put_frame(layout.part_path("entities", f"entities_{run_id}"), entities)
    for part in layout.current_parts("entities"):
        if part.stem != EMPTY_PART:
            txn.retire(part)
    txn.commit()
    return entities.height


def ensure_empty_parts(layout: Layout) -> None:
    """A zero-row part per table, so every view and scan has the contract's schema."""
    for table in TABLES:
        part = layout.part_path(table, EMPTY_PART)
        if not part.exists():
            write_parquet_atomic(empty_frame(table), part)


def write_run_row(layout: Layout, run: dict[str, Any]) -> None:
    row = {
        **run,
        "rows": json.dumps(run["rows"], sort_keys=True),
        "timings": json.dumps({k: round(v, 3) for k, v in run["timings"].items()}, sort_keys=True),
        "model_versions": json.dumps(run["model_versions"], sort_keys=True),
    }
    frame = TABLES["runs"].validate(frame_from_rows([row], "runs"))
    write_parquet_atomic(frame, layout.part_path("runs", run["run_id"]))


def _mark_unfinalised(layout: Layout) -> None:
    """Batches are about to change: finalise must run even if this run is killed before it."""
    layout.unfinalised.parent.mkdir(parents=True, exist_ok=True)
    layout.unfinalised.touch()


def finalise(layout: Layout, run: dict[str, Any], changed: bool) -> dict[str, Any]:
    """Entities, the runs row (only for runs that changed something) and the catalog.

    A run killed after its last batch but before finalising leaves the `unfinalised` marker; the
    next run then rebuilds entities even though it has no batches of its own.
    """
    began = time.perf_counter()
    faults.checkpoint("finalising")
    ensure_empty_parts(layout)
    if changed or layout.unfinalised.exists():
        run["rows"]["entities"] = rebuild_entities(layout, run["run_id"])
        run["finished_at"] = dt.datetime.now(dt.UTC)
        run["timings"]["finalise"] = time.perf_counter() - began
        write_run_row(layout, run)
    refresh_catalog(layout)
    collect_retired(layout)  # only now does no catalog list them
    layout.unfinalised.unlink(missing_ok=True)
    return run
