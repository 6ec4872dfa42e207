"""What a run shows: a progress bar while it works and a summary in words at the end.

The bar advances once per finished input record (per batch when batches run in worker
processes) and names the file being worked on and the rate. The summary says what changed
(articles added, replaced, removed), why records were rejected, and where the time went,
start-up included.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

console = Console(stderr=True)
TOP_REASONS = 5  # reject reasons shown in the summary; the rest are summed up


class RateColumn(ProgressColumn):
    """Records per second, over the last seconds."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.1f} records/s")


class ProgressReporter:
    """A records progress bar (silent when disabled or when nothing is to be done)."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<28.28}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not enabled or total == 0,
        )
        self.task_id = self.progress.add_task("records", total=total)

    def __enter__(self) -> ProgressReporter:
        self.progress.start()
        return self

    def record(self, input_uri: str) -> None:
        """One record of `input_uri` is finished."""
        self.progress.update(self.task_id, advance=1, description=PurePosixPath(input_uri).name)

    def advance(self, n: int, what: str | None = None) -> None:
        self.progress.update(self.task_id, advance=n, description=what)

    def settle(self, completed: int) -> None:
        """After a batch: exactly `completed` records are done (a retried batch counts once)."""
        self.progress.update(self.task_id, completed=completed)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()


def article_changes(written: list[str], removed: list[str]) -> dict[str, int]:
    """Articles added (new ids), replaced (removed with a changed input and written again) and
    removed (their input changed and they are no longer in it)."""
    written_ids, removed_ids = set(written), set(removed)
    return {
        "added": len(written_ids - removed_ids),
        "replaced": len(written_ids & removed_ids),
        "removed": len(removed_ids - written_ids),
    }


def _files(summary: dict[str, Any]) -> str:
    found, skipped = summary["n_files"], summary["skipped_files"]
    read = found - skipped
    return f"{found} found: {read} read, {skipped} unchanged (skipped)"


def _articles(summary: dict[str, Any]) -> str:
    changes = summary["article_changes"]
    said = [f"{n} {what}" for what, n in changes.items() if n]
    return ", ".join(said) if said else "none changed"


def _rejects(summary: dict[str, Any]) -> str:
    reasons = Counter(summary["reject_reasons"])
    if not reasons:
        return str(summary["rejects"])
    top = reasons.most_common(TOP_REASONS)
    rest = sum(reasons.values()) - sum(n for _, n in top)
    parts = [f"{reason} {n}" for reason, n in top] + ([f"other {rest}"] if rest else [])
    return f"{summary['rejects']}: " + ", ".join(parts)


def _rows(summary: dict[str, Any]) -> str:
    written = {t: n for t, n in summary["rows"].items() if n and t != "entities"}
    return ", ".join(f"{t} {n:,}" for t, n in sorted(written.items())) or "none"


def _time(summary: dict[str, Any]) -> str:
    wall, startup = summary.get("wall_seconds"), summary.get("startup_seconds")
    if wall is None or startup is None:
        return f"{summary['seconds']:.1f} s"
    return f"{wall:.1f} s: start-up {startup:.1f} s, work {wall - startup:.1f} s"


def summary_lines(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """The summary as (what, value) pairs in words."""
    balanced = "yes" if summary["balanced"] else "NO: some records are unaccounted for"
    lines = [
        ("input files", _files(summary)),
        ("records read", f"{summary['inputs']:,}"),
        ("articles", _articles(summary)),
        ("duplicates", f"{summary['duplicates']:,} (not stored again)"),
        ("rejects", _rejects(summary)),
        ("all records accounted for", balanced),
    ]
    if summary["unsupported_langs"]:
        langs = ", ".join(f"{k} {v}" for k, v in sorted(summary["unsupported_langs"].items()))
        lines.append(("languages not extracted yet", langs))
    if summary["removed_stale_rows"]:
        lines.append(("rows removed (changed inputs)", f"{summary['removed_stale_rows']:,}"))
    lines.append(("rows written", _rows(summary)))
    if "entities" in summary["rows"]:
        lines.append(("entities", f"{summary['rows']['entities']:,} (rebuilt from all mentions)"))
    lines.append(("time", _time(summary)))
    lines.append(("output", summary["out"]))
    return lines


def print_summary(summary: dict[str, Any]) -> None:
    table = Table(title=f"kronika run {summary['run_id']}", show_header=False)
    table.add_column("what")
    table.add_column("value")
    for what, value in summary_lines(summary):
        table.add_row(what, value)
    console.print(table)
