"""Generate the hostile input corpus (issue 6) into a folder; nothing large is committed.

    python tests/data/bad/make_corpus.py /tmp/bad     # writes /tmp/bad/inbox/...

`build(root)` writes `root/inbox/` and returns EXPECTED: for each input file (name inside
inbox), the outcome of each record: "article", "duplicate" or a reject reason code. Files the
pipeline never sees as inputs (a folder symlink loop) are listed in NOT_INPUTS. Some cases
depend on the machine and say so in CAVEATS (read by tests/test_reliability_corpus.py and
docs/reliability.md).
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
import sys
import zlib
from pathlib import Path

LV = (
    "Rīga ir Latvijas galvaspilsēta. Dānijas vēstnieks Japānā sacīja, ka Ķīnas draudi pieaug. "
    "Ļoti svarīgi, ņemot vērā ģeopolitisko situāciju, teica Ēriks Žagars."
)
LV2 = "Valdība otrdien apstiprināja budžetu. Saeima to skatīs nākamnedēļ. Opozīcija iebilst."
EN = "The minister said on Tuesday that the budget would pass. Critics disagreed sharply."
RU = "Министр заявил во вторник, что бюджет будет принят. Критики не согласны."
HUGE_BYTES = 50_000_000  # the 50 MB article (the default record limit is 10 MB)
BOMB_BYTES = 64 * 1024 * 1024  # what the gzip bomb expands to (6x the default record limit)

EXPECTED: dict[str, dict[int, str]] = {}
# Text an article must hold (a substring of articles.text) - proves the decoding is right.
TEXT_HAS: dict[str, str] = {}
NOT_INPUTS = ["dir_loop"]  # a symlinked folder is not followed (it could loop): not an input
CAVEATS: dict[str, str] = {}


def _put(inbox: Path, name: str, data: bytes | str, outcome: dict[int, str] | str) -> Path:
    path = inbox / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    EXPECTED[name] = outcome if isinstance(outcome, dict) else {0: outcome}
    return path


def _gzip_bomb(path: Path, size: int) -> None:
    """One gzip member of `size` zero bytes (about 1000:1), written in constant memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(compressor.compress(block))
        fh.write(compressor.flush())


def _encodings(inbox: Path) -> None:
    utf8 = LV.encode("utf-8")
    _put(inbox, "enc/invalid_utf8.txt", utf8[:40] + b"\xc3\x28" + utf8[40:], "article")
    TEXT_HAS["enc/invalid_utf8.txt"] = "vēstnieks Japānā sacīja"
    _put(inbox, "enc/truncated_utf8.txt", (LV2 + " Ā").encode("utf-8")[:-1], "article")
    TEXT_HAS["enc/truncated_utf8.txt"] = LV2
    noise = bytes(random.Random(6).choice(range(0x80, 0x100)) for _ in range(3000))
    _put(inbox, "enc/invalid_utf8_noise.txt", noise, "undecodable")
    _put(inbox, "enc/utf16_bom.txt", LV2.encode("utf-16"), "article")
    TEXT_HAS["enc/utf16_bom.txt"] = LV2
    _put(inbox, "enc/utf16le_no_bom.txt", (LV + " Pirmais.").encode("utf-16-le"), "article")
    TEXT_HAS["enc/utf16le_no_bom.txt"] = LV + " Pirmais."
    _put(inbox, "enc/utf16be_no_bom.txt", (LV + " Otrais.").encode("utf-16-be"), "article")
    TEXT_HAS["enc/utf16be_no_bom.txt"] = LV + " Otrais."
    _put(
        inbox,
        "enc/utf8_bom_crlf.txt",
        codecs.BOM_UTF8 + (EN + "\r\nSecond line.\r\n").encode(),
        "article",
    )
    TEXT_HAS["enc/utf8_bom_crlf.txt"] = EN + "\nSecond line."
    _put(inbox, "enc/windows1257.txt", LV.encode("cp1257"), "article")
    TEXT_HAS["enc/windows1257.txt"] = LV
    # The same article in UTF-8: decoding both right makes them the same text.
    _put(inbox, "enc/windows1257_as_utf8.txt", LV.encode("utf-8"), "duplicate")
    one_nul = ("Teksts ar vienu NUL baitu. " + LV).encode() + b"\x00" + b" Beigas."
    _put(inbox, "enc/nul_byte.txt", one_nul, "article")
    TEXT_HAS["enc/nul_byte.txt"] = "Teksts ar vienu NUL baitu."
    _put(inbox, "enc/nul_heavy.txt", b"a\x00b\x00c\x00\x00\x00d" * 300, "binary")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(7).randbytes(4000)
    _put(inbox, "enc/binary_named.txt", png, "binary")


