"""Rule-based sentence splitting that returns spans (code-point offsets into the text).

Right for Latvian ordinals and initials: `2024. gada 5. janvārī`, `E. Rinkēvičs`, `Dž. Baidens`
stay inside one sentence. A line break always ends a sentence (news text keeps one paragraph per
line). Sentences longer than MAX_SENTENCE_CHARS are cut at white space so that downstream
components never see unbounded input.
"""

from __future__ import annotations

import re

MAX_SENTENCE_CHARS = 2000

# Abbreviations (lower-cased, without the final dot) after which a dot does not end a sentence
# when the next word starts with a capital. Latvian and English; keep entries unambiguous.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    u.c utt piem pl g gs t.i t.sk prof doc dr dž nr st ok sk att lpp kpt ģen pulkv plkst milj
    mljrd tūkst apm resp v.tml u.tml sr jr mr mrs ms mx messrs gen gov sen rep rev lt col capt
    sgt cpl fig vol no vs e.g i.e inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov
    dec mt ft
    """.split()  # noqa: SIM905
)

# Latvian quotes are „…“ (opening low „, closing “): “ after a terminator closes a quote,
# „ after white space opens the next sentence's quote.
_TERMINATOR = re.compile(r"[.!?…]+[\"'”’»“)\]]*")
_CLOSERS = "\"'”’»“)]"
_OPENERS = "\"'“‘«(„["


def _word_before(text: str, end: int) -> str:
    """The token that ends right before `end` (letters, digits, dots and hyphens)."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".-"):
        start -= 1
    return text[start:end]


def _next_visible(text: str, pos: int) -> str:
    """First character after the white space at `pos` ('' at end of text)."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return text[pos] if pos < len(text) else ""


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    after = match.end()
    if after < len(text) and text[after] not in " \n":
        return False  # "3.5", "www.lsm.lv", "u.c." inside a token
    nxt = _next_visible(text, after)
    if nxt == "" or nxt == "\n":
        return True
    mark = match.group(0)
    if not mark.startswith("."):
        return nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or not nxt.isalpha()
    # A dot: decide from the word before it and the character after it.
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False  # "2024. gada", "5. janvārī", "piem. tāpēc"
    if any(ch in _CLOSERS for ch in mark):
        return True  # '... reģionā." Vēstnieks'
    word = _word_before(text, match.start())
    core = word.rstrip(".")
    if not core:
        return True
    if len(core) <= 2 and core[0].isupper() and core.isalpha():
        return False  # initials: "E. Rinkēvičs", "Dž. Baidens", "J. R. R."
    if core.lower() in ABBREVIATIONS:
        return False
    # "U.S. Army", "t.i. Kārlis": dotted short parts are abbreviations.
    return not ("." in core and all(len(part) <= 2 for part in core.split(".")))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) covering every non-space character, in order."""
    cuts: list[int] = []
    for line in re.finditer(r"[^\n]+", text):
        for match in _TERMINATOR.finditer(text, line.start(), line.end()):
            if _is_boundary(text, match):
                cuts.append(match.end())
        cuts.append(line.end())
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(set(cuts)):
        trimmed = _trimmed(text, start, cut)
        if trimmed:
            spans.extend(_cut_long(text, *trimmed))
        start = cut
    return spans
