"""One writer per output folder: a second `kronika run` refuses instead of corrupting it.

Local disk: an flock on `<out>/.kronika.lock` (the OS frees it when the holder dies). Object
storage (s3://): a lock object created with a conditional PUT, kept alive by a heartbeat
(`object_lock`; docs/reliability.md, "Object storage"). `output_lock(layout)` picks the one
the output needs.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class OutputLocked(RuntimeError):
    pass


@contextmanager
def exclusive_lock(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock; the OS frees it when the process dies (even SIGKILL)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise OutputLocked(
                f"another kronika run (pid {holder}) is writing to {lock_file.parent}; "
                "wait for it to finish or use another --out"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


# --- Object storage (s3://): a lock object created with a conditional PUT -----------------------
# There is no flock on an object store, and nothing frees a lock when its holder dies. The lock
# is an object created with `If-None-Match: *` (S3 refuses the PUT when the key exists, so one
# writer wins), refreshed by a heartbeat (`If-Match: <our ETag>`, so a writer that lost the
# lock notices), and deleted with `If-Match` at the end. A lock is stale when its heartbeat is
# older than its TTL, or, on the holder's own host, when its process is gone; a stale lock is
# taken over with `If-Match: <the stale ETag>`, so of two contenders only one wins.

LOCK_TTL_ENV = "KRONIKA_LOCK_TTL_S"
DEFAULT_LOCK_TTL_S = 120.0


@dataclass
class _HeldObjectLock:
    store: Any
    key: str
    etag: str
    ttl_s: float
    stop: threading.Event = field(default_factory=threading.Event)
    lost: str = ""  # why the lock was lost (empty while held)
    thread: threading.Thread | None = None


_HELD: dict[str, _HeldObjectLock] = {}  # lock URL -> a lock this process holds


def lock_ttl_s() -> float:
    return float(os.environ.get(LOCK_TTL_ENV, DEFAULT_LOCK_TTL_S))


@contextmanager
def output_lock(layout: Any) -> Iterator[None]:
    """The single-writer lock of an output: flock on local disk, a lock object on S3."""
    if not layout.remote:
        with exclusive_lock(layout.lock_file):
            yield
        return
    with object_lock(layout.store, layout.lock_file):
        yield


def _bucket_key(key: str) -> tuple[str, str]:
    bucket, _, rest = key.partition("/")
    return bucket, rest


def _s3_call(store: Any, method: str, key: str, **kwargs: Any) -> dict[str, Any]:
    from fsspec.asyn import sync

    if store.protocol not in ("s3", "s3a"):
        raise OutputLocked(
            f"{store.protocol}:// outputs are not supported: the single-writer lock needs S3 "
            "conditional writes (If-None-Match / If-Match)"
        )
    bucket, rest = _bucket_key(key)
    fs = store.fs
    return sync(fs.loop, fs._call_s3, method, Bucket=bucket, Key=rest, **kwargs)


def _lock_body(ttl_s: float, acquired_at: float) -> bytes:
    body = {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "acquired_at": acquired_at,
        "heartbeat_at": time.time(),
        "ttl_s": ttl_s,
    }
    return json.dumps(body, sort_keys=True).encode()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_reason(holder: dict[str, Any], now: float | None = None) -> str:
    """Why a lock object's holder is gone ('' while it looks alive)."""
    now = time.time() if now is None else now
    try:
        age = now - float(holder["heartbeat_at"])
        ttl = float(holder.get("ttl_s", DEFAULT_LOCK_TTL_S))
        pid = int(holder["pid"])
    except (KeyError, TypeError, ValueError):
        return "unreadable lock object"
    if age > ttl:
        return f"no heartbeat for {age:.0f} s (TTL {ttl:.0f} s)"
    if holder.get("host") == socket.gethostname() and not _pid_alive(pid):
        return f"process {pid} on this host is gone"
    return ""


def read_lock_object(store: Any, key: str) -> tuple[dict[str, Any], str] | None:
    """(holder, ETag) of a lock object, or None when there is none."""
    try:
        got = _s3_call(store, "get_object", key)
    except FileNotFoundError:
        return None
    raw = sync_read(got["Body"], store)
    try:
        holder = json.loads(raw)
    except ValueError:
        holder = {}
    return (holder if isinstance(holder, dict) else {}), got["ETag"]


def sync_read(body: Any, store: Any) -> bytes:
    from fsspec.asyn import sync

    async def read() -> bytes:
        async with body as stream:
            return await stream.read()

    return sync(store.fs.loop, read)


