"""One reader per input format. Readers never raise on bad input: they yield rejects.

Formats (by file name, case-insensitive; each may also end in `.gz`):
- `.txt`, `.md`: one article; optional YAML front matter (`---` lines) or a sidecar JSON file
  (`name.json` or `name.txt.json`) with metadata fields.
- `.jsonl`, `.ndjson`: one JSON object per line; `.json`: one object or an array of objects.
- `.html`, `.htm`: main text extracted with trafilatura; title/date/url from the page.
Metadata fields (JSON and front matter): `text` (also `content`, `body`), `title`,
`url` (also `uri`, `link`), `published_at` (also `date`, `published`), `source`, `lang`.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kronika.ingest.budget import BudgetExceeded, time_budget
from kronika.ingest.decode import DecodeError, decode_bytes
from kronika.ingest.records import RawRecord, RejectRecord, excerpt_of

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
HTML_SUFFIXES = (".html", ".htm")
ALL_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES + HTML_SUFFIXES
TEXT_FIELDS = ("text", "content", "body")
META_ALIASES = {
    "title": ("title", "headline"),
    "uri": ("url", "uri", "link"),
    "published_at": ("published_at", "date", "published", "datetime"),
    "source": ("source", "publisher", "site"),
    "lang": ("lang", "language"),
}

Record = RawRecord | RejectRecord


@dataclass(frozen=True)
class Limits:
    """Resource limits (documented in docs/ingest.md; configurable from the CLI)."""

    max_record_bytes: int = 10_000_000  # one article's raw bytes (or one JSONL line)
    max_file_bytes: int = 512_000_000  # a whole file after decompression
    max_seconds_per_article: float = 60.0  # processing budget of one article


class InputTooLarge(Exception):
    pass


def base_suffix(path: Path) -> tuple[str, bool]:
    """('.jsonl', True) for 'x.jsonl.gz'; suffixes lower-cased."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    dot = name.rfind(".")
    return (name[dot:] if dot > 0 else ""), gz


def read_bytes(path: Path, gz: bool, limit: int) -> bytes:
    """Read a file, decompressing gzip with a hard bound (a gzip bomb stops at `limit`).

    A gzip file may hold several members (`cat a.gz b.gz`); all of them are read.
    """
    with path.open("rb") as fh:
        if not gz:
            data = fh.read(limit + 1)
        else:
            decompressor = zlib.decompressobj(wbits=47)  # gzip or zlib header, auto-detected
            chunks, size = [], 0
            pending = fh.read(1 << 16)
            while pending:
                part = decompressor.decompress(pending, limit + 1 - size)
                chunks.append(part)
                size += len(part)
                if size > limit or decompressor.unconsumed_tail:
                    raise InputTooLarge(f"decompresses to more than {limit} bytes")
                if decompressor.eof:  # a next member, or nothing (zero padding is ignored)
                    rest = decompressor.unused_data or fh.read(1 << 16)
                    pending = rest.lstrip(b"\0")
                    if pending:
                        decompressor = zlib.decompressobj(wbits=47)
                else:
                    pending = fh.read(1 << 16)
            if not decompressor.eof:
                raise EOFError("gzip stream is truncated")
            data = b"".join(chunks)
    if len(data) > limit:
        raise InputTooLarge(f"larger than {limit} bytes")
    return data


