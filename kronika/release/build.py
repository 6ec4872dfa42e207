"""Freeze `<out>/tables/` into an immutable, checksummed release `<out>/releases/X.Y.Z/`.

The release is built in a hidden sibling folder, verified there, and renamed into place as the
last step, so a failure at any point leaves no release folder behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandera.errors
import polars as pl

from kronika import nlp
from kronika.release import card, figures
from kronika.release.contract import SCHEMA_VERSION, Contract, TableContract, contract_from_schemas
from kronika.release.errors import ReleaseError
from kronika.release.package import data_dictionary, datapackage, table_file
from kronika.release.paths import CHECKSUMS, MANIFEST, sha256_file
from kronika.release.semver import (
    SchemaChanges,
    check_bump,
    existing_releases,
    format_version,
    parse_version,
    schema_changes,
)
from kronika.store.layout import Layout
from kronika.store.lock import OutputLocked, exclusive_lock
from kronika.version import REPO_ROOT, code_version

# Fixed writer settings: the same rows give the same bytes (Polars writes no timestamps).
PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 9,
    "statistics": True,
    "row_group_size": 100_000,
}


@dataclass(frozen=True)
class ReleaseResult:
    version: str
    path: Path
    rows: dict[str, int]
    previous: str | None


# ---------------------------------------------------------------- load


def table_parts(out: Path, table: str) -> list[Path]:
    """The table's current parts (the store's retired parts excluded)."""
    return Layout.at(out).current_parts(table)


def load_table(out: Path, table: TableContract) -> pl.DataFrame:
    """All part files of a table, checked against the contract, in contract column order."""
    parts = table_parts(out, table.name)
    if not parts:
        return pl.DataFrame(schema=table.schema)
    expected = dict(table.schema)
    for part in parts:
        found = dict(pl.read_parquet_schema(part))
        if found != expected:
            raise ReleaseError(
                f"{part} does not match the contract of table {table.name}: "
                + _schema_difference(expected, found)
            )
    frame = pl.read_parquet(parts)
    return frame.select(table.schema.names())


def _schema_difference(expected: dict[str, Any], found: dict[str, Any]) -> str:
    missing = [c for c in expected if c not in found]
    extra = [c for c in found if c not in expected]
    retyped = [
        f"{c} is {found[c]}, expected {expected[c]}"
        for c in expected
        if c in found and found[c] != expected[c]
    ]
    parts = []
    if missing:
        parts.append(f"missing columns {missing}")
    if extra:
        parts.append(f"unexpected columns {extra}")
    parts += retyped
    return "; ".join(parts)


def validate_table(frame: pl.DataFrame, table: TableContract) -> pl.DataFrame:
    """Pandera validation (every check, lazily) plus primary-key uniqueness."""
    if table.model is not None:
        try:
            table.model.validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            raise ReleaseError(f"table {table.name} fails its Pandera model:\n{exc}") from exc
    if table.primary_key and frame.height:
        dupes = frame.select(table.primary_key).is_duplicated().sum()
        if dupes:
            raise ReleaseError(
                f"table {table.name} has {dupes} rows with a duplicated primary key "
                f"{list(table.primary_key)}"
            )
    return frame


def sort_table(frame: pl.DataFrame, table: TableContract) -> pl.DataFrame:
    """Deterministic row order: by primary key (which is unique), else by every column."""
    keys = list(table.primary_key) or [
        c.name for c in table.columns if not isinstance(c.dtype, pl.List)
    ]
    return frame.sort(keys, nulls_last=True, maintain_order=True)


def check_settled(layout: Layout) -> None:
    """Refuse output that a run left half-done (it is repaired by the next `kronika run`)."""
    if not layout.tables.is_dir():
        raise ReleaseError(f"no output tables in {layout.tables}: run `kronika run` first")
    pending = layout.staging.is_dir() and any(layout.staging.glob("*/plan.json"))
    if pending or layout.unfinalised.exists():
        raise ReleaseError(
            f"the output in {layout.out} is not finalised (a run was interrupted or is still "
            "going): run `kronika run` again, then release"
        )


def load_tables(out: Path, contract: Contract) -> dict[str, pl.DataFrame]:
    """Every table, read under the output lock so no run changes the parts meanwhile."""
    layout = Layout.at(out)
    check_settled(layout)
    try:
        with exclusive_lock(layout.lock_file):
            check_settled(layout)
            return {
                name: sort_table(validate_table(load_table(out, table), table), table)
                for name, table in contract.items()
            }
    except OutputLocked as exc:
        raise ReleaseError(f"cannot release now: {exc}") from exc


# ---------------------------------------------------------------- versions and metadata


def quality_numbers(repo: Path = REPO_ROOT) -> dict[str, Any] | None:
    """The measured quality written by `kronika eval` into docs/quality.json, if present."""
    path = repo / "docs" / "quality.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ReleaseError(f"{path} is not valid JSON: {exc}") from exc


def manifest_tables(contract: Contract, rows: dict[str, int]) -> dict[str, Any]:
    return {
        name: {
            "path": table_file(name),
            "rows": rows[name],
            "primary_key": list(table.primary_key),
            "columns": [
                {"name": c.name, "dtype": c.dtype_name, "nullable": c.nullable}
                for c in table.columns
            ],
        }
        for name, table in contract.items()
    }


# ---------------------------------------------------------------- previous release and diff


def read_manifest(release: Path) -> dict[str, Any]:
    try:
        return json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"cannot read {release / MANIFEST}: {exc}") from exc


def _primary_keys(path: Path, keys: list[str]) -> pl.DataFrame:
    return pl.read_parquet(path, columns=keys)


def table_diff(
    name: str,
    frame: pl.DataFrame,
    table: TableContract,
    previous: Path | None,
    prev_manifest: dict[str, Any] | None,
    changes: SchemaChanges,
) -> dict[str, Any]:
    """Rows added/removed by primary key, and columns added/removed, against the previous one."""
    keys = list(table.primary_key)
    prev_info = (prev_manifest or {}).get("tables", {}).get(name)
    if previous is None or prev_info is None or prev_info["primary_key"] != keys:
        added, removed = frame.height, 0 if prev_info is None else prev_info["rows"]
    else:
        old = _primary_keys(previous / prev_info["path"], keys)
        new = frame.select(keys)
        added = new.join(old, on=keys, how="anti", nulls_equal=True).height
        removed = old.join(new, on=keys, how="anti", nulls_equal=True).height
    return {
        "rows": frame.height,
        "rows_added": added,
        "rows_removed": removed,
        "columns_added": changes.columns_added.get(name, []),
        "columns_removed": changes.columns_removed.get(name, []),
    }


# ---------------------------------------------------------------- write


def write_tables(frames: dict[str, pl.DataFrame], folder: Path) -> None:
    for name, frame in frames.items():
        frame.write_parquet(folder / table_file(name), **PARQUET_OPTIONS)


def write_text(path: Path, text: str) -> None:
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def write_json(path: Path, value: Any) -> None:
    write_text(path, json.dumps(value, indent=2, ensure_ascii=False))


def release_files(folder: Path) -> list[str]:
    """Every file of a release folder as a relative POSIX path, sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def write_checksums(folder: Path) -> None:
    """SHA256SUMS in `sha256sum -c` format, covering every other file (manifest included)."""
    lines = [
        f"{sha256_file(folder / rel)}  {rel}" for rel in release_files(folder) if rel != CHECKSUMS
    ]
    write_text(folder / CHECKSUMS, "\n".join(lines))


