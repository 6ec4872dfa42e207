"""A release's named files and checksums; paths named by a release are untrusted input.

The lowest room of kronika/release/: build, verify, fetch and download all read it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from kronika.release.errors import VerifyError

HEX64 = re.compile(r"^[0-9a-f]{64}$")
CHECKSUMS = "SHA256SUMS"
MANIFEST = "manifest.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class UnsafePath(ValueError):
    """A path that would land outside the release folder."""


def safe_relpath(rel: str) -> str:
    """Return `rel` if it is a plain relative POSIX path inside the release, else raise."""
    if not rel or "\x00" in rel or "\\" in rel:
        raise UnsafePath(f"path {rel!r} is empty or contains a backslash or NUL")
    if rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
        raise UnsafePath(f"path {rel!r} is absolute; it would be written outside the target")
    if any(part in ("", "..", ".") for part in rel.split("/")):
        raise UnsafePath(f"path {rel!r} contains '..', '.' or '//'; it would escape the target")
    return rel


def inside(folder: Path, rel: str) -> Path:
    """`folder/rel`, refusing symlinks on the way and anything resolving outside `folder`."""
    path = folder / safe_relpath(rel)
    current = folder
    for part in PurePosixPath(rel).parts:
        current = current / part
        if current.is_symlink():
            raise UnsafePath(f"path {rel!r} goes through a symlink ({current.name})")
    if not path.resolve().is_relative_to(folder.resolve()):
        raise UnsafePath(f"path {rel!r} resolves outside {folder}")
    return path


def parse_checksums(text: str, where: str = "SHA256SUMS") -> dict[str, str]:
    """`sha256sum` output -> {path: hex digest}; any malformed or unsafe line is an error."""
    sums: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        digest, sep, rel = line.partition("  ")
        if not sep:
            digest, sep, rel = line.partition(" *")
        if not sep or not HEX64.match(digest):
            problems.append(f"{where} line {number} is not '<sha256>  <path>': {line[:80]!r}")
            continue
        try:
            safe_relpath(rel)
        except UnsafePath as exc:
            problems.append(f"{where} line {number}: refusing {exc}")
            continue
        if rel in sums:
            problems.append(f"{where} lists {rel!r} twice")
        sums[rel] = digest
    if problems:
        raise VerifyError(where, problems)
    if not sums:
        raise VerifyError(where, [f"{where} lists no files"])
    return sums
