"""Quotation-mark pairing for the quotes extractor (docs/quotes.md).

``find_quote_pairs(text)`` pairs opening and closing marks of every style used in Latvian and
English news: ``"…"``, ``„…“``, ``„…”``, ``“…”``, ``«…»``, ``‘…’``. Only the outermost pair of
a nest becomes a candidate; inner pairs stay part of its text. Pairing stays inside one
paragraph (a line), except for the English convention of a quote running over paragraphs:
no closing mark at the end of a paragraph and an opening mark at the start of the next one;
then the pair runs on to the final closing mark.

A mark that finds no partner (a closing mark with nothing open, an opening mark still open at
the end of its paragraph) is *unbalanced*: counted in ``QuotePairs.unbalanced`` and skipped,
never guessed into a quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# opening mark -> closing marks that end it
CLOSERS = {
    "„": ("“", "”", '"'),
    "“": ("”",),
    "«": ("»",),
    "‘": ("’",),
    '"': ('"',),
    "‹": ("›",),
}
_OPEN_ONLY = {"„", "«", "‹"}
_CLOSE_ONLY = {"”", "»", "›"}
QUOTE_CHARS = frozenset('"„“”«»‘‹›')  # ’ is left out: it is mostly an apostrophe
MAX_RUN_ON = 3  # paragraphs a quote may run on without a closing mark
_SPACE_OR_OPEN = set(" \t\u00a0\n([{—–-/") | set(CLOSERS)


@dataclass(frozen=True)
class MarkPair:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark
    # True when the pair spans paragraphs (continuation convention)
    multi_paragraph: bool = False

    @property
    def content(self) -> tuple[int, int]:
        return self.open + 1, self.close


@dataclass
class QuotePairs:
    pairs: list[MarkPair] = field(default_factory=list)  # outermost pairs, in text order
    inner: list[MarkPair] = field(default_factory=list)  # pairs nested inside another pair
    unbalanced: int = 0  # marks that found no partner (skipped)


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, i: int, stack: list[tuple[str, int]]) -> str:
    """'open', 'close' or 'skip' for the mark at text[i], given what is open."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    open_chars = [c for c, _ in stack]
    if ch in _OPEN_ONLY:
        return "open"
    if ch in _CLOSE_ONLY:
        return "close"
    if ch == "“":  # closes „ (Latvian, German style), opens otherwise (English style)
        return "close" if open_chars and open_chars[-1] == "„" else "open"
    if ch == "‘":
        return "open" if before in _SPACE_OR_OPEN else "skip"
    if ch == "’":  # an apostrophe unless it can close an open ‘
        if "‘" in open_chars and not _is_letter(after):
            return "close"
        return "skip"
    if ch == '"':
        if open_chars and open_chars[-1] in ('"', "„"):
            return "close"
        if before in _SPACE_OR_OPEN or i == 0:
            return "open"
        if not _is_letter(after):
            return "close"
        return "open"
    return "skip"


def _matches(opener: str, closer: str) -> bool:
    return closer in CLOSERS.get(opener, ())


def _next_paragraph_opener(text: str, newline: int, opener: str) -> int | None:
    """Where a quote still open at the end of a paragraph continues, if it does: at the
    opening mark that starts the next paragraph (English convention), or at the next
    paragraph itself when the next quotation mark within MAX_RUN_ON paragraphs has the shape
    of a closing mark (after a letter or punctuation, before a space or the end)."""
    j = newline
    while j < len(text) and text[j] in "\n\r \t\u00a0":
        j += 1
    if j < len(text) and text[j] == opener:
        return j
    paragraphs = 0
    for k in range(j, len(text)):
        ch = text[k]
        if ch == "\n":
            paragraphs += 1
            if paragraphs >= MAX_RUN_ON:
                return None
        elif ch in CLOSERS.get(opener, ()) or ch in CLOSERS or ch in _CLOSE_ONLY:
            closing_shape = k > 0 and not text[k - 1].isspace()
            after = text[k + 1] if k + 1 < len(text) else " "
            if closing_shape and not after.isalnum() and ch in CLOSERS.get(opener, ()):
                return j - 1
            return None
    return None


def find_quote_pairs(text: str) -> QuotePairs:
    result = QuotePairs()
    stack: list[tuple[str, int]] = []
    multi = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            if stack:
                cont = _next_paragraph_opener(text, i, stack[0][0]) if len(stack) == 1 else None
                if cont is not None:  # quote runs on into the next paragraph
                    multi = True
                    i = cont + 1
                    continue
                result.unbalanced += len(stack)
                stack.clear()
            multi = False
            i += 1
            continue
        if ch in CLOSERS or ch in _CLOSE_ONLY or ch == "’":
            role = _classify(text, i, stack)
            if role == "open":
                stack.append((ch, i))
            elif role == "close":
                _close(result, stack, ch, i, multi)
                if not stack:
                    multi = False
        i += 1
    result.unbalanced += len(stack)
    result.pairs.sort(key=lambda p: p.open)
    result.inner.sort(key=lambda p: p.open)
    return result


def _close(result: QuotePairs, stack: list[tuple[str, int]], ch: str, i: int, multi: bool) -> None:
    """Close the innermost open mark `ch` can end; marks left open above it are unbalanced."""
    for depth in range(len(stack) - 1, -1, -1):
        if _matches(stack[depth][0], ch):
            result.unbalanced += len(stack) - 1 - depth
            _, start = stack[depth]
            del stack[depth:]
            pair = MarkPair(start, i, multi and not stack)
            (result.inner if stack else result.pairs).append(pair)
            return
    result.unbalanced += 1  # a closing mark with nothing to close
