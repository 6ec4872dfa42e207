import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kronika.ingest.discover import discover
from kronika.ingest.readers import Limits, RawRecord, RejectRecord, count_records, read_input

LIMITS = Limits()


def read_all(path: Path, limits: Limits = LIMITS) -> list[RawRecord | RejectRecord]:
    return list(read_input(path, path.name, limits))


def test_read_input_text_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Virsraksts\nlang: lv\ndate: 2024-01-05\n---\nTeksts šeit.\n")
    [record] = read_all(path)
    assert isinstance(record, RawRecord)
    assert record.text == "Teksts šeit.\n"
    assert record.meta["title"] == "Virsraksts" and record.meta["lang"] == "lv"
    assert str(record.meta["published_at"]) == "2024-01-05"


def test_read_input_text_with_sidecar(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Body")
    (tmp_path / "a.json").write_text(json.dumps({"title": "T", "url": "https://x/1"}))
    [record] = read_all(tmp_path / "a.txt")
    assert record.meta == {"title": "T", "uri": "https://x/1"}


def test_read_input_jsonl_mixes_articles_and_rejects(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"text": "Pirmais.", "lang": "lv"}),
        "{not json",
        "[1, 2]",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"content": "Otrais."}),
        "[" * 100_000,
    ]
    path.write_text("\n".join(lines))
    records = read_all(path)
    kinds = [(r.record_index, getattr(r, "reason", "ok")) for r in records]
    assert kinds == [
        (0, "ok"),
        (1, "malformed_json"),
        (2, "not_an_object"),
        (3, "missing_text"),
        (5, "ok"),
        (6, "malformed_json"),
    ]
    assert count_records(path, LIMITS) == 7


def test_read_input_jsonl_slice(tmp_path: Path) -> None:
    path = tmp_path / "a.ndjson"
    path.write_text("".join(json.dumps({"text": f"t{i}"}) + "\n" for i in range(10)))
    records = list(read_input(path, "a", LIMITS, start=3, stop=6))
    assert [r.record_index for r in records] == [3, 4, 5]


def test_read_input_gzip_and_bomb(tmp_path: Path) -> None:
    good = tmp_path / "a.txt.gz"
    good.write_bytes(gzip.compress(b"Sveika, pasaule!"))
    assert read_all(good)[0].text == "Sveika, pasaule!"
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5_000_000))
    [reject] = read_all(bomb, Limits(max_record_bytes=1_000_000))
    assert isinstance(reject, RejectRecord) and reject.reason == "decompression_limit"
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert read_all(broken)[0].reason == "unreadable"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.pdf", b"%PDF-1.4", "unknown_format"),
        ("a.txt", b"\x00\x01\x02\x03" * 100, "binary"),
        ("a.txt", b"x" * 2000, "too_large"),
        ("a.md", b"---\ntitle: [unclosed\n---\nbody", "bad_metadata"),
        ("a.html", b"<html><script>var x=1;</script></html>", "no_main_text"),
        ("a.json", b"{broken", "malformed_json"),
    ],
)
def test_read_input_rejects_with_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [record] = read_all(path, Limits(max_record_bytes=1000))
    assert isinstance(record, RejectRecord)
    assert record.reason == reason and record.message


def test_read_input_html_main_text(tmp_path: Path) -> None:
    paragraph = "NATO gatavojas atvērt sadarbības biroju Tokijā, kas būs pirmais šāda veida birojs."
    html = (
        "<html><head><title>NATO birojs</title></head><body><nav>Izvēlne</nav>"
        f"<article><h1>NATO birojs</h1><p>{paragraph}</p><p>{paragraph}</p></article>"
        "<script>track()</script></body></html>"
    )
    (tmp_path / "a.html").write_text(html)
    [record] = read_all(tmp_path / "a.html")
    assert isinstance(record, RawRecord)
    assert "Tokijā" in record.text and "track()" not in record.text
    assert record.meta.get("title") == "NATO birojs"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=2000),
    suffix=st.sampled_from([".txt", ".jsonl", ".json", ".html", ".md.gz", ".bin"]),
)
def test_read_input_never_raises_on_arbitrary_bytes(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    for record in read_input(path, path.name, LIMITS):
        assert isinstance(record, (RawRecord, RejectRecord))
        if isinstance(record, RejectRecord):
            assert record.reason and record.message is not None


def test_discover_skips_docs_sidecars_and_reports_problems(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("A")
    (root / "a.json").write_text("{}")  # sidecar of a.txt
    (root / "README.md").write_text("docs")
    (root / ".hidden.txt").write_text("x")
    (root / "sub" / "b.jsonl").write_text("{}")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    found = {f.input_uri: f.problem for f in discover([root])}
    assert set(found) == {"inbox/a.txt", "inbox/sub/b.jsonl", "inbox/loop.txt"}
    assert found["inbox/loop.txt"].startswith("unreadable")
