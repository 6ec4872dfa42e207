"""What a run prints: a progress bar while it works and a summary at the end."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console(stderr=True)


class ProgressReporter:
    """A records progress bar (silent when disabled or when nothing is to be done)."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.progress = Progress(
            TextColumn("records"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not enabled or total == 0,
        )
        self.task_id = self.progress.add_task("records", total=total)

    def __enter__(self) -> ProgressReporter:
        self.progress.start()
        return self

    def advance(self, n: int) -> None:
        self.progress.advance(self.task_id, n)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()


def print_summary(summary: dict[str, Any]) -> None:
    table = Table(title=f"kronika run {summary['run_id']}", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    balanced = "ok" if summary["balanced"] else "MISMATCH"
    rows = [
        ("input files (unchanged, skipped)", f"{summary['n_files']} ({summary['skipped_files']})"),
        ("input records read", summary["inputs"]),
        ("articles", summary["articles"]),
        ("duplicates", summary["duplicates"]),
        ("rejects", summary["rejects"]),
        ("inputs == articles + duplicates + rejects", balanced),
    ]
    if summary["unsupported_langs"]:
        langs = ", ".join(f"{k}: {v}" for k, v in sorted(summary["unsupported_langs"].items()))
        rows.append(("articles in languages not extracted yet", langs))
    if summary["removed_stale_rows"]:
        rows.append(("rows removed for changed inputs", summary["removed_stale_rows"]))
    for name, count in sorted(summary["rows"].items()):
        rows.append((f"rows written: {name}", count))
    rows.append(("time (s)", summary["seconds"]))
    rows.append(("output", summary["out"]))
    for what, value in rows:
        table.add_row(what, str(value))
    console.print(table)
