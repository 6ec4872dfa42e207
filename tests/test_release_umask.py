"""A downloaded release folder gets the user's umask, not mkdtemp's private 0700."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kronika.release import download, verify


@pytest.fixture
def fake_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A release "fetched" without HTTP (the transfer itself is tested in test_release_e2e)."""

    def fetch_release(url: str, folder: Path, **kwargs: object) -> dict:
        (folder / "tables").mkdir()
        (folder / "tables" / "articles.parquet").write_bytes(b"PAR1")
        return {"version": "1.2.3"}

    monkeypatch.setattr(download, "fetch_release", fetch_release)
    monkeypatch.setattr(verify, "verify_folder", lambda folder: None)
    monkeypatch.setattr(download, "verify_folder", lambda folder: None, raising=False)


@pytest.fixture
def umask() -> Iterator[callable]:
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


@pytest.mark.parametrize(
    ("mask", "folder_mode", "file_mode"),
    [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640), (0o077, 0o700, 0o600), (0o002, 0o775, 0o664)],
)
def test_downloaded_release_keeps_the_umask(
    fake_fetch: None, umask, tmp_path: Path, mask: int, folder_mode: int, file_mode: int
) -> None:
    umask(mask)
    target = download.download_release("http://example.invalid/r/1.2.3/", tmp_path / "data")
    assert target == tmp_path / "data" / "1.2.3"
    assert stat.S_IMODE(target.stat().st_mode) == folder_mode
    assert stat.S_IMODE((target / "tables").stat().st_mode) == folder_mode
    assert stat.S_IMODE((target / "tables" / "articles.parquet").stat().st_mode) == file_mode
    assert os.umask(mask) == mask  # reading it left it as it was


def test_a_failed_download_leaves_no_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(url: str, folder: Path, **kwargs: object) -> dict:
        raise download.DownloadError("connection lost")

    monkeypatch.setattr(download, "fetch_release", broken)
    with pytest.raises(download.DownloadError, match="connection lost"):
        download.download_release("http://example.invalid/r/1.2.3/", tmp_path / "data")
    assert list((tmp_path / "data").iterdir()) == []
