"""The one storage layer: every file the pipeline reads or writes goes through a `Store`.

A location is a local path (the default, and the fast path: `LocalStore` does exactly what the
code did before object storage existed: temporary file, fsync, `os.replace`) or an object-store
URL such as `s3://bucket/prefix`, served by fsspec (`ObjectStore`; s3 needs the `s3fs` package,
imported only when such a URL is used: `pip install 'kronika[s3]'`).

Paths inside a store are `pathlib` paths: `Path` for local disk, `PurePosixPath("bucket/key")`
(no scheme) for an object store, so `layout.out / "tables"` works the same for both; only the
I/O goes through the store. `Store.url(path)` is what another program (DuckDB, a user) needs.

Credentials and endpoint come from the standard AWS variables (`AWS_ACCESS_KEY_ID`,
`AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL` for an
S3-compatible server, or `AWS_PROFILE`), read by botocore; extra fsspec options may be given
as JSON in `KRONIKA_STORAGE_OPTIONS` (for example `{"anon": true}`).

Object stores have no rename: `ObjectStore.move` is a server-side copy followed by a delete.
That is not atomic, which is why the journal (journal.py) only ever moves files *after* its
commit point (`plan.json`, written with one PUT: an object appears whole or not at all) and
redoes the moves of a committed plan after a crash. docs/reliability.md, "Object storage".
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from typing import IO, Any

import polars as pl

from kronika.store.errors import BadLocation, StorageUnavailable

STORAGE_OPTIONS_ENV = "KRONIKA_STORAGE_OPTIONS"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
# Protocols served by the local filesystem code path (file:// URLs are plain paths).
_LOCAL_PROTOCOLS = {"file", "local"}
EXTRA_FOR = {"s3": "s3", "s3a": "s3"}

AnyPath = Path | PurePosixPath
ROW_GROUP_SIZE = 100_000


def write_parquet_atomic(frame: pl.DataFrame, path: Path) -> None:
    """Write to a temporary name in the same folder, fsync, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    frame.write_parquet(tmp, compression="zstd", row_group_size=ROW_GROUP_SIZE, statistics=True)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def protocol_of(location: str | os.PathLike[str]) -> str | None:
    """'s3' for 's3://bucket/x', None for a local path (or a file:// URL)."""
    match = _SCHEME.match(str(location)) if isinstance(location, str) else None
    if not match or match.group(1).lower() in _LOCAL_PROTOCOLS:
        return None
    return match.group(1).lower()


def is_remote(location: str | os.PathLike[str]) -> bool:
    return protocol_of(location) is not None


def _local_path(location: str | os.PathLike[str]) -> Path:
    text = str(location)
    for prefix in ("file://", "local://"):
        if text.startswith(prefix):
            return Path(text[len(prefix) :])
    return Path(location)


def storage_options() -> dict[str, Any]:
    raw = os.environ.get(STORAGE_OPTIONS_ENV, "").strip()
    if not raw:
        return {}
    options = json.loads(raw)
    if not isinstance(options, dict):
        raise BadLocation(f"{STORAGE_OPTIONS_ENV} must be a JSON object, got {raw[:60]!r}")
    return options


def filesystem(protocol: str, options: dict[str, Any] | None = None) -> Any:
    """The fsspec filesystem of `protocol`, with a clear error when its package is missing."""
    import fsspec

    kwargs = {**storage_options(), **(options or {})}
    if protocol in ("s3", "s3a"):
        # Listings are not cached: another process (the next run, a reader) may change them.
        kwargs.setdefault("use_listings_cache", False)
    try:
        return fsspec.filesystem(protocol, **kwargs)
    except ImportError as exc:
        extra = EXTRA_FOR.get(protocol)
        hint = f"pip install 'kronika[{extra}]'" if extra else "install its fsspec package"
        raise StorageUnavailable(
            f"{protocol}:// locations need an extra package ({exc}); {hint}"
        ) from None


def resolve(location: str | os.PathLike[str]) -> tuple[Store, AnyPath]:
    """A location (local path or URL) as (store, path inside that store)."""
    protocol = protocol_of(location)
    if protocol is None:
        return LOCAL, _local_path(location).resolve()
    store = ObjectStore(protocol)
    return store, store.path_of(str(location))


