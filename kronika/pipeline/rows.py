"""The rows of one batch as they are built, and the checks at the write boundary.

``BatchRows`` collects the rows every table gets from one batch (articles, sentences,
duplicates, rejects, and each extractor's table); ``checked_frames`` turns them into frames
that pass their Pandera contracts, demoting an article whose rows break one to a reject.

Polars, Pandera and the schemas are imported where frames are built, not at import time: the
worker processes (kronika.pipeline.annotate) only fill rows, and importing Pandera (with
pandas) cost each of them about a second of start-up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kronika.ingest.records import excerpt_of

if TYPE_CHECKING:
    import polars as pl

# Tables written per batch (entities and runs are written once per run).
BATCH_TABLES = ("articles", "sentences", "mentions", "quotes", "events", "duplicates", "rejects")
# Tables whose rows belong to an input file directly (the others through an article).
BY_INPUT = ("articles", "duplicates", "rejects")
# Tables filled by the extractors of kronika.extract.registry (empty when none is registered).
EXTRACTED = tuple(t for t in BATCH_TABLES if t not in (*BY_INPUT, "sentences"))


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


def str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@dataclass
class BatchRows:
    """Rows of one batch as they are built."""

    run_id: str
    now: dt.datetime
    seconds_per_article: float = 0.0  # time budget of one article (0: none)
    articles: list[dict] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    # Rows of the extracted tables (mentions, quotes, events), by table.
    extracted: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def mentions(self) -> list[dict]:
        return self.extracted.get("mentions", [])

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

    def demote_to_reject(self, article_ids: set[str], reason: str, message: str) -> None:
        """Articles whose extraction failed become rejects, keeping the count balanced."""
        for row in [a for a in self.articles if a["article_id"] in article_ids]:
            self.reject(
                row["input_uri"], row["record_index"], reason, message, excerpt_of(row["text"])
            )
        self.articles = [a for a in self.articles if a["article_id"] not in article_ids]
        self.sentences = [s for s in self.sentences if s["article_id"] not in article_ids]
        for table, rows in self.extracted.items():
            self.extracted[table] = [r for r in rows if r["article_id"] not in article_ids]

    def frames(self) -> dict[str, pl.DataFrame]:
        """One frame per batch table, in BATCH_TABLES order (empty for tables with no rows)."""
        from kronika.store.parquet import frame_from_rows

        rows = {
            **self.extracted,
            "articles": self.articles,
            "sentences": self.sentences,
            "duplicates": self.duplicates,
            "rejects": self.rejects,
        }
        return {table: frame_from_rows(rows.get(table, []), table) for table in BATCH_TABLES}


def validate_frames(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Pandera validation of every table at the write boundary (all failures at once)."""
    validated, problems = _validate_each(frames)
    if problems:
        raise ValueError(
            "rows break the table contracts:\n"
            + "\n".join(f"{table}: {exc.failure_cases.head(20)}" for table, exc in problems)
        )
    return validated


def _validate_each(
    frames: dict[str, pl.DataFrame],
) -> tuple[dict[str, pl.DataFrame], list[tuple[str, Any]]]:
    """Every frame through its contract: the validated frames (a failing table keeps its
    input frame) and the (table, SchemaErrors) of the tables that failed."""
    from pandera.errors import SchemaErrors

    from schemas import TABLES

    validated = dict(frames)
    problems = []
    for table, frame in frames.items():
        try:
            validated[table] = TABLES[table].validate(frame, lazy=True)
        except SchemaErrors as exc:
            problems.append((table, exc))
    return validated, problems


def _failures_by_article(
    frames: dict[str, pl.DataFrame], problems: list[tuple[str, Any]]
) -> tuple[dict[str, str], list[str]]:
    by_article: dict[str, str] = {}
    other: list[str] = []
    for table, exc in problems:
        frame = frames[table]
        cases = exc.failure_cases
        if "article_id" not in frame.columns or cases["index"].null_count():
            other.append(f"{table}: {cases.head(20)}")
            continue
        for index, column, check in cases.select("index", "column", "check").iter_rows():
            article_id = frame["article_id"][index]
            by_article.setdefault(article_id, f"{table}.{column} breaks {check}")
    return by_article, other


def contract_failures(frames: dict[str, pl.DataFrame]) -> tuple[dict[str, str], list[str]]:
    """Rows breaking a contract: article_id -> first problem, plus problems tied to no article."""
    return _failures_by_article(frames, _validate_each(frames)[1])


def checked_frames(rows: BatchRows) -> dict[str, pl.DataFrame]:
    """Frames that pass their contracts: an article whose rows break one becomes a reject.

    One bad article must not fail its whole batch; problems tied to no article are bugs and
    still stop the batch (validate_frames raises with every failure listed). Each table is
    validated once when every row passes (the usual case), twice only after demotions.
    """
    frames = rows.frames()
    validated, problems = _validate_each(frames)
    if not problems:
        return validated
    by_article, other = _failures_by_article(frames, problems)
    if by_article and not other:
        for article_id, problem in by_article.items():
            message = f"extracted rows break the table contract: {problem}"
            rows.demote_to_reject({article_id}, "processing_error", message)
        frames = rows.frames()
    return validate_frames(frames)
