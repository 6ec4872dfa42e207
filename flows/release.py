"""Release flow: plan (version and schema checks) -> build (atomic) -> verify.

Thin over `kronika.release`; every step is a plain library call. Importing this module imports
Prefect, so callers run `flows._env.configure_prefect_env()` first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task

from kronika.release.build import build_release, plan_release
from kronika.release.contract import contract_from_schemas
from kronika.release.verify import verify_release


@task(name="release-plan")
def plan(out: str, version: str) -> str | None:
    """Fail fast (before reading any table) on a bad version or an incompatible schema."""
    result = plan_release(Path(out), version, contract_from_schemas())
    return result.previous.name if result.previous else None


@task(name="release-build")
def build(out: str, version: str) -> dict[str, Any]:
    result = build_release(Path(out), version)
    return {"version": result.version, "path": str(result.path), "rows": result.rows}


@task(name="release-verify")
def verify(path: str) -> int:
    return verify_release(Path(path)).files


@flow(name="kronika-release")
def kronika_release(out: str = "output", version: str = "") -> dict[str, Any]:
    """Freeze `<out>/tables` into `<out>/releases/<version>/`; returns a small summary."""
    previous = plan(out, version)
    summary = build(out, version)
    summary["files"] = verify(summary["path"])
    summary["previous"] = previous
    return summary
