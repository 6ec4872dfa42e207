"""What readers produce: raw article records and reject records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXCERPT_CHARS = 200


@dataclass
class RawRecord:
    """One article as read from an input, before normalisation."""

    input_uri: str
    record_index: int
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class RejectRecord:
    """An input record that cannot become an article, with a reason code (schemas.rejects)."""

    input_uri: str
    record_index: int
    reason: str
    message: str
    excerpt: str = ""


def excerpt_of(data: bytes | str, limit: int = EXCERPT_CHARS) -> str:
    """A short, printable excerpt; undecodable bytes are escaped, never dropped."""
    if isinstance(data, bytes):
        data = data[: limit * 4].decode("utf-8", errors="backslashreplace")
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else f"\\x{ord(ch):02x}" for ch in data)
    return text[:limit]