@dataclass(frozen=True)
class Plan:
    """What a release will be: checked before anything is written."""

    version: str
    releases_dir: Path
    previous: Path | None
    prev_manifest: dict[str, Any] | None
    changes: SchemaChanges


def plan_release(out: Path, version: str, contract: Contract) -> Plan:
    """Check the version against existing releases and the data-semver rules."""
    new = parse_version(version)
    releases_dir = out / "releases"
    existing = existing_releases(releases_dir)
    if new in existing or (releases_dir / version).exists():
        raise ReleaseError(f"release {version} already exists at {releases_dir / version}")
    if not existing:
        return Plan(version, releases_dir, None, None, schema_changes({}, contract))
    prev_version, prev_path = max(existing.items())
    prev_manifest = read_manifest(prev_path)
    changes = schema_changes(prev_manifest["tables"], contract)
    check_bump(prev_version, new, changes)
    return Plan(version, releases_dir, prev_path, prev_manifest, changes)


def _write_release(
    folder: Path, plan: Plan, contract: Contract, frames: dict[str, pl.DataFrame], repo: Path
) -> dict[str, int]:
    rows = {name: frame.height for name, frame in frames.items()}
    write_tables(frames, folder)
    hashes = {table_file(n): sha256_file(folder / table_file(n)) for n in contract}
    write_json(folder / "datapackage.json", datapackage(contract, plan.version, rows, hashes))
    dictionary = data_dictionary(contract, SCHEMA_VERSION, plan.version)
    write_text(folder / "DATA_DICTIONARY.md", dictionary)
    figures.write_figures(_figure_frames(frames, contract), folder / "figures")

    prev_version = plan.previous.name if plan.previous else None
    diff = {
        name: table_diff(name, frames[name], table, plan.previous, plan.prev_manifest, plan.changes)
        for name, table in contract.items()
    }
    prev_log = None
    if plan.previous and (plan.previous / "DATA_CHANGELOG.md").is_file():
        prev_log = (plan.previous / "DATA_CHANGELOG.md").read_text(encoding="utf-8")
    section = card.changelog_section(plan.version, prev_version, diff)
    write_text(folder / "DATA_CHANGELOG.md", card.changelog(section, prev_log))

    manifest = {
        "name": "kronika",
        "version": plan.version,
        "schema_version": SCHEMA_VERSION,
        "code_version": code_version(repo),
        "model_versions": nlp.model_versions(),  # looked up at call time
        "quality": quality_numbers(repo),
        "previous_release": prev_version,
        "tables": manifest_tables(contract, rows),
        "changes": diff,
    }
    descriptions = {name: table.description for name, table in contract.items()}
    write_text(folder / "README.md", card.dataset_card(manifest, descriptions))
    # The manifest lists every file but itself and SHA256SUMS, with sizes (for download
    # progress and early truncation errors) and hashes.
    manifest["files"] = [
        {"path": rel, "bytes": (folder / rel).stat().st_size, "sha256": sha256_file(folder / rel)}
        for rel in release_files(folder)
    ]
    write_json(folder / MANIFEST, manifest)
    write_checksums(folder)
    return rows