def pick(meta: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = meta.get(name)
        if value not in (None, ""):
            return value
    return None


def clean_meta(raw: dict[str, Any]) -> dict[str, Any]:
    """Known metadata fields under their canonical names; values kept as given."""
    meta = {key: pick(raw, names) for key, names in META_ALIASES.items()}
    return {key: value for key, value in meta.items() if value is not None}


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter between '---' lines at the very start; raises ValueError if broken."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        raise ValueError("front matter has no closing '---' line")
    meta = yaml.safe_load(text[4:end]) or {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    body_start = text.find("\n", end + 4)
    return meta, (text[body_start + 1 :] if body_start >= 0 else "")


def sidecar_paths(path: Path) -> list[Path]:
    return [path.with_name(path.name + ".json"), path.with_suffix(".json")]


def read_sidecar(path: Path) -> dict[str, Any]:
    for candidate in sidecar_paths(path):
        if candidate.is_file() and candidate != path:
            meta = json.loads(candidate.read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError(f"{candidate.name} is not a JSON object")
            return meta
    return {}


def _reject(
    uri: str, index: int, reason: str, message: str, raw: bytes | str = b""
) -> RejectRecord:
    return RejectRecord(uri, index, reason, message, excerpt_of(raw))


def _text_record(path: Path, uri: str, data: bytes) -> Iterator[Record]:
    try:
        text = decode_bytes(data).text
    except DecodeError as exc:
        yield _reject(uri, 0, exc.reason, exc.message, data)
        return
    try:
        front, body = split_front_matter(text)
        meta = {**read_sidecar(path), **front}
    except (ValueError, yaml.YAMLError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield _reject(uri, 0, "bad_metadata", f"metadata does not parse: {exc}", text)
        return
    yield RawRecord(uri, 0, body, clean_meta(meta))


def _html_record(path: Path, uri: str, data: bytes, limits: Limits) -> Iterator[Record]:
    import trafilatura

    try:
        html = decode_bytes(data).text
    except DecodeError as exc:
        yield _reject(uri, 0, exc.reason, exc.message, data)
        return
    budget = limits.max_seconds_per_article
    try:
        with time_budget(budget):  # hostile markup must not hang the run
            # favor_precision: navigation, <noscript> notices and other boilerplate alone are
            # not an article (without it a page of scripts and a menu became one).
            extracted = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True)
            doc = extracted.as_dict() if extracted is not None else None
    except BudgetExceeded:
        yield _reject(uri, 0, "timeout", f"HTML extraction took over {budget:g} s", html)
        return
    except Exception as exc:  # trafilatura raises many types on broken markup
        yield _reject(uri, 0, "no_main_text", f"HTML extraction failed: {exc}", html)
        return
    if not doc or not (doc.get("text") or "").strip():
        yield _reject(uri, 0, "no_main_text", "the page has no extractable main text", html)
        return
    meta = {
        "title": doc.get("title"),
        "url": doc.get("url"),
        "date": doc.get("date"),
        "source": doc.get("sitename"),
    }
    try:
        meta.update(read_sidecar(path))
    except (ValueError, json.JSONDecodeError) as exc:
        yield _reject(uri, 0, "bad_metadata", f"sidecar does not parse: {exc}", html)
        return
    yield RawRecord(uri, 0, doc["text"], clean_meta(meta))


def record_from_object(uri: str, index: int, obj: Any, raw: bytes | str) -> Record:
    if not isinstance(obj, dict):
        return _reject(uri, index, "not_an_object", f"a JSON {type(obj).__name__}", raw)
    text = pick(obj, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        return _reject(uri, index, "missing_text", "no non-empty string in text/content/body", raw)
    return RawRecord(uri, index, text, clean_meta(obj))


def parse_json(raw: bytes) -> Any:
    """json.loads that reports deep nesting as a parse error instead of crashing."""
    try:
        return json.loads(raw)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc


def _jsonl_records(
    uri: str, data: bytes, limits: Limits, start: int, stop: int | None
) -> Iterator[Record]:
    for index, line in enumerate(data.split(b"\n")):
        if index < start or not line.strip():
            continue
        if stop is not None and index >= stop:
            break
        if len(line) > limits.max_record_bytes:
            yield _reject(uri, index, "too_large", f"line of {len(line)} bytes", line)
            continue
        try:
            obj = parse_json(line)
        except (ValueError, UnicodeDecodeError) as exc:
            yield _reject(uri, index, "malformed_json", f"line does not parse: {exc}", line)
            continue
        yield record_from_object(uri, index, obj, line)


def _json_records(uri: str, data: bytes) -> Iterator[Record]:
    try:
        obj = parse_json(data)
    except (ValueError, UnicodeDecodeError) as exc:
        yield _reject(uri, 0, "malformed_json", f"file does not parse: {exc}", data)
        return
    items = obj if isinstance(obj, list) else [obj]
    for index, item in enumerate(items):
        yield record_from_object(uri, index, item, json.dumps(item, ensure_ascii=False)[:400])


def count_records(path: Path, limits: Limits) -> int:
    """Records a file will yield (JSONL: non-blank lines); 1 for single-record formats."""
    suffix, gz = base_suffix(path)
    if suffix not in JSONL_SUFFIXES:
        return 1
    try:
        data = read_bytes(path, gz, limits.max_file_bytes)
    except (OSError, InputTooLarge, zlib.error, EOFError, gzip.BadGzipFile):
        return 1  # reading again will produce the reject
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(1, lines)


def read_input(
    path: Path, uri: str, limits: Limits, start: int = 0, stop: int | None = None
) -> Iterator[Record]:
    """All records of one input file (records [start, stop) for JSONL), or rejects."""
    suffix, gz = base_suffix(path)
    if suffix not in ALL_SUFFIXES:
        yield _reject(uri, 0, "unknown_format", f"no reader for '{path.name}'")
        return
    single = suffix not in JSONL_SUFFIXES + JSON_SUFFIXES
    limit = limits.max_record_bytes if single else limits.max_file_bytes
    try:
        data = read_bytes(path, gz, limit)
    except InputTooLarge as exc:
        reason = "decompression_limit" if gz else "too_large"
        yield _reject(uri, 0, reason, str(exc))
        return
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        yield _reject(uri, 0, "unreadable", f"broken gzip: {exc}")
        return
    except OSError as exc:
        yield _reject(uri, 0, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
        return
    if suffix in JSONL_SUFFIXES + JSON_SUFFIXES:
        records = (
            _jsonl_records(uri, data, limits, start, stop)
            if suffix in JSONL_SUFFIXES
            else _json_records(uri, data)
        )
        yielded = False
        for record in records:
            yielded = True
            yield record
        if not yielded and start == 0:  # an empty file is an input too: never drop it silently
            yield _reject(uri, 0, "empty", "the file holds no records", data)
    elif suffix in HTML_SUFFIXES:
        yield from _html_record(path, uri, data, limits)
    else:
        yield from _text_record(path, uri, data)
