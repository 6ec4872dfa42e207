"""The one place that knows where output data lives (kedro's rule: processing never sees paths).

<out>/tables/<table>/<part>.parquet   each table is a folder of parts with one schema
<out>/tables/<table>/empty.parquet    a zero-row part, so every table always has a schema
<out>/state/batches/<batch_id>.json   manifest fragment: which inputs a batch holds
<out>/state/staging/<batch_id>/       a batch being committed (see journal.py)
<out>/kronika.duckdb                  DuckDB catalog: one view per table
<out>/releases/<version>/             frozen releases

`out` may be a local folder or an object-store URL (`s3://bucket/prefix`); the layout is the
same, and every read or write goes through `layout.store` (kronika/store/fs.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kronika.store.fs import LOCAL, Store, resolve

CATALOG_NAME = "kronika.duckdb"
EMPTY_PART = "empty"


@dataclass(frozen=True)
class Layout:
    out: Path  # PurePosixPath("bucket/prefix") in an object store
    store: Store = field(default=LOCAL, compare=False)

    @classmethod
    def at(cls, out: Path | str) -> Layout:
        store, path = resolve(out)
        return cls(path, store)  # type: ignore[arg-type]

    @property
    def remote(self) -> bool:
        return self.store.remote

    @property
    def location(self) -> str:
        """The output as a user would name it: a folder path, or the store's URL."""
        return self.store.url(self.out)

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
        parts = self.store.glob(self.table_dir(table), "*.parquet")
        return sorted(p for p in parts if p not in retired)  # type: ignore[misc]

    def retired_names(self) -> set[str]:
        """Parts (relative to `out`) replaced by a commit but kept until the catalog moves on."""
        if not self.store.exists(self.retired):
            return set()
        return set(json.loads(self.store.read_text(self.retired)))

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
