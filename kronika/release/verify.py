"""`kronika verify`: every file present and intact, a valid Data Package, schemas as declared."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from kronika.release.contract import frictionless_type
from kronika.release.errors import VerifyError
from kronika.release.paths import (
    CHECKSUMS,
    MANIFEST,
    UnsafePath,
    inside,
    parse_checksums,
    safe_relpath,
    sha256_file,
)

REQUIRED = ("manifest.json", "datapackage.json", "DATA_DICTIONARY.md", "README.md")
MAX_FRICTIONLESS_ERRORS = 20
# frictionless checks rows in Python at a few ms per row; above this many rows `verify` checks
# the descriptor with frictionless and the rows with the equivalent Polars checks below.
FULL_FRICTIONLESS_MAX_ROWS = 10_000


@dataclass
class VerifyReport:
    where: str
    version: str | None = None
    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def verify_release(
    target: str | Path, *, progress: bool = False, full: bool | None = None
) -> VerifyReport:
    """Verify a release folder or URL; raises VerifyError listing every problem found.

    `full`: run frictionless over every row (None: only up to FULL_FRICTIONLESS_MAX_ROWS rows).
    """
    if isinstance(target, str) and is_url(target):
        return _verify_url(target, progress=progress, full=full)
    return verify_folder(Path(target), full=full)


def _verify_url(url: str, progress: bool, full: bool | None) -> VerifyReport:
    from kronika.release.fetch import fetch_release

    tmp = Path(tempfile.mkdtemp(prefix="kronika-verify-"))
    try:
        fetch_release(url, tmp, progress=progress)
        report = verify_folder(tmp, full=full)
        report.where = url
        return report
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def verify_folder(folder: Path, *, full: bool | None = None) -> VerifyReport:
    where = str(folder)
    if not folder.is_dir():
        raise VerifyError(where, [f"{folder} is not a folder"])
    if not (folder / CHECKSUMS).is_file():
        raise VerifyError(where, [f"{CHECKSUMS} is missing"])
    sums = parse_checksums((folder / CHECKSUMS).read_text(encoding="utf-8"))
    manifest, problems = _read_manifest(folder, sums)
    problems += check_files(folder, sums, manifest)
    if problems:  # later checks would only repeat the damage in other words
        raise VerifyError(where, problems)
    rows = {name: info["rows"] for name, info in manifest["tables"].items()}
    if full is None:
        full = sum(rows.values()) <= FULL_FRICTIONLESS_MAX_ROWS
    problems += check_frictionless(folder / "datapackage.json", rows=full)
    problems += check_parquet_schemas(folder, manifest)
    if problems:
        raise VerifyError(where, problems)
    problems += check_rows(folder)
    if problems:
        raise VerifyError(where, problems)
    return VerifyReport(where, manifest.get("version"), len(sums) + 1, rows)


def _read_manifest(folder: Path, sums: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    if MANIFEST not in sums:
        return {}, [f"{MANIFEST} is not listed in {CHECKSUMS}"]
    try:
        manifest = json.loads(inside(folder, MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnsafePath, json.JSONDecodeError) as exc:
        return {}, [f"{MANIFEST} cannot be read: {exc}"]
    problems = []
    for entry in manifest.get("files", []):
        try:
            safe_relpath(entry["path"])
        except UnsafePath as exc:
            problems.append(f"{MANIFEST}: refusing {exc}")
    return manifest, problems


def _expected_sizes(manifest: dict[str, Any]) -> dict[str, int]:
    return {e["path"]: int(e["bytes"]) for e in manifest.get("files", [])}


def check_files(folder: Path, sums: dict[str, str], manifest: dict[str, Any]) -> list[str]:
    """Presence, size and checksum of every listed file; no unlisted files, no symlinks."""
    problems = []
    sizes = _expected_sizes(manifest)
    listed_in_manifest = {e["path"]: e.get("sha256") for e in manifest.get("files", [])}
    required = set(REQUIRED) | {i["path"] for i in manifest.get("tables", {}).values()}
    missing = sorted(required - set(sums))
    problems += [f"{rel} is required but not listed in {CHECKSUMS}" for rel in missing]
    for rel, digest in sums.items():
        problems += _check_one(folder, rel, digest, sizes.get(rel), sha256_file)
        if rel != MANIFEST and manifest and listed_in_manifest.get(rel) != digest:
            problems.append(f"{rel}: {MANIFEST} and {CHECKSUMS} disagree about its checksum")
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            problems.append(f"{rel} is a symlink; a release holds only regular files")
        elif path.is_file() and rel not in sums and rel != CHECKSUMS:
            problems.append(f"{rel} is not listed in {CHECKSUMS}")
    return problems


def _check_one(folder: Path, rel: str, digest: str, size: int | None, sha256_file) -> list[str]:
    try:
        path = inside(folder, rel)
    except UnsafePath as exc:
        return [f"refusing {exc}"]
    if not path.is_file():
        return [f"{rel} is missing"]
    actual_size = path.stat().st_size
    if size is not None and actual_size < size:
        return [f"{rel} is truncated: {actual_size} bytes, expected {size}"]
    if size is not None and actual_size > size:
        return [f"{rel} is too long: {actual_size} bytes, expected {size}"]
    actual = sha256_file(path)
    if actual != digest:
        return [f"{rel} checksum mismatch: sha256 {actual}, {CHECKSUMS} says {digest}"]
    return []


def check_frictionless(datapackage: Path, rows: bool = True) -> list[str]:
    """What `frictionless validate datapackage.json` says (metadata, types, keys, hashes);
    with `rows=False` only the descriptor is validated."""
    from frictionless import Package, validate

    path = str(datapackage)
    report = validate(path) if rows else Package.validate_descriptor(path)
    if report.valid:
        return []
    errors = report.flatten(["type", "note", "rowNumber", "fieldName"])
    problems = [f"frictionless: {e[0]} {e[1]} (row {e[2]}, field {e[3]})" for e in errors]
    more = len(problems) - MAX_FRICTIONLESS_ERRORS
    return problems[:MAX_FRICTIONLESS_ERRORS] + ([f"... and {more} more"] if more > 0 else [])


def check_parquet_schemas(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Each Parquet file's schema and row count equal what datapackage.json and manifest say."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    problems = []
    resources = {r["name"]: r for r in package.get("resources", [])}
    if set(resources) != set(manifest["tables"]):
        problems.append(
            f"datapackage.json resources {sorted(resources)} differ from manifest tables "
            f"{sorted(manifest['tables'])}"
        )
    for name, info in manifest["tables"].items():
        if name in resources:
            problems += _check_table(folder, name, info, resources[name])
    return problems


def _check_table(
    folder: Path, name: str, info: dict[str, Any], resource: dict[str, Any]
) -> list[str]:
    path = inside(folder, info["path"])
    if resource.get("path") != info["path"]:
        declared = resource.get("path")
        return [f"{name}: datapackage.json path {declared!r} != manifest {info['path']!r}"]
    try:
        found = pl.read_parquet_schema(path)
        rows = pq.read_metadata(path).num_rows
    except Exception as exc:  # any parse failure of an untrusted file is a finding
        return [f"{info['path']} is not readable Parquet: {exc}"]
    found_cols = [(c, str(t)) for c, t in found.items()]
    fields = resource["schema"]["fields"]
    declared = [(f["name"], f.get("kronika:dtype")) for f in fields]
    manifest_cols = [(c["name"], c["dtype"]) for c in info["columns"]]
    problems = []
    if found_cols != declared:
        problems.append(f"{info['path']} schema {found_cols} != datapackage.json {declared}")
    if manifest_cols != declared:
        problems.append(f"{name}: manifest columns {manifest_cols} != datapackage.json {declared}")
    for f in fields:
        if f["name"] in found and f["type"] != frictionless_type(found[f["name"]]):
            problems.append(
                f"{name}.{f['name']}: declared type {f['type']}, Parquet has {found[f['name']]}"
            )
    if rows != info["rows"] or rows != resource.get("kronika:rows"):
        problems.append(f"{info['path']} has {rows} rows, manifest says {info['rows']}")
    return problems


# ---------------------------------------------------------------- row checks (fast)


def _full_match(pattern: str) -> str:
    return f"^(?:{pattern})$"


def _column_problems(frame: pl.LazyFrame, table: str, field: dict[str, Any]) -> list[str]:
    name, constraints = field["name"], field.get("constraints", {})
    col = pl.col(name)
    checks = []
    if constraints.get("required"):
        checks.append(("null values in a required column", col.is_null()))
    if "enum" in constraints:
        checks.append(
            ("values outside its enum", col.is_not_null() & ~col.is_in(constraints["enum"]))
        )
    if "pattern" in constraints:
        bad = col.is_not_null() & ~col.str.contains(_full_match(constraints["pattern"]))
        checks.append((f"values not matching {constraints['pattern']!r}", bad))
    if not checks:
        return []
    counts = frame.select([expr.sum().alias(str(i)) for i, (_, expr) in enumerate(checks)])
    found = counts.collect().row(0)
    return [f"{table}.{name}: {n} {what}" for (what, _), n in zip(checks, found, strict=True) if n]


def _key_problems(frames: dict[str, pl.LazyFrame], table: str, schema: dict[str, Any]) -> list[str]:
    problems = []
    key = schema.get("primaryKey") or []
    if key:
        keys = frames[table].select(key).collect()
        if dupes := keys.is_duplicated().sum():
            problems.append(f"{table}: {dupes} rows share a primary key {key}")
    for fk in schema.get("foreignKeys", []):
        col, ref = fk["fields"], fk["reference"]
        if ref["resource"] not in frames:
            problems.append(f"{table}.{col}: foreign key to missing resource {ref['resource']}")
            continue
        values = frames[table].select(pl.col(col).alias("k")).drop_nulls()
        targets = frames[ref["resource"]].select(pl.col(ref["fields"]).alias("k"))
        dangling = values.join(targets, on="k", how="anti").collect()
        if dangling.height:
            example = dangling["k"][0]
            problems.append(
                f"{table}.{col}: {dangling.height} values not found in "
                f"{ref['resource']}.{ref['fields']} (e.g. {example!r})"
            )
    return problems


def check_rows(folder: Path) -> list[str]:
    """The row-level checks of frictionless (required, enum, pattern, primary and foreign keys)
    done with Polars, fast enough for any release size."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    frames = {name: pl.scan_parquet(inside(folder, r["path"])) for name, r in resources.items()}
    problems = []
    for name, resource in resources.items():
        for field_ in resource["schema"]["fields"]:
            problems += _column_problems(frames[name], name, field_)
        problems += _key_problems(frames, name, resource["schema"])
    return problems