# S3's answers to a conditional write that lost: 412 (the condition does not hold) and 409
# (another conditional write to the key was in flight).
_CONDITION_FAILED = {"PreconditionFailed", "ConditionalRequestConflict", "412", "409"}


def condition_failed(exc: BaseException) -> bool:
    """Whether an S3 call failed because its If-Match / If-None-Match condition did not hold."""
    if isinstance(exc, FileExistsError):  # s3fs's translation of a failed If-None-Match
        return True
    response = getattr(exc.__cause__, "response", None) or {}
    return str(response.get("Error", {}).get("Code", "")) in _CONDITION_FAILED


def _create(store: Any, key: str, ttl_s: float, acquired_at: float, **condition: str) -> str:
    """PUT the lock object under `condition`; its ETag, or '' when the condition failed.

    Any other error (no bucket, no network, no permission) is raised.
    """
    try:
        done = _s3_call(store, "put_object", key, Body=_lock_body(ttl_s, acquired_at), **condition)
    except OSError as exc:
        if condition_failed(exc):
            return ""
        raise
    return str(done["ETag"])


def _acquire(store: Any, key: str, ttl_s: float) -> str:
    url = store.url(key)
    acquired_at = time.time()
    for _ in range(3):  # the holder may release between our create and our read
        etag = _create(store, key, ttl_s, acquired_at, IfNoneMatch="*")
        if etag:
            return etag
        found = read_lock_object(store, key)
        if found is None:
            continue
        holder, held_etag = found
        reason = stale_reason(holder)
        if not reason:
            age = time.time() - float(holder.get("heartbeat_at", 0))
            raise OutputLocked(
                f"another kronika run (pid {holder.get('pid', 'unknown')} on "
                f"{holder.get('host', 'unknown host')}, heartbeat {age:.0f} s ago) is writing "
                f"to {url.rsplit('/', 1)[0]}; wait for it to finish or use another --out "
                f"(a lock without heartbeat for {holder.get('ttl_s', ttl_s):.0f} s is stale)"
            )
        etag = _create(store, key, ttl_s, acquired_at, IfMatch=held_etag)
        if etag:  # recovery of the dead writer's leftovers runs next, under this lock
            logging.getLogger(__name__).warning("took over the stale lock %s: %s", url, reason)
            return etag
        raise OutputLocked(f"another kronika run took over the stale lock {url} first")
    raise OutputLocked(f"could not create the lock object {url} (it keeps changing)")


def _heartbeat(held: _HeldObjectLock, acquired_at: float) -> None:
    """Refresh the lock every TTL/4; a failed refresh is retried until 3/4 of the TTL passed."""
    refreshed = time.monotonic()
    while not held.stop.wait(held.ttl_s / 4):
        try:
            etag = _create(held.store, held.key, held.ttl_s, acquired_at, IfMatch=held.etag)
        except OSError as exc:  # the store did not answer: others may soon see the lock stale
            if time.monotonic() - refreshed > held.ttl_s * 3 / 4:
                held.lost = f"the lock object {held.store.url(held.key)} not refreshed: {exc}"
                return
            continue
        if not etag:
            held.lost = f"the lock object {held.store.url(held.key)} was taken over or removed"
            return
        held.etag, refreshed = etag, time.monotonic()


@contextmanager
def object_lock(store: Any, lock_file: Any, ttl_s: float | None = None) -> Iterator[None]:
    """Hold the lock object `lock_file` in `store` (an S3 ObjectStore) for the block."""
    ttl_s = lock_ttl_s() if ttl_s is None else ttl_s
    key = store._key(lock_file)
    url = store.url(key)
    held = _HeldObjectLock(store, key, _acquire(store, key, ttl_s), ttl_s)
    held.thread = threading.Thread(
        target=_heartbeat, args=(held, time.time()), name="kronika-lock-heartbeat", daemon=True
    )
    _HELD[url] = held
    held.thread.start()
    try:
        yield
    finally:
        held.stop.set()
        held.thread.join(timeout=30)
        _HELD.pop(url, None)
        if not held.lost:
            try:
                _s3_call(store, "delete_object", key, IfMatch=held.etag)
            except OSError as exc:  # taken over meanwhile: the new holder's object stays
                if not condition_failed(exc) and not isinstance(exc, FileNotFoundError):
                    raise


def check_object_lock(layout: Any) -> None:
    """Refuse to pass a commit point after this process lost the output's lock object."""
    held = _HELD.get(layout.store.url(layout.lock_file))
    if held is not None and held.lost:
        raise OutputLocked(f"{held.lost}; this run stops before its next commit")
