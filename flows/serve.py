"""`kronika serve`: the main flow as a scheduled Prefect deployment on a real Prefect server.

`serve()` registers the deployment "kronika-run/<name>" with the cron schedule and the inbox
and output as fixed parameters, then keeps polling the server for runs to execute (scheduled
ones, and ones started from the UI or `prefect deployment run`). Each run executes in a child
process and, as every `kronika run`, reads only new or changed inbox files.

Prefect's ephemeral server never schedules anything, so a server URL is required: start
`prefect server start` first and set PREFECT_API_URL (README, "Scheduled runs").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEPLOYMENT_NAME = "kronika-scheduled"


class ServerRequired(RuntimeError):
    pass


def require_server() -> str:
    """The API URL of a real Prefect server, or a clear error (nothing runs on schedule
    against the ephemeral server)."""
    from prefect.settings import PREFECT_API_URL

    url = (os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value() or "").strip()
    if not url:
        raise ServerRequired(
            "PREFECT_API_URL is not set: start `prefect server start` and export "
            "PREFECT_API_URL=http://127.0.0.1:4200/api (Prefect's temporary server never "
            "runs anything on a schedule)"
        )
    return url


def deployment_parameters(
    inbox: Path, out: Path, batch_size: int, workers: int, max_seconds_per_article: float
) -> dict[str, Any]:
    """Flow parameters of the deployment: absolute paths (runs start in other directories)."""
    return {
        "inputs": [str(inbox.resolve())],
        "out": str(out.resolve()),
        "batch_size": batch_size,
        "progress": False,
        "workers": workers,
        "max_seconds_per_article": max_seconds_per_article,
    }


def serve(
    cron: str,
    inbox: Path,
    out: Path,
    name: str = DEPLOYMENT_NAME,
    batch_size: int = 500,
    workers: int = 0,
    max_seconds_per_article: float = 60.0,
    limit: int = 1,
) -> None:
    """Register the deployment and execute its runs until interrupted (blocks).

    `limit` runs at a time: runs on one output folder queue behind its lock anyway.
    """
    from prefect.deployments.runner import EntrypointType

    from flows.run import kronika_run

    require_server()
    inbox.mkdir(parents=True, exist_ok=True)
    kronika_run.serve(
        name=name,
        cron=cron,
        parameters=deployment_parameters(inbox, out, batch_size, workers, max_seconds_per_article),
        description=f"kronika run {inbox} -> {out}, on the schedule {cron!r}",
        tags=["kronika"],
        limit=limit,
        pause_on_shutdown=False,
        # Runs import the flow by module name, so they work from any directory.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