def _figure_frames(frames: dict[str, pl.DataFrame], contract: Contract) -> dict[str, pl.DataFrame]:
    """The figures' inputs. A table whose columns differ from today's models (a schema change
    the figures do not know yet) is drawn as "no data yet" rather than failing the release."""
    from kronika.release.contract import table_contract

    chosen = {}
    for name in ("articles", "mentions", "entities", "quotes", "events"):
        schema = table_contract(name).schema
        frame = frames.get(name)
        usable = frame is not None and all(c in frame.columns for c in schema.names())
        chosen[name] = frame if usable else pl.DataFrame(schema=schema)
    return chosen


def build_release(
    out: Path | str,
    version: str,
    *,
    contract: Contract | None = None,
    repo: Path = REPO_ROOT,
    verify: bool = True,
) -> ReleaseResult:
    """Build `<out>/releases/<version>/` atomically; raises ReleaseError and leaves nothing."""
    from kronika.release.verify import verify_release

    out = Path(out)
    contract = contract or contract_from_schemas()
    plan = plan_release(out, version, contract)
    frames = load_tables(out, contract)
    plan.releases_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{version}.building-", dir=plan.releases_dir))
    try:
        rows = _write_release(tmp, plan, contract, frames, repo)
        if verify:
            verify_release(tmp)
        final = plan.releases_dir / version
        tmp.chmod(0o755)  # mkdtemp makes it private; a release is meant to be served
        os.rename(tmp, final)  # atomic; fails if a concurrent build got there first
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ReleaseError(f"release {version} could not be written: {exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(plan.releases_dir)
    prev = plan.previous.name if plan.previous else None
    return ReleaseResult(version=version, path=final, rows=rows, previous=prev)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["Plan", "ReleaseResult", "build_release", "format_version", "plan_release"]
