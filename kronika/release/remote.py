"""Query a published release over HTTP with DuckDB.

DuckDB's own `httpfs` extension is the normal way, but it is fetched from DuckDB's extension
repository at `INSTALL` time; offline (and on this project's machines) it cannot be installed, and
no wheel on the package index ships it for DuckDB 2.0. `connect_http()` then registers a small
fsspec filesystem that reads byte ranges with urllib, so the same `read_parquet('http://…')` SQL
works. fsspec comes with Prefect; it is imported only here.
"""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from typing import Any

import duckdb
from fsspec.spec import AbstractBufferedFile, AbstractFileSystem

from kronika.release.fetch import TIMEOUT, USER_AGENT

BLOCK = 1 << 20


def _url(fs: HttpRangeFileSystem, path: str) -> str:
    # DuckDB hands fsspec the full URL; fsspec may strip the protocol on the way.
    return path if path.startswith(("http://", "https://")) else f"{fs.scheme}://{path}"


class _HttpFile(AbstractBufferedFile):
    def _fetch_range(self, start: int, end: int) -> bytes:
        if end <= start:
            return b""
        headers = {"Range": f"bytes={start}-{end - 1}", "User-Agent": USER_AGENT}
        request = urllib.request.Request(_url(self.fs, self.path), headers=headers)
        with urllib.request.urlopen(request, timeout=TIMEOUT) as resp:
            body = resp.read()
        # A server that ignores Range sends the whole file (200): cut the part asked for.
        return body if resp.status == 206 else body[start:end]


class HttpRangeFileSystem(AbstractFileSystem):
    """Read-only HTTP(S) files via Range requests (enough for DuckDB's Parquet reader)."""

    cachable = False

    def __init__(self, scheme: str = "http", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scheme = scheme
        self.protocol = (scheme,)

    def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        request = urllib.request.Request(
            _url(self, path), method="HEAD", headers={"User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as resp:
                size = int(resp.headers["Content-Length"])
        except urllib.error.HTTPError as exc:
            raise FileNotFoundError(f"{_url(self, path)}: HTTP {exc.code}") from exc
        return {"name": path, "size": size, "type": "file"}

    def ls(self, path: str, detail: bool = True, **kwargs: Any) -> list[Any]:
        entry = self.info(path)
        return [entry] if detail else [entry["name"]]

    def modified(self, path: str) -> dt.datetime:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # releases are immutable

    def _open(self, path: str, mode: str = "rb", block_size: int | None = None, **kwargs: Any):
        if mode != "rb":
            raise PermissionError("releases are read-only over HTTP")
        size = self.info(path)["size"]
        return _HttpFile(self, path, mode, block_size or BLOCK, cache_type="readahead", size=size)


def has_httpfs(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("LOAD httpfs")
    except duckdb.Error:
        return False
    return True


def connect_http(
    database: str = ":memory:", *, prefer_httpfs: bool = True
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that reads `http(s)://` URLs: httpfs if loadable, else fsspec."""
    con = duckdb.connect(database)
    if prefer_httpfs and has_httpfs(con):
        return con
    for scheme in ("http", "https"):
        con.register_filesystem(HttpRangeFileSystem(scheme))
    return con
