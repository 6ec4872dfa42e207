"""Text normalisation: Unicode NFC and whitespace clean-up, nothing else.

The normalised text is the reference for every character offset Kronika stores, so this function
must be deterministic and idempotent: normalise(normalise(t)) == normalise(t).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# Horizontal white space other than a plain space: tabs, NBSP, thin spaces, ideographic space.
_HSPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# C0/C1 controls left after newline handling (never meaningful in article text).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_MULTI_SPACE = re.compile(r" {2,}")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """NFC; one newline style; spaces collapsed; at most one blank line; no edge white space."""
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub(" ", text)
    text = _HSPACE.sub(" ", text)
    text = _MULTI_SPACE.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
