"""Fetching a release's files over HTTP(S) into a folder: checksums first, paths refused
before any download if one could escape, broken transfers resumed, each file checked.

Used by ``verify`` (of a URL) and ``download``; it verifies checksums only, not the release.
"""

from __future__ import annotations

import http.client
import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

import kronika
from kronika.release.errors import DownloadError, VerifyError
from kronika.release.paths import (
    CHECKSUMS,
    MANIFEST,
    UnsafePath,
    inside,
    parse_checksums,
    safe_relpath,
    sha256_file,
)

CHUNK = 1 << 16
TIMEOUT = 30.0
RETRIES = 5
BACKOFF = 0.2  # seconds, doubled per attempt
USER_AGENT = f"kronika/{kronika.__version__} (release download)"
# SHA256SUMS and manifest.json are small; a bigger answer is not a Kronika release.
METADATA_LIMIT = 16 << 20

Advance = Callable[[int], None]


class BrokenTransfer(Exception):
    """The connection ended before the whole body arrived; resume from where it stopped."""


def release_base(url: str) -> str:
    """The release folder's URL with a trailing slash (accepts a link to a file in it)."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https"):
        raise DownloadError(f"{url} is not an http(s) URL")
    path = parsed.path
    if path.rsplit("/", 1)[-1] in (CHECKSUMS, MANIFEST, "datapackage.json", "README.md"):
        path = path.rsplit("/", 1)[0]
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path.rstrip("/") + "/", "", ""))


def file_url(base: str, rel: str) -> str:
    return base + urllib.parse.quote(rel)


def _request(url: str, start: int = 0) -> urllib.request.Request:
    headers = {"User-Agent": USER_AGENT}
    if start:
        headers["Range"] = f"bytes={start}-"
    return urllib.request.Request(url, headers=headers)


def _copy_body(resp: Any, part: Path, start: int, advance: Advance, limit: int) -> None:
    """Append the body to `part`; a body shorter than Content-Length is a broken transfer,
    one longer than `limit` bytes in all is refused (a server must not fill the disk)."""
    length = resp.headers.get("Content-Length")
    received = 0
    with part.open("ab" if start else "wb") as fh:
        while True:
            try:
                chunk = resp.read(CHUNK)
            except http.client.IncompleteRead as exc:
                fh.write(exc.partial)
                advance(len(exc.partial))
                raise BrokenTransfer(str(exc)) from exc
            if not chunk:
                break
            if start + received + len(chunk) > limit:
                raise DownloadError(f"{resp.url}: larger than the {limit} bytes expected")
            fh.write(chunk)
            received += len(chunk)
            advance(len(chunk))
    if length is not None and received < int(length):
        raise BrokenTransfer(f"got {received} of {length} bytes")


def _resume_point(resp: Any, have: int) -> int:
    """Where the server's answer starts: `have` for a matching 206, 0 when it sent it all."""
    if resp.status == 206:
        content_range = resp.headers.get("Content-Range", "")
        start = content_range.removeprefix("bytes ").split("-", 1)[0]
        if start.isdigit() and int(start) == have:
            return have
        raise BrokenTransfer(f"server answered range {content_range!r} for bytes={have}-")
    return 0


def _attempt(url: str, part: Path, advance: Advance, rewind: Advance, limit: int) -> None:
    have = part.stat().st_size if part.exists() else 0
    with urllib.request.urlopen(_request(url, have), timeout=TIMEOUT) as resp:
        start = _resume_point(resp, have)
        if start != have:  # the server ignored Range: start over
            rewind(have)
        _copy_body(resp, part, start, advance, limit)


def download_file(
    url: str,
    dest: Path,
    *,
    advance: Advance = lambda n: None,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    limit: int = METADATA_LIMIT,
) -> None:
    """Download `url` to `dest` through `dest.part`, resuming with HTTP Range after a break."""
    part = dest.with_name(dest.name + ".part")
    rewind: Advance = lambda n: advance(-n)  # noqa: E731
    for attempt in range(retries + 1):
        try:
            _attempt(url, part, advance, rewind, limit)
            os.replace(part, dest)
            return
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and part.exists():  # asked past the end: restart cleanly
                rewind(part.stat().st_size)
                part.unlink()
            elif exc.code < 500 and exc.code not in (408, 429):
                raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
            error: Exception = exc
        except (BrokenTransfer, urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            error = exc
        if attempt < retries:
            time.sleep(backoff * 2**attempt)
    raise DownloadError(f"{url}: gave up after {retries + 1} attempts: {error}")


def fetch_small(url: str, *, retries: int = RETRIES) -> bytes:
    """A small file (SHA256SUMS) read into memory, with the same retries."""
    with tempfile.TemporaryDirectory(prefix="kronika-fetch-") as tmp:
        path = Path(tmp) / "file"
        download_file(url, path, retries=retries)
        return path.read_bytes()


def _progress(enabled: bool) -> AbstractContextManager[Progress | None]:
    if not enabled:
        return nullcontext()
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )


def _checked_file(folder: Path, rel: str, digest: str) -> None:
    actual = sha256_file(folder / rel)
    if actual != digest:
        raise DownloadError(
            f"{rel}: checksum mismatch after download (sha256 {actual}, {CHECKSUMS} says {digest})"
        )


def _manifest_sizes(manifest: dict[str, Any]) -> dict[str, int]:
    sizes = {}
    for entry in manifest.get("files", []):
        try:
            sizes[safe_relpath(entry["path"])] = int(entry["bytes"])
        except UnsafePath as exc:
            raise DownloadError(f"refusing the release: {MANIFEST}: {exc}") from exc
    return sizes


def fetch_release(url: str, folder: Path, *, progress: bool = True, retries: int = RETRIES) -> dict:
    """Download every file of the release at `url` into the empty `folder`; returns the manifest.

    Paths come from SHA256SUMS and are refused before any download if one could escape.
    """
    base = release_base(url)
    try:
        sums = parse_checksums(fetch_small(file_url(base, CHECKSUMS), retries=retries).decode())
    except (VerifyError, UnicodeDecodeError) as exc:
        raise DownloadError(f"refusing the release at {base}: {exc}") from exc
    if MANIFEST not in sums:
        raise DownloadError(f"{base}{CHECKSUMS} does not list {MANIFEST}")
    order = [MANIFEST, *(rel for rel in sums if rel != MANIFEST)]
    sizes: dict[str, int] = {}
    with _progress(progress) as bar:
        task = bar.add_task("manifest", total=None) if bar else None

        def advance(n: int) -> None:
            if bar is not None:
                bar.advance(task, n)

        for rel in order:
            dest = inside(folder, rel)
            dest.parent.mkdir(parents=True, exist_ok=True)
            limit = sizes.get(rel, METADATA_LIMIT)
            download_file(file_url(base, rel), dest, advance=advance, retries=retries, limit=limit)
            _checked_file(folder, rel, sums[rel])
            if rel == MANIFEST:
                manifest = json.loads(dest.read_text(encoding="utf-8"))
                sizes = _manifest_sizes(manifest)
                if bar is not None:
                    bar.update(
                        task,
                        description=f"kronika {manifest.get('version')}",
                        total=sum(sizes.values()) + dest.stat().st_size,
                    )
    (folder / CHECKSUMS).write_bytes("".join(f"{d}  {r}\n" for r, d in sums.items()).encode())
    return manifest
