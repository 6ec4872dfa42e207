"""Inputs in an object store (`s3://bucket/inbox/`): listed and fetched through the storage layer.

Listing follows the local rules of kronika.ingest.discover (same ignored names, sidecars are
not inputs, the same stable `input_uri`: the inbox folder's name + the key below it), so an
inbox gives the same input_uri on disk and in a bucket. Size and modification time come from
the listing (no download), which is what lets an unchanged file be skipped without reading it.

The readers work on local files, so an object is fetched (with its sidecar metadata files, if
any) into a per-process cache folder when its content is needed: to hash a new or changed file,
count its records, or read a batch of it. The cache is keyed by URL, size and modification
time, emptied at the start of every plan and removed when the process exits.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kronika.ingest.discover import InputFile, discover, is_ignored
from kronika.ingest.readers import HTML_SUFFIXES, TEXT_SUFFIXES
from kronika.store.fs import ObjectStore, is_remote, resolve

_cache: dict[str, Path] = {}  # 'root' -> the cache folder of this process


@dataclass(frozen=True)
class RemoteInput(InputFile):
    url: str = ""  # where to fetch it; `path` is its key inside the store


def discover_inputs(inputs: list[Path | str]) -> list[InputFile]:
    """Every candidate input once, sorted by input_uri: local paths and store URLs alike."""
    local = [Path(p) for p in inputs if not is_remote(p)]
    found: dict[str, InputFile] = {}
    for entry in discover(local) if local else []:
        found.setdefault(entry.input_uri, entry)
    for given in inputs:
        if is_remote(given):
            for entry in _discover_remote(str(given)):
                found.setdefault(entry.input_uri, entry)
    return [found[uri] for uri in sorted(found)]


def remote_input_exists(url: str) -> bool:
    store, path = resolve(url)
    return store.exists(path)


def _mtime_ns(info: dict[str, Any]) -> int:
    stamp = info.get("LastModified") or info.get("mtime") or info.get("last_modified") or 0
    if isinstance(stamp, dt.datetime):
        return int(stamp.timestamp()) * 1_000_000_000 + stamp.microsecond * 1000
    return int(float(stamp) * 1_000_000_000)


def _is_sidecar(key: str, listed: set[str]) -> bool:
    """The listing form of kronika.ingest.discover.is_sidecar."""
    if not key.lower().endswith(".json"):
        return False
    stem = key[:-5]
    for suffix in TEXT_SUFFIXES + HTML_SUFFIXES:
        if PurePosixPath(stem).suffix.lower() == suffix and stem in listed:
            return True
        if stem + suffix in listed:
            return True
    return False


def _entry(store: ObjectStore, key: str, info: dict[str, Any], uri: str) -> RemoteInput:
    path = PurePosixPath(key)
    return RemoteInput(path, uri, int(info.get("size") or 0), _mtime_ns(info), url=store.url(key))  # type: ignore[arg-type]


def _discover_remote(url: str) -> list[RemoteInput]:
    store, root = resolve(url)
    assert isinstance(store, ObjectStore)
    key = root.as_posix()
    if store.fs.isfile(key):
        return [_entry(store, key, store.fs.info(key), root.name)]
    if not store.fs.isdir(key):
        raise FileNotFoundError(f"no such input: {url}")
    listing = store.fs.find(key, detail=True)
    files = {k: v for k, v in listing.items() if v.get("type") != "directory"}
    entries = []
    for name in sorted(files):
        rel = PurePosixPath(name).relative_to(key)
        if any(is_ignored(part) for part in rel.parts) or name.endswith("/"):
            continue
        if _is_sidecar(name, set(files)):
            continue
        entries.append(_entry(store, name, files[name], f"{root.name}/{rel.as_posix()}"))
    return entries


def _cache_root() -> Path:
    if "root" not in _cache:
        _cache["root"] = Path(tempfile.mkdtemp(prefix="kronika-inbox-"))
        atexit.register(shutil.rmtree, _cache["root"], True)
    return _cache["root"]


def clear_cache() -> None:
    """Forget fetched inputs (a new plan may see new versions of them)."""
    root = _cache.pop("root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


def local_copy(url: str, size: int, mtime_ns: int) -> Path:
    """A local copy of the object at `url` (and its sidecars), fetched once per version."""
    store, path = resolve(url)
    tag = hashlib.sha256(f"{url}\n{size}\n{mtime_ns}".encode()).hexdigest()[:20]
    folder = _cache_root() / tag
    local = folder / path.name
    if local.exists():
        return local
    partial = folder.with_name(f".{tag}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    store.get_file(path, partial / path.name)
    for sidecar in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if sidecar != path and store.exists(sidecar):
            store.get_file(sidecar, partial / sidecar.name)
    partial.rename(folder)  # whole or not at all: a reader never sees half a fetch
    return local


def readable_path(entry: InputFile) -> Path:
    """Where the readers can open an input: itself, or a local copy of a remote object."""
    if isinstance(entry, RemoteInput):
        return local_copy(entry.url, entry.size, entry.mtime_ns)
    return entry.path


def slice_path(location: str, size: int, mtime_ns: int) -> Path:
    """The file to read for a planned slice (`Slice.path`: a local path or a store URL)."""
    if is_remote(location):
        return local_copy(location, size, mtime_ns)
    return Path(location)
