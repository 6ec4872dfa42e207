"""Issue 6: property tests over arbitrary text and bytes for every extractor.

No exception, offsets valid, output validates against its schema. Example counts are bounded
(EXAMPLES) so CI stays fast; the NLP property runs only when a model is shipped in models/lv.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kronika.ingest.decode import DecodeError, decode_bytes
from kronika.ingest.readers import Limits, RawRecord, RejectRecord, read_input
from kronika.pipeline.read import accept as _accept
from kronika.pipeline.rows import BatchRows as _Work
from kronika.pipeline.rows import new_run_id, validate_frames
from kronika.store.parquet import frame_from_rows
from kronika.text.langid import detect_language
from kronika.text.normalise import normalise_text
from kronika.text.sentences import MAX_SENTENCE_CHARS, split_sentences
from schemas import TABLES
from schemas.rejects import REJECT_REASONS

EXAMPLES = 60
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LATVIAN = "āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ"
# Arbitrary text, with news-like pieces mixed in so the interesting paths are hit often.
news_text = st.lists(
    st.one_of(
        st.text(max_size=200),
        st.text(alphabet=LATVIAN + 'abcXYZ .!?…\n"«»()-–0123456789', max_size=200),
        st.sampled_from(["E. Rinkēvičs", "2024. gada 5. janvārī", "u.c.", "Dž. Baidens", "U.S."]),
        st.sampled_from(["\u202e", "\u200d", "👨\u200d👩\u200d👧", "\r\n", "\x00", "\ufeff"]),
    ),
    max_size=12,
).map("".join)


@FAST
@given(text=news_text)
def test_normalise_is_idempotent_and_clean(text: str) -> None:
    clean = normalise_text(text)
    assert normalise_text(clean) == clean
    assert clean == clean.strip()
    assert not any(ch in clean for ch in "\r\t\x00\x0b\x0c\u2028\u2029")


@FAST
@given(text=news_text)
def test_sentence_spans_are_valid_and_cover_the_text(text: str) -> None:
    text = normalise_text(text)
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert end - start <= MAX_SENTENCE_CHARS
        assert text[start:end] == text[start:end].strip()
        previous_end = end
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


@FAST
@given(data=st.binary(max_size=3000))
def test_decode_never_raises_anything_but_a_reasoned_refusal(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        assert exc.reason in REJECT_REASONS and exc.message
    else:
        assert isinstance(decoded.text, str) and decoded.encoding


@FAST
@given(text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_decode_round_trips_text_in_detectable_encodings(text: str, encoding: str) -> None:
    # UTF-16 LE text starting with U+0000 begins FF FE 00 00, the UTF-32 LE BOM: ambiguous.
    assume(not text.startswith("\x00"))
    try:
        decoded = decode_bytes(text.encode(encoding))
    except DecodeError as exc:  # only text that is mostly control characters is refused
        assert exc.reason == "binary"
        return
    assert decoded.text.removeprefix("\ufeff") == text.removeprefix("\ufeff")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
json_lines = st.lists(
    st.one_of(
        json_values.map(json.dumps),
        st.fixed_dictionaries({"text": news_text}, optional={"lang": st.text(max_size=6)}).map(
            json.dumps
        ),
        st.text(max_size=80).filter(lambda s: "\n" not in s),
    ),
    max_size=15,
)


@FAST
@given(lines=json_lines)
def test_jsonl_reader_yields_one_record_per_non_blank_line(
    tmp_path: Path, lines: list[str]
) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    records = list(read_input(path, "fuzz.jsonl", Limits()))
    raw_lines = path.read_bytes().split(b"\n")
    expected = [i for i, line in enumerate(raw_lines) if line.strip()] or [0]
    assert [r.record_index for r in records] == expected
    for record in records:
        assert isinstance(record, (RawRecord, RejectRecord))
        if isinstance(record, RejectRecord):
            assert record.reason in REJECT_REASONS and record.message
        else:
            assert record.text.strip()


@settings(FAST, max_examples=25)  # Pandera validates seven tables per example
@given(text=news_text, declared=st.one_of(st.none(), st.text(max_size=6)))
def test_articles_and_sentences_from_any_text_validate(text: str, declared: str | None) -> None:
    """Reading -> normalisation -> language id -> sentences, then the Pandera contracts."""
    work = _Work(new_run_id(), dt.datetime.now(dt.UTC), seconds_per_article=30)
    meta = {"lang": declared} if declared is not None else {}
    _accept(work, RawRecord("fuzz/in.txt", 0, text, meta), ({}, set()))
    frames = validate_frames(work.frames())
    articles, sentences = frames["articles"], frames["sentences"]
    assert articles.height + frames["rejects"].height == 1
    if articles.height:
        body = articles["text"][0]
        assert articles["n_sentences"][0] == sentences.height
        for start, end in sentences.select("start", "end").iter_rows():
            assert 0 <= start < end <= len(body)
    assert detect_language(text, declared).lang


def _lv_model():  # type: ignore[no-untyped-def]
    from kronika.nlp import load_pipeline

    return load_pipeline("lv")


@pytest.mark.skipif(_lv_model() is None, reason="no Latvian model shipped in models/lv yet")
@settings(max_examples=25, deadline=None)
@given(text=news_text)
def test_annotate_and_mentions_on_any_text_validate(text: str) -> None:
    from kronika.extract.mentions import extract_mentions
    from kronika.nlp import annotate

    text = normalise_text(text)
    if not text:
        return
    starts = [s for s, _ in split_sentences(text)]
    [doc] = annotate([text], "lv")
    rows = extract_mentions(doc, "0123456789abcdef", text, "lv", starts)
    for row in rows:
        assert 0 <= row["start"] < row["end"] <= len(text)
        assert text[row["start"] : row["end"]] == row["surface"]
    frame = frame_from_rows([r | {"run_id": new_run_id()} for r in rows], "mentions")
    TABLES["mentions"].validate(frame, lazy=True)
