"""A real `prefect server start` on a free loopback port, as a child process (tests, bench).

Used by the serve test and by `kronika bench --startup` to measure the fixed start-up cost of
a run against a running server. The server gets its own PREFECT_HOME, telemetry off, and is
stopped (its whole process tree) within bounded time, also when the caller fails. Starting a
process is not importing Prefect: the library stays free of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

# Busy answers of the server worth a retry (its SQLite database falls behind under load).
RETRYABLE_STATUS = {429, 502, 503}

QUIET_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(root: int) -> list[int]:
    """Every process below `root` (children first found, then theirs), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def stop_tree(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM the process, its group and every descendant; SIGKILL what is left after `grace`."""
    if proc.poll() is not None and not descendants(proc.pid):
        return
    pids = [proc.pid, *descendants(proc.pid)]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    for pid in [*pids, *descendants(proc.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class LocalServer:
    """`with LocalServer(home) as server:` -> server.api_url, server.env (for clients)."""

    def __init__(self, home: Path, port: int | None = None, startup_timeout: float = 180.0):
        self.home, self.port = home, port or free_port()
        self.startup_timeout = startup_timeout
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.ui_url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = home / "server.log"
        self.startup_s = 0.0

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            **QUIET_ENV,
            "PREFECT_HOME": str(self.home),
            "PREFECT_API_URL": self.api_url,
        }

    def __enter__(self) -> LocalServer:
        self.home.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        server_env = {k: v for k, v in self.env.items() if k != "PREFECT_API_URL"}
        prefect = Path(sys.executable).parent / "prefect"
        args = [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)]
        self.proc = subprocess.Popen(
            args,
            env=server_env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
        try:
            self._wait_healthy()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        self.startup_s = time.perf_counter() - began
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"prefect server exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise TimeoutError(f"prefect server not healthy after {self.startup_timeout} s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            stop_tree(self.proc)

    def api(self, method: str, path: str, body: Any = None, timeout: float = 30.0) -> Any:
        """One REST call to the server (JSON in, JSON out).

        The server's SQLite database answers 503/429 while it is busy (seen on a loaded
        machine); like Prefect's own client, retry those with backoff, within `timeout`.
        """
        data = None if body is None else json.dumps(body).encode()
        deadline = time.monotonic() + timeout
        delay = 0.5
        while True:
            req = urllib.request.Request(
                f"{self.api_url}{path}",
                data=data,
                method=method,
                headers={"Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(req, timeout=timeout) as resp:
                    raw = resp.read()
                return json.loads(raw) if raw else None
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRYABLE_STATUS or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
