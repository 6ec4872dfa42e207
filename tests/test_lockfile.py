"""The lock check (.ci/lockfile.py): requirements.lock must match pyproject.toml."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("lockfile", REPO / ".ci" / "lockfile.py")
lockfile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lockfile)

PYPROJECT = """[project]
name = "demo"
requires-python = ">=3.11"
dependencies = [{deps}]

[project.optional-dependencies]
dev = ["pytest>=8"]
"""
LOCK = """alpha==1.2.0 \\
    --hash=sha256:00
beta-pkg==2.0.0 ; sys_platform != 'win32' \\
    --hash=sha256:11
pytest==8.3.0 \\
    --hash=sha256:22
winonly==1.0 ; sys_platform == 'win32' \\
    --hash=sha256:33
"""


def write(tmp_path: Path, deps: str, stamp_from: str | None = None) -> tuple[Path, Path]:
    """A pyproject with `deps` and a lock stamped from `stamp_from` (default: the same)."""
    pyproject, lock = tmp_path / "pyproject.toml", tmp_path / "requirements.lock"
    pyproject.write_text(PYPROJECT.format(deps=stamp_from or deps))
    lock.write_text(LOCK)
    lockfile.stamp(pyproject, lock)
    pyproject.write_text(PYPROJECT.format(deps=deps))
    return pyproject, lock


def test_the_committed_lock_matches_pyproject() -> None:
    assert lockfile.problems() == []


@pytest.mark.parametrize(
    ("deps", "stamp_from", "expected"),
    [
        ('"alpha>=1.0", "Beta_Pkg>=2"', None, []),
        ('"alpha>=1.0", "winonly>=1; sys_platform == \'win32\'"', None, []),
        ('"alpha>=1.0", "gamma>=1"', None, ["gamma: required by pyproject.toml but not pinned"]),
        ('"alpha>=1.5"', None, ["alpha: lock pins ['1.2.0'], pyproject.toml wants '>=1.5'"]),
        ('"alpha>=1.0", "beta-pkg"', '"alpha>=1.0"', ["was not compiled from the current"]),
    ],
)
def test_lock_check(tmp_path: Path, deps: str, stamp_from: str | None, expected: list) -> None:
    found = lockfile.problems(*write(tmp_path, deps, stamp_from))
    assert len(found) == len(expected)
    for problem, wanted in zip(found, expected, strict=True):
        assert wanted in problem


def test_stamp_replaces_the_old_stamp(tmp_path: Path) -> None:
    pyproject, lock = write(tmp_path, '"alpha>=1.0"')
    lockfile.stamp(pyproject, lock)
    text = lock.read_text()
    assert text.count(lockfile.STAMP_PREFIX) == 1 and text.startswith(lockfile.STAMP_PREFIX)


def test_missing_lock(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.format(deps=""))
    [problem] = lockfile.problems(tmp_path / "pyproject.toml", tmp_path / "requirements.lock")
    assert "make lock" in problem
