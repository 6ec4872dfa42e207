"""The code version stamped on runs and releases."""

from __future__ import annotations

import subprocess
from pathlib import Path

import kronika

REPO_ROOT = Path(kronika.__file__).resolve().parents[1]


def code_version(repo: Path = REPO_ROOT) -> str:
    """Kronika version plus the git commit (and `.dirty` when the work tree has changes)."""
    try:
        sha = _git(repo, "rev-parse", "--short=12", "HEAD")
        dirty = _git(repo, "status", "--porcelain", "--untracked-files=no", "--", "kronika")
    except (OSError, subprocess.SubprocessError):
        return kronika.__version__
    return f"{kronika.__version__}+g{sha}" + (".dirty" if dirty else "")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=20, check=True
    )
    return done.stdout.strip()