def _shapes(inbox: Path) -> None:
    _put(inbox, "shape/empty.txt", b"", "empty")
    _put(inbox, "shape/whitespace.txt", " \n\t\r\n \u00a0\u2003\n\n  ", "empty")
    _put(inbox, "shape/empty.jsonl", b"", "empty")
    _put(inbox, "shape/blank_lines.jsonl", b"\n\n  \n", "empty")
    with (inbox / "shape").joinpath("huge_50mb.txt").open("wb") as fh:
        line = ("Garš raksts bez gala. " * 40 + "\n").encode()
        for _ in range(HUGE_BYTES // len(line) + 1):
            fh.write(line)
    EXPECTED["shape/huge_50mb.txt"] = {0: "too_large"}
    lines = [
        json.dumps({"text": "JSONL raksts. " + LV2, "lang": "lv", "url": "https://x.lv/1"}),  # 0
        '{"text": "Nepabeigta rinda',  # 1: truncated
        "[1, 2, 3]",  # 2
        '"tikai virkne"',  # 3
        "null",  # 4
        json.dumps({"title": "bez teksta"}),  # 5
        json.dumps({"text": "   "}),  # 6
        json.dumps({"text": 42}),  # 7
        "",  # 8: blank, not a record
        json.dumps({"content": EN, "url": "https://example.com/2"}),  # 9
        '{"text": "slikti baiti \xff\xfe"}',  # 10: invalid UTF-8 inside JSON (escaped below)
        "[" * 100_000,  # 11: nested too deep
        '{"text": "pēdējā rinda bez beigām',  # 12: truncated at end of file, no newline
    ]
    data = "\n".join(lines).encode("utf-8").replace("\xff\xfe".encode(), b"\xff\xfe")
    outcomes = [
        "article",
        "malformed_json",
        "not_an_object",
        "not_an_object",
        "not_an_object",
        "missing_text",
        "missing_text",
        "missing_text",
        None,
        "article",
        "malformed_json",
        "malformed_json",
        "malformed_json",
    ]
    _put(inbox, "shape/broken.jsonl", data, {i: o for i, o in enumerate(outcomes) if o})
    _put(inbox, "shape/deep_array.json", "[" * 200_000 + "]" * 200_000, "malformed_json")
    deep_object = '{"a": ' * 100_000 + "1" + "}" * 100_000
    _put(inbox, "shape/deep_object.json", deep_object, "malformed_json")
    nested_ok = {
        "text": "Dziļi ligzdots, bet derīgs raksts.",
        "extra": json.loads("[" * 200 + "]" * 200),
    }
    _put(inbox, "shape/nested_ok.json", json.dumps(nested_ok), "article")
    mixed = json.dumps([{"text": "Masīva pirmais raksts."}, 7, {"body": ""}, {"body": "Trešais."}])
    _put(
        inbox,
        "shape/array.json",
        mixed,
        {0: "article", 1: "not_an_object", 2: "missing_text", 3: "article"},
    )
    scripts = (
        "<html><head><title>x</title><style>body{color:red}</style>"
        "<script>for(;;){}</script></head><body><nav><a href='/'>Sākums</a></nav>"
        "<script>document.write('<p>' + 'a'.repeat(5000) + '</p>')</script>"
        "<noscript>Ieslēdziet JavaScript</noscript></body></html>"
    )
    _put(inbox, "shape/scripts_only.html", scripts, "no_main_text")
    _put(
        inbox,
        "shape/broken_front_matter.md",
        "---\ntitle: [nav aizvērts\n---\nTeksts.",
        "bad_metadata",
    )
    _put(inbox, "shape/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "unknown_format")


def _compressed(inbox: Path) -> None:
    (inbox / "gz").mkdir(parents=True, exist_ok=True)
    _gzip_bomb(inbox / "gz" / "bomb.txt.gz", BOMB_BYTES)
    EXPECTED["gz/bomb.txt.gz"] = {0: "decompression_limit"}
    _put(inbox, "gz/truncated.txt.gz", gzip.compress(LV2.encode() * 50)[:-20], "unreadable")
    members = gzip.compress(json.dumps({"text": "Pirmais loceklis."}).encode() + b"\n")
    members += gzip.compress(json.dumps({"text": "Otrais loceklis."}).encode() + b"\n")
    _put(inbox, "gz/two_members.jsonl.gz", members, {0: "article", 1: "article"})


def _filesystem(inbox: Path) -> None:
    links = inbox / "fs"
    links.mkdir(parents=True, exist_ok=True)
    (links / "loop_self.txt").symlink_to("loop_self.txt")
    (links / "loop_a.txt").symlink_to("loop_b.txt")
    (links / "loop_b.txt").symlink_to("loop_a.txt")
    (links / "dangling.txt").symlink_to("does_not_exist.txt")
    (links / "dir_loop").symlink_to(".", target_is_directory=True)
    for name in ("loop_self.txt", "loop_a.txt", "loop_b.txt", "dangling.txt"):
        EXPECTED[f"fs/{name}"] = {0: "unreadable"}
    os.mkfifo(links / "fifo.txt")
    EXPECTED["fs/fifo.txt"] = {0: "not_a_file"}
    # A file the reader cannot read: an I/O error (reading /proc/self/mem at offset 0 fails with
    # EIO for everyone, root included), and a chmod 000 file.
    if Path("/proc/self/mem").exists():
        (links / "io_error.txt").symlink_to("/proc/self/mem")
        EXPECTED["fs/io_error.txt"] = {0: "unreadable"}
    locked = _put(inbox, "fs/chmod_000.txt", "Slepens raksts, ko nevar izlasīt.", "unreadable")
    locked.chmod(0o000)
    if os.geteuid() == 0:  # root ignores permission bits: the file is read like any other
        EXPECTED["fs/chmod_000.txt"] = {0: "article"}
        CAVEATS["fs/chmod_000.txt"] = (
            "running as root, which reads a chmod 000 file: it becomes an article; "
            "the unreadable path is covered by fs/io_error.txt (EIO)"
        )


def _texts(inbox: Path) -> None:
    mixed = f"{LV} {EN}\n{RU}\n{LV2} Labi, OK, хорошо."
    _put(inbox, "text/mixed_language.txt", mixed, "article")
    words = ["vārds", "cits", "garāks", "teksts", "bez", "pieturzīmēm", "un", "rindu", "beigām"]
    no_punct = " ".join(words[i % len(words)] for i in range(4000))
    _put(inbox, "text/no_punctuation.txt", no_punct, "article")
    long_tokens = (
        "Sākums. "
        + "ā" * 300_000
        + " https://example.lv/"
        + "x/" * 20_000
        + " "
        + "".join(chr(0x1F600 + i % 50) for i in range(20_000))
        + " Beigas."
    )
    _put(inbox, "text/long_tokens.txt", long_tokens, "article")
    rtl = (
        "مرحبا بالعالم. هذا نص عربي طويل بما يكفي لاختبار الاتجاه.\n"
        "שלום עולם! זהו טקסט בעברית.\n"
        "\u202eṭxet desrever\u202c \u200fמעורב\u200e mixed 😀 👨\u200d👩\u200d👧\u200d👦 "
        "🇱🇻 🏳️\u200d🌈 "
        "e\u0301 (combining) \U0001f9d1\U0001f3fd\u200d\U0001f4bb."
    )
    _put(inbox, "text/rtl_emoji.txt", rtl, "article")
    TEXT_HAS["text/rtl_emoji.txt"] = "שלום עולם!"


def build(root: Path) -> dict[str, dict[int, str]]:
    """Write the corpus under root/inbox; return the expected outcome of each record."""
    EXPECTED.clear()
    TEXT_HAS.clear()
    CAVEATS.clear()
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    _encodings(inbox)
    _shapes(inbox)
    _compressed(inbox)
    _filesystem(inbox)
    _texts(inbox)
    return dict(EXPECTED)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-corpus")
    expected = build(target)
    print(f"{sum(len(v) for v in expected.values())} records in {len(expected)} files -> {target}")
