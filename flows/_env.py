"""Prefect settings for running offline and quietly; must run before `import prefect`.

Each value is only a default: anything the user set in the environment wins.
"""

from __future__ import annotations

import os
from pathlib import Path

PREFECT_DEFAULTS = {
    # Telemetry heartbeat to an outside host: off (it only logs errors offline).
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS": "2",
    "PREFECT_TASKS_DEFAULT_NO_CACHE": "true",
}


def configure_prefect_env() -> None:
    """Set offline defaults; keep Prefect's state in ~/.kronika/prefect unless told otherwise."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if "PREFECT_HOME" not in os.environ:
        home = Path(os.environ.get("KRONIKA_HOME", Path.home() / ".kronika")) / "prefect"
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home)
