"""The one place that knows where output data lives (kedro's rule: processing never sees paths).

<out>/tables/<table>/<part>.parquet   each table is a folder of parts with one schema
<out>/tables/<table>/empty.parquet    a zero-row part, so every table always has a schema
<out>/state/batches/<batch_id>.json   manifest fragment: which inputs a batch holds
<out>/state/staging/<batch_id>/       a batch being committed (see journal.py)
<out>/kronika.duckdb                  DuckDB catalog: one view per table
<out>/releases/<version>/             frozen releases
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CATALOG_NAME = "kronika.duckdb"
EMPTY_PART = "empty"


@dataclass(frozen=True)
class Layout:
    out: Path

    @classmethod
    def at(cls, out: Path | str) -> Layout:
        return cls(Path(out).resolve())

    @property
    def tables(self) -> Path:
        return self.out / "tables"

    def table_dir(self, table: str) -> Path:
        return self.tables / table

    def part_path(self, table: str, part: str) -> Path:
        return self.table_dir(table) / f"{part}.parquet"

    @property
    def batches(self) -> Path:
        return self.out / "state" / "batches"

    @property
    def staging(self) -> Path:
        return self.out / "state" / "staging"

    @property
    def unfinalised(self) -> Path:
        """Marker: batches changed since the last finalise (entities and catalog are behind)."""
        return self.out / "state" / "unfinalised"

    @property
    def retired(self) -> Path:
        return self.out / "state" / "retired.json"

    def current_parts(self, table: str) -> list[Path]:
        """The parts that make up a table now (retired ones excluded), sorted."""
        retired = self.retired_paths()
        return sorted(p for p in self.table_dir(table).glob("*.parquet") if p not in retired)

    def retired_names(self) -> set[str]:
        """Parts (relative to `out`) replaced by a commit but kept until the catalog moves on."""
        if not self.retired.exists():
            return set()
        return set(json.loads(self.retired.read_text(encoding="utf-8")))

    def retired_paths(self) -> set[Path]:
        return {self.out / rel for rel in self.retired_names()}

    @property
    def catalog(self) -> Path:
        return self.out / CATALOG_NAME

    @property
    def lock_file(self) -> Path:
        return self.out / ".kronika.lock"

    @property
    def releases(self) -> Path:
        return self.out / "releases"
