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


# A command at the terminal reports a failed flow itself (one line, or the traceback of a
# bug); Prefect logging the same exception again with its traceback only buries that line.
# A served deployment keeps these logs: there they are the only report.
TERMINAL_DEFAULTS = {
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "CRITICAL",
}


def configure_prefect_env(terminal: bool = False) -> None:
    """Set offline defaults; keep Prefect's state in ~/.kronika/prefect unless told otherwise.

    `terminal`: a command run by a person, who reads the command's own failure report.
    """
    defaults = PREFECT_DEFAULTS | (TERMINAL_DEFAULTS if terminal else {})
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    if "PREFECT_HOME" not in os.environ:
        home = Path(os.environ.get("KRONIKA_HOME", Path.home() / ".kronika")) / "prefect"
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home)
