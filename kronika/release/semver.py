"""Release versions (X.Y.Z) and the data-semver rules of DESIGN.md.

Rename, remove or retype a column (or drop a table, change a primary key, make a required
column nullable, add a required column) = major; add a table or a nullable column = minor;
anything else (rows, values, descriptions) = patch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kronika.release.contract import Contract
from kronika.release.errors import ReleaseError

VERSION_RE = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
Version = tuple[int, int, int]


def parse_version(text: str) -> Version:
    match = VERSION_RE.match(text)
    if not match:
        raise ReleaseError(f"version {text!r} is not of the form X.Y.Z (e.g. 1.0.0)")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def format_version(version: Version) -> str:
    return ".".join(str(v) for v in version)


def existing_releases(releases_dir: Path) -> dict[Version, Path]:
    """Published releases: folders named X.Y.Z (temporary build folders start with a dot)."""
    if not releases_dir.is_dir():
        return {}
    found = {}
    for child in releases_dir.iterdir():
        if child.is_dir() and VERSION_RE.match(child.name):
            found[parse_version(child.name)] = child
    return dict(sorted(found.items()))


@dataclass
class SchemaChanges:
    breaking: list[str] = field(default_factory=list)
    additive: list[str] = field(default_factory=list)
    columns_added: dict[str, list[str]] = field(default_factory=dict)
    columns_removed: dict[str, list[str]] = field(default_factory=dict)


def _compare_table(name: str, old: dict[str, Any], contract: Contract, out: SchemaChanges) -> None:
    new = contract[name]
    old_cols = {c["name"]: c for c in old["columns"]}
    new_cols = {c.name: c for c in new.columns}
    removed = [c for c in old_cols if c not in new_cols]
    added = [c for c in new_cols if c not in old_cols]
    out.columns_removed[name], out.columns_added[name] = removed, added
    out.breaking += [f"column {name}.{c} removed (or renamed)" for c in removed]
    for col in added:
        if new_cols[col].nullable:
            out.additive.append(f"nullable column {name}.{col} added")
        else:
            out.breaking.append(f"required column {name}.{col} added")
    for col in set(old_cols) & set(new_cols):
        before, after = old_cols[col], new_cols[col]
        if before["dtype"] != after.dtype_name:
            out.breaking.append(
                f"column {name}.{col} retyped {before['dtype']} -> {after.dtype_name}"
            )
        if not before["nullable"] and after.nullable:
            out.breaking.append(f"column {name}.{col} became nullable")
    if list(old["primary_key"]) != list(new.primary_key):
        out.breaking.append(
            f"primary key of {name} changed {old['primary_key']} -> {list(new.primary_key)}"
        )


def schema_changes(previous_tables: dict[str, Any], contract: Contract) -> SchemaChanges:
    """Compare the tables recorded in a previous release's manifest with the current contract."""
    changes = SchemaChanges()
    for name, old in previous_tables.items():
        if name not in contract:
            changes.breaking.append(f"table {name} removed")
            continue
        _compare_table(name, old, contract, changes)
    for name in contract:
        if name not in previous_tables:
            changes.additive.append(f"table {name} added")
            changes.columns_added[name] = [c.name for c in contract[name].columns]
    return changes


def check_bump(previous: Version, new: Version, changes: SchemaChanges) -> None:
    """Refuse a version that is not newer or too small a step for the schema change."""
    prev_s, new_s = format_version(previous), format_version(new)
    if new <= previous:
        raise ReleaseError(f"version {new_s} is not newer than the latest release {prev_s}")
    if changes.breaking and new[0] == previous[0]:
        raise ReleaseError(
            f"incompatible schema change since release {prev_s}: "
            + "; ".join(changes.breaking)
            + f". Raise the major version (e.g. {previous[0] + 1}.0.0) to publish it."
        )
    if changes.additive and new[:2] == previous[:2]:
        raise ReleaseError(
            f"schema grew since release {prev_s}: "
            + "; ".join(changes.additive)
            + f". Raise at least the minor version (e.g. {previous[0]}.{previous[1] + 1}.0)."
        )
