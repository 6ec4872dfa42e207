"""Keep requirements.lock in step with pyproject.toml.

`stamp`: write the hash of pyproject's dependency lists as the lock's first line (run by
`make lock` right after compiling). `check`: fail when the lock was compiled from other
dependency lists than pyproject's (stale stamp), or when a requirement of pyproject (every
extra included) has no pinned lock entry that satisfies it. CI runs `check`.

Standard library only for `stamp`; `check` also needs `packaging` (installed by the lock).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = REPO / "pyproject.toml"
LOCK = REPO / "requirements.lock"
STAMP_PREFIX = "# pyproject-deps-sha256: "
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)\s*(;[^\\]*)?")


def dependency_lists(pyproject: Path = PYPROJECT) -> dict:
    """What the lock is compiled from: requires-python, dependencies and every extra."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return {
        "requires-python": project.get("requires-python", ""),
        "dependencies": sorted(project.get("dependencies", [])),
        "optional-dependencies": {
            k: sorted(v) for k, v in sorted(project.get("optional-dependencies", {}).items())
        },
    }


def deps_hash(pyproject: Path = PYPROJECT) -> str:
    canonical = json.dumps(dependency_lists(pyproject), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def stamp(pyproject: Path = PYPROJECT, lock: Path = LOCK) -> None:
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith(STAMP_PREFIX)]
    lock.write_text(STAMP_PREFIX + deps_hash(pyproject) + "\n" + "".join(lines), encoding="utf-8")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins(text: str) -> dict[str, list[tuple[str, str]]]:
    """name -> [(version, marker)] of the lock's `name==version ; marker` lines."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            name, _, version, marker = match.groups()
            pins.setdefault(normalise(name), []).append((version, (marker or ";")[1:].strip()))
    return pins


def problems(pyproject: Path = PYPROJECT, lock: Path = LOCK) -> list[str]:
    """Why the lock does not match pyproject (empty when it does)."""
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    if not lock.exists():
        return [f"{lock.name} is missing: run `make lock`"]
    text = lock.read_text(encoding="utf-8")
    stamps = [ln[len(STAMP_PREFIX) :] for ln in text.splitlines() if ln.startswith(STAMP_PREFIX)]
    out = []
    if stamps[:1] != [deps_hash(pyproject)]:
        out.append(
            f"{lock.name} was not compiled from the current pyproject.toml dependency lists: "
            "run `make lock` and commit the lock"
        )
    pins = lock_pins(text)
    lists = dependency_lists(pyproject)
    wanted = lists["dependencies"] + [r for v in lists["optional-dependencies"].values() for r in v]
    for spec in wanted:
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        entries = [
            version
            for version, marker in pins.get(normalise(req.name), [])
            if not marker or Marker(marker).evaluate({"extra": ""})
        ]
        if not entries:
            out.append(f"{req.name}: required by pyproject.toml but not pinned in {lock.name}")
        elif not any(req.specifier.contains(v, prereleases=True) for v in entries):
            out.append(f"{req.name}: lock pins {entries}, pyproject.toml wants '{req.specifier}'")
    return out


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "stamp":
        stamp()
        return 0
    if command == "check":
        found = problems()
        for line in found:
            print(f"lock check: {line}", file=sys.stderr)
        if not found:
            print(f"lock check: {LOCK.name} matches pyproject.toml")
        return 1 if found else 0
    print("usage: lockfile.py stamp|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
