"""Finding input files: a file or a folder (recursive), with stable relative names."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kronika.ingest.readers import HTML_SUFFIXES, TEXT_SUFFIXES

# Documentation that lives beside sample inputs is not an article.
IGNORED_NAMES = ("readme", "license", "licence", "notice")


@dataclass(frozen=True)
class InputFile:
    path: Path  # where to read it
    input_uri: str  # stable name: input root's name + path inside it, '/'-separated
    size: int
    mtime_ns: int
    problem: str | None = None  # 'unreadable' / 'not_a_file' when it cannot be read


def is_ignored(name: str) -> bool:
    lower = name.lower()
    return lower.startswith((".", "_")) or lower.split(".")[0] in IGNORED_NAMES


def is_sidecar(path: Path) -> bool:
    """A JSON file next to a .txt/.md/.html of the same name holds that article's metadata."""
    if path.suffix.lower() != ".json":
        return False
    stem = path.name[:-5]
    for suffix in TEXT_SUFFIXES + HTML_SUFFIXES:
        if (path.parent / stem).suffix.lower() == suffix and (path.parent / stem).exists():
            return True
        if path.with_name(stem + suffix).exists():
            return True
    return False


def _entry(path: Path, uri: str) -> InputFile:
    try:
        info = path.stat()
    except OSError as exc:  # broken link, symlink loop, permission denied on the folder
        return InputFile(path, uri, 0, 0, f"unreadable: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return InputFile(path, uri, 0, 0, "not_a_file")
    if not os.access(path, os.R_OK):
        return InputFile(path, uri, info.st_size, info.st_mtime_ns, "unreadable: permission denied")
    return InputFile(path, uri, info.st_size, info.st_mtime_ns)


def _walk(root: Path) -> Iterator[Path]:
    # followlinks=False: a symlinked folder could loop; linked files are still read.
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        for name in sorted(files):
            if not is_ignored(name):
                yield Path(folder) / name


def discover(inputs: list[Path]) -> list[InputFile]:
    """Every candidate input file once, sorted by input_uri. Sidecars are not inputs."""
    found: dict[str, InputFile] = {}
    for given in inputs:
        if given.is_dir():
            root_name = given.resolve().name
            for path in _walk(given):
                if is_sidecar(path):
                    continue
                uri = f"{root_name}/{path.relative_to(given).as_posix()}"
                found.setdefault(uri, _entry(path, uri))
        else:
            found.setdefault(given.name, _entry(given, given.name))
    return [found[uri] for uri in sorted(found)]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
