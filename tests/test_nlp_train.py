"""Smoke training through `kronika train` on a tiny slice (seconds, not minutes).

The slice is tests/data/corpora (the first sentences of the Latvian UD files and a few lexicon
rows, see tests/data/README.md), so the test needs nothing outside the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kronika.cli import app
from kronika.nlp import train as T

FIXTURE = Path(__file__).resolve().parent / "data" / "corpora"


@pytest.mark.flow
def test_nlp_train_smoke(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(T, "DATA_DIR", FIXTURE)
    out, work = tmp_path / "model", tmp_path / "work"
    result = CliRunner().invoke(
        app,
        [
            "train",
            "lv",
            "--limit",
            "120",
            "--max-steps",
            "2",
            "--out",
            str(out),
            "--work",
            str(work),
            "--no-evaluate",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "config.cfg").exists() and (out / "split.json").exists()
    training = json.loads((out / "training.json").read_text())
    assert training["seed"] == 42 and training["limit"] == 120
    assert training["data"] == {
        "corpora/ud/lv-train.conllu": T.sha256_file(FIXTURE / "ud" / "lv-train.conllu"),
        **{
            f"data/lexicons/{p.name}": T.sha256_file(p)
            for p in sorted((FIXTURE / "lexicons").glob("*.tsv"))
        },
    }
    assert "Training record" in (out / "README.md").read_text()

    import spacy

    from kronika.nlp import components  # noqa: F401

    nlp = spacy.load(out)
    assert nlp.pipe_names[-2:] == ["kronika_ent_fix", "kronika_lemma_fix"]
    assert nlp("Rīgā 2024. gadā").text == "Rīgā 2024. gadā"


def _sentences(path: Path) -> list[str]:
    return [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]


@pytest.mark.parametrize("name", ["lv-train.conllu", "lv-dev.conllu"])
def test_fixture_is_a_verbatim_slice_of_the_corpus(name: str, corpora: Path) -> None:
    """The fixture is the corpus' first sentences, unchanged (so its licence note holds)."""
    fixture = _sentences(FIXTURE / "ud" / name)
    assert 100 <= len(fixture) <= 300
    assert _sentences(corpora / "ud" / name)[: len(fixture)] == fixture