class LocalStore:
    """Local disk: the code path Kronika always had (fsync + rename for atomic writes)."""

    remote = False

    def url(self, path: AnyPath) -> str:
        return str(path)

    def exists(self, path: AnyPath) -> bool:
        return Path(path).exists()

    def isdir(self, path: AnyPath) -> bool:
        return Path(path).is_dir()

    def glob(self, folder: AnyPath, pattern: str) -> list[AnyPath]:
        return list(Path(folder).glob(pattern))

    def subdirs(self, folder: AnyPath) -> list[AnyPath]:
        return [p for p in Path(folder).iterdir() if p.is_dir()]

    def read_text(self, path: AnyPath) -> str:
        return Path(path).read_text(encoding="utf-8")

    def write_json_atomic(self, obj: Any, path: AnyPath) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(obj, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def write_parquet(self, frame: pl.DataFrame, path: AnyPath) -> None:
        write_parquet_atomic(frame, Path(path))

    @contextmanager
    def open_read(self, path: AnyPath) -> Iterator[IO[bytes]]:
        with Path(path).open("rb") as fh:
            yield fh

    def move(self, source: AnyPath, target: AnyPath) -> None:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)

    def unlink(self, path: AnyPath) -> None:
        Path(path).unlink(missing_ok=True)

    def rmtree(self, path: AnyPath) -> None:
        shutil.rmtree(path)

    def makedirs(self, path: AnyPath) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def touch(self, path: AnyPath) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()

    def put_file(self, local: Path, path: AnyPath) -> None:
        os.replace(local, path)

    def get_file(self, path: AnyPath, local: Path) -> None:
        shutil.copyfile(path, local)


class ObjectStore:
    """An fsspec object store (s3://...): every object is written with one PUT (atomic)."""

    remote = True

    def __init__(self, protocol: str, options: dict[str, Any] | None = None) -> None:
        self.protocol = protocol
        self.options = options or {}
        self._fs: Any = None

    def __getstate__(self) -> dict[str, Any]:  # sent to worker processes without the client
        return {"protocol": self.protocol, "options": self.options, "_fs": None}

    @property
    def fs(self) -> Any:
        if self._fs is None:
            self._fs = filesystem(self.protocol, self.options)
        return self._fs

    def path_of(self, url: str) -> PurePosixPath:
        rest = _SCHEME.sub("", url).strip("/")
        if not rest:
            raise BadLocation(f"{url!r} names no bucket")
        return PurePosixPath(rest)

    def url(self, path: AnyPath) -> str:
        return f"{self.protocol}://{PurePosixPath(path).as_posix()}"

    def _key(self, path: AnyPath) -> str:
        return PurePosixPath(path).as_posix()

    def exists(self, path: AnyPath) -> bool:
        return bool(self.fs.exists(self._key(path)))

    def isdir(self, path: AnyPath) -> bool:
        return bool(self.fs.isdir(self._key(path)))

    def glob(self, folder: AnyPath, pattern: str) -> list[AnyPath]:
        found = self.fs.glob(f"{self._key(folder)}/{pattern}")
        return [PurePosixPath(p) for p in found]

    def subdirs(self, folder: AnyPath) -> list[AnyPath]:
        if not self.isdir(folder):
            return []
        listed = self.fs.ls(self._key(folder), detail=True)
        return [PurePosixPath(e["name"]) for e in listed if e["type"] == "directory"]

    def read_text(self, path: AnyPath) -> str:
        return self.fs.cat_file(self._key(path)).decode("utf-8")

    def write_json_atomic(self, obj: Any, path: AnyPath) -> None:
        body = json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        self.fs.pipe_file(self._key(path), body)

    def write_parquet(self, frame: pl.DataFrame, path: AnyPath) -> None:
        # The object appears when the upload completes (on close); a killed writer leaves none.
        with self.fs.open(self._key(path), "wb") as fh:
            frame.write_parquet(
                fh, compression="zstd", row_group_size=ROW_GROUP_SIZE, statistics=True
            )

    @contextmanager
    def open_read(self, path: AnyPath) -> Iterator[IO[bytes]]:
        with self.fs.open(self._key(path), "rb") as fh:
            yield fh

    def move(self, source: AnyPath, target: AnyPath) -> None:
        """Copy, then delete: redone from the start by recovery if interrupted in between."""
        self.fs.copy(self._key(source), self._key(target))
        self.fs.rm_file(self._key(source))

    def unlink(self, path: AnyPath) -> None:
        with suppress(FileNotFoundError):
            self.fs.rm_file(self._key(path))

    def rmtree(self, path: AnyPath) -> None:
        with suppress(FileNotFoundError):
            self.fs.rm(self._key(path), recursive=True)

    def makedirs(self, path: AnyPath) -> None:
        """Object stores have no folders: a key's prefix exists once an object is under it."""

    def touch(self, path: AnyPath) -> None:
        self.fs.pipe_file(self._key(path), b"")

    def put_file(self, local: Path, path: AnyPath) -> None:
        self.fs.put_file(str(local), self._key(path))
        local.unlink(missing_ok=True)

    def get_file(self, path: AnyPath, local: Path) -> None:
        self.fs.get_file(self._key(path), str(local))


Store = LocalStore | ObjectStore
LOCAL = LocalStore()


def read_text_at(location: str) -> str:
    """The text of a file named by a local path or a URL."""
    store, path = resolve(location)
    return store.read_text(path)


def remove_at(location: str) -> None:
    store, path = resolve(location)
    store.unlink(path)
