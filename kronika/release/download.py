"""`kronika download`: fetch a release over HTTP(S), verify it, then rename it into place.

Nothing is written outside a hidden temporary folder until it verified.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kronika.release.errors import DownloadError, VerifyError
from kronika.release.fetch import RETRIES, fetch_release
from kronika.release.paths import MANIFEST
from kronika.release.semver import VERSION_RE
from kronika.release.verify import verify_folder


def download_release(
    url: str, to: Path | str = Path("."), *, progress: bool = True, retries: int = RETRIES
) -> Path:
    """Download, verify and install the release at `url` as `<to>/<version>/`."""
    to = Path(to)
    to.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kronika-download-", dir=to))
    try:
        manifest = fetch_release(url, tmp, progress=progress, retries=retries)
        target = _target(to, manifest)
        verify_folder(tmp)
        os.chmod(tmp, 0o777 & ~_current_umask())  # mkdtemp made it 0700: the user's umask rules
        os.rename(tmp, target)
        return target
    except VerifyError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise DownloadError(str(exc)) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _current_umask() -> int:
    mask = os.umask(0o077)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


def _target(to: Path, manifest: dict[str, Any]) -> Path:
    version = str(manifest.get("version", ""))
    if not VERSION_RE.match(version):
        raise DownloadError(f"{MANIFEST} has no valid version (got {version!r})")
    target = to / version
    if target.exists() or target.is_symlink():
        raise DownloadError(f"{target} already exists; remove it or choose another --to")
    return target
