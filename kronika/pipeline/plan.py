"""Planning a run: which records of which inputs are new or changed, cut into batches.

Unchanged files (same size and mtime, or same content hash) are skipped; a file whose earlier run
was interrupted resumes after its last committed record; a changed file has its old rows removed
(see kronika.pipeline.stale) and is read again from the start.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kronika.ingest.discover import InputFile, file_sha256
from kronika.ingest.readers import Limits, count_records
from kronika.store.inbox import RemoteInput, clear_cache, discover_inputs, readable_path
from kronika.store.layout import Layout
from kronika.store.manifest import FileState, Slice, load_file_states


@dataclass
class Batch:
    batch_id: str
    slices: list[Slice]

    @property
    def n_records(self) -> int:
        return sum(s.stop - s.start for s in self.slices)


@dataclass
class RunPlan:
    run_id: str
    batches: list[Batch] = field(default_factory=list)
    stale: dict[str, set[str]] = field(default_factory=dict)  # input_uri -> batches to clean
    skipped_files: int = 0
    n_files: int = 0

    @property
    def n_records(self) -> int:
        return sum(b.n_records for b in self.batches)

    def to_json(self) -> dict:
        return {
            "run_id": self.run_id,
            "skipped_files": self.skipped_files,
            "n_files": self.n_files,
            "stale": {uri: sorted(ids) for uri, ids in self.stale.items()},
            "batches": [
                {"batch_id": b.batch_id, "slices": [s.__dict__ for s in b.slices]}
                for b in self.batches
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> RunPlan:
        batches = [Batch(b["batch_id"], [Slice(**s) for s in b["slices"]]) for b in data["batches"]]
        stale = {uri: set(ids) for uri, ids in data["stale"].items()}
        return cls(data["run_id"], batches, stale, data["skipped_files"], data["n_files"])


def _identity(entry: InputFile, known: FileState | None) -> str:
    """Content hash, reusing the stored one when size and mtime are unchanged."""
    if entry.problem:
        return f"problem:{entry.problem}:{entry.size}:{entry.mtime_ns}"
    if known and known.size == entry.size and known.mtime_ns == entry.mtime_ns and known.sha256:
        return known.sha256
    try:
        return file_sha256(readable_path(entry))
    except OSError as exc:
        return f"problem:unreadable: {exc.strerror or exc}:{entry.size}:{entry.mtime_ns}"


def _slices_for(entry: InputFile, sha: str, start: int, limits: Limits, size: int) -> list[Slice]:
    total = 1 if sha.startswith("problem:") else count_records(readable_path(entry), limits)
    source = entry.url if isinstance(entry, RemoteInput) else str(entry.path)
    bounds = list(range(start, total, size)) or [start]
    return [
        Slice(
            entry.input_uri,
            sha,
            entry.size,
            entry.mtime_ns,
            lo,
            max(lo + 1, min(lo + size, total)),
            lo + size >= total,
            source,
        )
        for lo in bounds
    ]


def batch_id_of(slices: list[Slice]) -> str:
    payload = json.dumps([s.identity() for s in slices], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _pack(slices: list[Slice], batch_size: int) -> list[Batch]:
    batches, current, count = [], [], 0
    for piece in slices:
        n = piece.stop - piece.start
        if current and count + n > batch_size:
            batches.append(Batch(batch_id_of(current), current))
            current, count = [], 0
        current.append(piece)
        count += n
    if current:
        batches.append(Batch(batch_id_of(current), current))
    return batches


def plan_run(
    inputs: list[Path | str], layout: Layout, run_id: str, batch_size: int, limits: Limits
) -> RunPlan:
    """Inputs are local paths or object-store URLs (kronika.store.inbox)."""
    states = load_file_states(layout)
    plan = RunPlan(run_id)
    pending: list[Slice] = []
    clear_cache()  # fetched copies of remote inputs from an earlier plan may be outdated
    for entry in discover_inputs(inputs):
        plan.n_files += 1
        known = states.get(entry.input_uri)
        sha = _identity(entry, known)
        start = 0
        if known and known.sha256 == sha:
            if known.complete:
                plan.skipped_files += 1
                continue
            start = known.committed_stop  # resume an interrupted file
        elif known:
            plan.stale[entry.input_uri] = set(known.batches)
        pending.extend(_slices_for(entry, sha, start, limits, batch_size))
    plan.batches = _pack(pending, batch_size)
    return plan
