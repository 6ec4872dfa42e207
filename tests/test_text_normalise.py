import pytest
from hypothesis import given
from hypothesis import strategies as st

from kronika.text.normalise import normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tokija\u0304", "Tokijā"),  # combining macron -> NFC
        ("a\r\nb\rc", "a\nb\nc"),
        ("a \t\u00a0 b", "a b"),
        ("  a  \n\n\n\n  b  ", "a\n\nb"),
        ("a\x00b\x07c", "a b c"),
        ("", ""),
        (" \n\t ", ""),
    ],
)
def test_normalise_text_cleans_unicode_and_whitespace(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@given(st.text())
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.text())
def test_normalise_text_has_no_edge_or_double_spaces(text: str) -> None:
    out = normalise_text(text)
    assert out == out.strip()
    assert "  " not in out and "\n\n\n" not in out and "\r" not in out
