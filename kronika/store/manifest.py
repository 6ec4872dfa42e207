"""The run manifest: which input records are already in the output.

It is the set of batch fragments in `state/batches/`, each written in the same transaction as
the batch's Parquet parts, so the manifest can never claim rows that are not there (or miss rows
that are). A slice is a range of records [start, stop) of one version (sha256) of an input file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kronika.store.fs import LOCAL, Store
from kronika.store.layout import Layout


@dataclass(frozen=True)
class Slice:
    input_uri: str
    sha256: str  # content hash; 'problem:<reason>:<size>:<mtime_ns>' for unreadable inputs
    size: int
    mtime_ns: int
    start: int
    stop: int
    last: bool  # the slice reaches the end of the file
    path: str = ""  # where it was read this time (not part of the identity)

    def identity(self) -> tuple[str, str, int, int]:
        return (self.input_uri, self.sha256, self.start, self.stop)


@dataclass
class FileState:
    """What the output holds of one input file."""

    sha256: str
    size: int
    mtime_ns: int
    committed_stop: int  # records [0, committed_stop) of that version are in the output
    complete: bool
    batches: set[str]


def read_fragment(path: Path, store: Store = LOCAL) -> dict:
    return json.loads(store.read_text(path))


def fragment(batch_id: str, run_id: str, slices: list[Slice]) -> dict:
    return {
        "batch_id": batch_id,
        "run_id": run_id,
        "slices": [{k: v for k, v in asdict(s).items() if k != "path"} for s in slices],
    }


def load_file_states(layout: Layout) -> dict[str, FileState]:
    """input_uri -> what the output holds of it.

    Fragments hold one version per input (a changed file's old slices are removed with its rows);
    if two versions ever show up, the state gets an empty sha256 so the input is redone.
    """
    states: dict[str, FileState] = {}
    if not layout.store.exists(layout.batches):
        return states
    for path in sorted(layout.store.glob(layout.batches, "*.json")):
        frag = read_fragment(path, layout.store)
        for raw in frag["slices"]:
            state = states.setdefault(
                raw["input_uri"],
                FileState(raw["sha256"], raw["size"], raw["mtime_ns"], 0, False, set()),
            )
            if state.sha256 != raw["sha256"]:
                state.sha256 = ""
            state.batches.add(frag["batch_id"])
            state.committed_stop = max(state.committed_stop, raw["stop"])
            state.complete = state.complete or raw["last"]
    return states
