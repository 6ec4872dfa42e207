"""`kronika serve` on a real Prefect server: register, trigger through the API, check output.

Starts `prefect server start` on a free loopback port (own PREFECT_HOME, telemetry off), then
`kronika serve` against it; triggers a run of the deployment through the REST API, waits for
it, checks the tables and the run-summary artifact. Every process is stopped (its whole tree)
in `finally` within bounded time, also when an assertion fails. Slow: about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kronika.bench.server import LocalServer, stop_tree
from kronika.store.layout import Layout
from kronika.store.parquet import read_table

REPO = Path(__file__).resolve().parents[1]
DEPLOYMENT = "kronika-test"
NEVER = "0 0 1 1 *"  # once a year: only the run triggered below happens in the test
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}

pytestmark = pytest.mark.flow


def wait_for(check, timeout: float, what: str, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"kronika serve exited ({proc.returncode}): {log.read_text()[-3000:]}")
        found = check()
        if found:
            return found
        time.sleep(1)
    pytest.fail(f"timed out waiting for {what}: {log.read_text()[-3000:]}")


def test_serve_registers_deployment_and_runs_it_through_the_api(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(REPO / "raw" / "lv" / "nato-tokyo.txt", inbox / "nato-tokyo.txt")
    serve_log = tmp_path / "serve.log"
    serve = None
    with LocalServer(tmp_path / "prefect") as server:
        env = {**server.env, "PREFECT_RUNNER_POLL_FREQUENCY": "2"}
        try:
            args = ["serve", "--cron", NEVER, "--inbox", str(inbox), "--out", str(out)]
            serve = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kronika.cli",
                    *args,
                    "--name",
                    DEPLOYMENT,
                    "--workers",
                    "1",
                ],
                env=env,
                cwd=tmp_path,  # runs must not depend on the repository being the cwd
                stdout=serve_log.open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

            def deployment():
                found = server.api("POST", "/deployments/filter", {"limit": 10})
                return next((d for d in found if d["name"] == DEPLOYMENT), None)

            dep = wait_for(deployment, 180, "the deployment", serve, serve_log)
            assert dep["parameters"]["inputs"] == [str(inbox.resolve())]
            assert dep["parameters"]["out"] == str(out.resolve())
            schedules = [s["schedule"].get("cron") for s in dep.get("schedules", [])]
            assert schedules == [NEVER]

            run = server.api("POST", f"/deployments/{dep['id']}/create_flow_run", {})

            def finished():
                state = server.api("GET", f"/flow_runs/{run['id']}")["state"]
                return state if state and state["type"] in FINAL else None

            state = wait_for(finished, 300, "the flow run", serve, serve_log)
            assert state["type"] == "COMPLETED", state
            articles = read_table(Layout.at(out), "articles")
            assert articles["input_uri"].to_list() == ["inbox/nato-tokyo.txt"]
            assert read_table(Layout.at(out), "mentions").height > 10
            artifacts = server.api(
                "POST",
                "/artifacts/filter",
                {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}},
            )
            summary = [a for a in artifacts if a["key"] == "kronika-run-summary"]
            assert summary and "| inputs | articles |" in summary[0]["data"]
            assert "| 1 | 1 | 0 | 0 | yes |" in summary[0]["data"]
        finally:
            if serve is not None:
                stop_tree(serve)
    assert serve is not None and serve.poll() is not None
    assert not any(Path(f"/proc/{pid}").exists() for pid in [server.proc.pid])


def test_serve_without_a_server_is_a_usage_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    result = subprocess.run(
        [sys.executable, "-m", "kronika.cli", "serve", "--inbox", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "PREFECT_API_URL is not set" in result.stderr
