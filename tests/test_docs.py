"""Docs generated or checked from code stay in step with it."""

from pathlib import Path

from schemas import REJECT_REASONS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_ingest_lists_every_reject_reason() -> None:
    text = (DOCS / "ingest.md").read_text(encoding="utf-8")
    missing = [reason for reason in REJECT_REASONS if f"| `{reason}` |" not in text]
    assert not missing, f"docs/ingest.md lacks reject reasons: {missing}"


def test_docs_data_dictionary_is_generated_from_schemas() -> None:
    from kronika.docs import DICTIONARY_PATH, render_data_dictionary

    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render_data_dictionary(), (
        "docs/DATA_DICTIONARY.md is stale: run `kronika docs`"
    )
