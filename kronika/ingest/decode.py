"""Bytes -> text, deciding the encoding or refusing with a reason.

Order: BOMs (UTF-8, UTF-16, UTF-32), strict UTF-8, BOM-less UTF-16 recognised by its NUL
pattern, a binary check, UTF-8 with a few broken bytes (replaced by U+FFFD), then a statistical
guess restricted to the single-byte encodings of the languages we meet (Baltic first). A guess
that is not clearly readable is refused.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

# Single-byte encodings tried when UTF-8 fails; Windows-1257 is Baltic (Latvian, Lithuanian).
FALLBACK_ENCODINGS = ("cp1257", "cp1251", "cp1252", "iso8859_13", "koi8_r", "iso8859_4")
# A guess is accepted when at least this share of its non-ASCII characters is expected.
MIN_PLAUSIBILITY = 0.9
# UTF-8 with broken bytes (a crawler cut a character, one corrupt byte) is still UTF-8 when the
# broken sequences are rare (at most one per this many bytes, at least one allowed) and the text
# holds at least twice as many valid multi-byte characters. Single-byte text (Windows-1257) has
# almost no valid multi-byte sequences, so it never takes this path.
INVALID_UTF8_BYTES_PER_ERROR = 1000
# A single-byte guess must look like words: random high bytes decode to "letters" in Cyrillic
# code pages but have almost no spaces. Texts this long need words this short on average.
MIN_CHARS_FOR_WORD_CHECK = 40
MAX_MEAN_WORD_CHARS = 25
# Decoded text with more than this share of control/unassigned characters is binary.
MAX_UNREADABLE = 0.02
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly Latin script has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.01


# Letters we expect in news text beyond ASCII: Latvian, Lithuanian, Estonian, German, Polish
# and Cyrillic. A wrong single-byte guess shows up as other accented letters and symbols.
_EXPECTED = set(
    "āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽąęėįųĄĘĖĮŲõäöüÕÄÖÜßłśźżćńóŁŚŹŻĆŃÓéèàçâêîôûëïùÉÈÀÇñÑáíúÁÍÚ“”„«»–—’‘…€°№"
)


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _plausibility(text: str) -> float:
    """Share of words with non-ASCII characters that look right (1.0 = all).

    A word looks right when its non-ASCII characters are expected letters and it does not mix
    Cyrillic with Latin letters (a Latin text decoded as cp1251 gives "Cafй").
    """
    words = [w for w in text.split() if any(ord(ch) > 127 for ch in w)]
    if not words:
        return 1.0
    good = 0
    for word in words:
        cyrillic = any(_is_cyrillic(ch) for ch in word)
        latin = any(ch.isascii() and ch.isalpha() for ch in word)
        expected = all(
            ord(ch) < 128
            or ch in _EXPECTED
            or _is_cyrillic(ch)
            or (not ch.isalpha() and ch in _EXPECTED)
            for ch in word
        )
        good += expected and not (cyrillic and latin)
    return good / len(words)


def _guess_single_byte(data: bytes) -> Decoded:
    best: Decoded | None = None
    best_score = -1.0
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if score > best_score:
            best, best_score = Decoded(text, encoding), score
    if best is None or best_score < MIN_PLAUSIBILITY or not _has_words(best.text):
        raise DecodeError("undecodable", "bytes are not UTF-8 and no encoding fits them reliably")
    return best


def _has_words(text: str) -> bool:
    if len(text) < MIN_CHARS_FOR_WORD_CHECK:
        return True
    return len(text) / max(1, len(text.split())) <= MAX_MEAN_WORD_CHARS


def _mostly_utf8(data: bytes) -> Decoded | None:
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    if broken <= max(1, len(data) // INVALID_UTF8_BYTES_PER_ERROR) and multibyte >= 2 * broken:
        return Decoded(text, "utf-8-with-replacements")
    return None


def _unreadable_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(
        1
        for ch in sample
        if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in "\n\r\t\f"
    )
    return bad / len(sample)


def decode_bytes(data: bytes) -> Decoded:
    encoding = _bom_encoding(data) or _utf16_without_bom(data)
    decoded = _decode_known(data, encoding)
    if decoded is None:
        if _looks_binary(data):
            raise DecodeError("binary", "the file holds binary data (NUL or control bytes)")
        decoded = _mostly_utf8(data) or _guess_single_byte(data)
    if _unreadable_share(decoded.text) > MAX_UNREADABLE:
        raise DecodeError("binary", f"decoded as {decoded.encoding} but mostly control characters")
    return decoded


def _decode_known(data: bytes, encoding: str | None) -> Decoded | None:
    """Decode by BOM/NUL pattern, else strict UTF-8; None when neither applies."""
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError("undecodable", f"invalid {encoding}: {exc}") from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None
