"""Reading one batch: each input record becomes an article, a duplicate or a reject.

A record is normalised, its language identified and its sentences split under the per-article
time budget; rows are only added after that, so an interrupted record leaves nothing behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from kronika.ingest.budget import BudgetExceeded, time_budget
from kronika.ingest.readers import Limits, RawRecord, RejectRecord, read_input
from kronika.ingest.records import excerpt_of
from kronika.pipeline.plan import Batch
from kronika.pipeline.rows import BatchRows, article_id_for, parse_published, str_or_none
from kronika.store.inbox import slice_path
from kronika.store.layout import Layout
from kronika.store.parquet import read_table
from kronika.text.langid import SUPPORTED_LANGS, detect_language
from kronika.text.normalise import normalise_text, sha256_text
from kronika.text.sentences import split_sentences

# text_sha256 -> article_id of every article kept so far, and every article id.
Seen = tuple[dict[str, str], set[str]]
BUDGET = "the per-article time budget"


def load_seen(layout: Layout) -> Seen:
    """Articles already in the output: text_sha256 -> article_id, and all article ids."""
    frame = read_table(layout, "articles", ["article_id", "text_sha256"])
    return dict(zip(frame["text_sha256"], frame["article_id"], strict=True)), set(
        frame["article_id"]
    )


def article_row(rows: BatchRows, record: RawRecord, text: str) -> dict:
    meta = record.meta
    text_sha = sha256_text(text)
    decision = detect_language(text, meta.get("lang"))
    return {
        "article_id": article_id_for(meta.get("source"), str_or_none(meta.get("uri")), text_sha),
        "source": str_or_none(meta.get("source")),
        "uri": str_or_none(meta.get("uri")),
        "input_uri": record.input_uri,
        "record_index": record.record_index,
        "title": str_or_none(meta.get("title")),
        "published_at": parse_published(meta.get("published_at")),
        "lang": decision.lang,
        "lang_score": decision.score,
        "lang_method": decision.method,
        "supported": decision.lang in SUPPORTED_LANGS,
        "text": text,
        "text_sha256": text_sha,
        "n_chars": len(text),
        "n_sentences": 0,
        "ingested_at": rows.now,
        "run_id": rows.run_id,
    }


def prepare(rows: BatchRows, record: RawRecord) -> tuple[dict, list[tuple[int, int]]] | None:
    """Normalise, identify the language and split sentences; no shared state is touched."""
    text = normalise_text(record.text)
    if not text:
        return None
    return article_row(rows, record, text), split_sentences(text)


def accept(rows: BatchRows, record: RawRecord, seen: Seen) -> None:
    """Add one record as an article or a duplicate (or a reject: empty, over the time budget)."""
    began = time.perf_counter()
    try:
        with time_budget(rows.seconds_per_article) as enforced:
            prepared = prepare(rows, record)
    except BudgetExceeded as exc:
        excerpt = excerpt_of(record.text)
        rows.reject(record.input_uri, record.record_index, "timeout", f"{BUDGET}: {exc}", excerpt)
        return
    if not enforced and time.perf_counter() - began > rows.seconds_per_article > 0:
        excerpt = excerpt_of(record.text)
        rows.reject(record.input_uri, record.record_index, "timeout", f"over {BUDGET}", excerpt)
        return
    if prepared is None:
        rows.reject(record.input_uri, record.record_index, "empty", "no text", record.text[:200])
        return
    row, spans = prepared
    by_text, ids = seen
    original = by_text.get(row["text_sha256"])
    if original or row["article_id"] in ids:
        rows.duplicates.append(
            {
                "input_uri": record.input_uri,
                "record_index": record.record_index,
                "article_id": row["article_id"],
                "uri": row["uri"],
                "duplicate_of": original or row["article_id"],
                "reason": "same_text" if original else "same_id",
                "run_id": rows.run_id,
            }
        )
        return
    by_text[row["text_sha256"]] = row["article_id"]
    ids.add(row["article_id"])
    row["n_sentences"] = len(spans)
    rows.articles.append(row)
    rows.sentences.extend(
        {"article_id": row["article_id"], "sentence_idx": i, "start": s, "end": e}
        | {"run_id": rows.run_id}
        for i, (s, e) in enumerate(spans)
    )


def read_batch(
    rows: BatchRows,
    batch: Batch,
    layout: Layout,
    limits: Limits,
    on_done: Callable[[str], None] = lambda input_uri: None,
    articles_done: bool = True,
    seen: Seen | None = None,
) -> int:
    """Read every record of the batch into `rows`; returns the number of inputs read.

    `on_done(input_uri)` is called once per record finished here (progress reporting): every
    duplicate and reject, and every article unless `articles_done` is False (the extraction
    step then reports them). `seen` (default: the articles in the output) is updated in place
    with every article kept, so batches read one after another before any is committed see
    each other (kronika.pipeline.parallel).
    """
    seen = load_seen(layout) if seen is None else seen
    inputs = 0
    for piece in batch.slices:
        if piece.sha256.startswith("problem:"):
            inputs += 1
            reason = "not_a_file" if "not_a_file" in piece.sha256 else "unreadable"
            rows.reject(piece.input_uri, 0, reason, piece.sha256.split(":", 2)[1], "")
            on_done(piece.input_uri)
            continue
        try:
            source = slice_path(piece.path, piece.size, piece.mtime_ns)
        except OSError as exc:  # a remote input that vanished or cannot be fetched
            inputs += 1
            rows.reject(piece.input_uri, piece.start, "unreadable", f"fetch failed: {exc}", "")
            on_done(piece.input_uri)
            continue
        for record in read_input(source, piece.input_uri, limits, piece.start, piece.stop):
            inputs += 1
            kept = len(rows.articles)
            if isinstance(record, RejectRecord):
                rows.reject(
                    record.input_uri,
                    record.record_index,
                    record.reason,
                    record.message,
                    record.excerpt,
                )
            else:
                accept(rows, record, seen)
            if articles_done or len(rows.articles) == kept:
                on_done(record.input_uri)
    return inputs
