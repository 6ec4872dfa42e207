"""Shared fixtures. Prefect runs against a throwaway server started once per session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples every time (a new fuzz finding should not appear by chance);
# set HYPOTHESIS_PROFILE=explore locally to search with fresh random examples.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "data"
SEED_ARTICLE = REPO / "raw" / "lv" / "nato-tokyo.txt"

# Prefect must never touch ~/.prefect or an outside host during tests.
_PREFECT_HOME = tempfile.mkdtemp(prefix="kronika-prefect-")
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.pop("PREFECT_API_URL", None)
from flows._env import configure_prefect_env  # noqa: E402

configure_prefect_env()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`@pytest.mark.needs_corpora` tests skip when the full corpora are not beside the repo.

    A test taking the `corpora` fixture gets the marker too, so `-m needs_corpora` (the CI
    step that runs them with the corpora) selects it.
    """
    for item in items:
        if "corpora" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.needs_corpora)
    if CORPORA.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the full corpora in {CORPORA} (absent)")
    for item in items:
        if "needs_corpora" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def corpora() -> Path:
    """../shared/data (the full corpora); the test skips when it is absent."""
    if not CORPORA.is_dir():
        pytest.skip(f"needs the full corpora in {CORPORA} (absent)")
    return CORPORA


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """A temporary Prefect API for flow tests (about 8 s once per session)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled sample inputs."""
    target = tmp_path / "raw"
    shutil.copytree(REPO / "raw", target)
    return target
